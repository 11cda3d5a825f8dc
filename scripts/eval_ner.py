#!/usr/bin/env python
"""Score warta's NER model on the shared corpora: span-level (exact match, conlleval-style)
precision/recall/F1 per corpus split and per type, plus tagging speed.

    PYTHONPATH=src python scripts/eval_ner.py                 # packaged model, test splits
    PYTHONPATH=src python scripts/eval_ner.py --lang en       # English model, PUD held-out part
    PYTHONPATH=src python scripts/eval_ner.py --split dev --model /tmp/x/ner-id.crfsuite
    PYTHONPATH=src python scripts/eval_ner.py --lang en --against /tmp/old/ner-en.crfsuite

``--against MODEL`` adds, per corpus, the paired bootstrap difference of overall span F1
(this model minus MODEL): the sentences are resampled with replacement, the same sample for
both models, 1,000 times; the 95% interval says whether the change is more than the noise
of the split.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from pathlib import Path

from warta._eval_bootstrap import central
from warta.stages._crf_ner import CrfNer
from warta.stages._ner_corpus import (
    CORPORA,
    Sentence,
    add_corpus_arguments,
    corpora_for,
    evaluate,
    load_split,
    prf,
    span_counts,
)

REPO = Path(__file__).resolve().parents[1]


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; prints a Markdown table (or JSON with ``--json``)."""
    ap = argparse.ArgumentParser(description="Evaluate the NER model.")
    add_corpus_arguments(ap, REPO)
    ap.add_argument("--model", type=Path, default=None, help="default: packaged model")
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--corpora", default="", help="default: the language's corpora")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--against", type=Path, default=None, help="paired comparison with MODEL")
    args = ap.parse_args(argv)

    ner = CrfNer.load(args.model, lang=args.lang)
    other = CrfNer.load(args.against, lang=args.lang) if args.against else None
    results: dict[str, dict[str, object]] = {}
    for c in [c for c in args.corpora.split(",") if c] or corpora_for(args.lang):
        if args.split in CORPORA[c].splits:
            sents = load_split(args.data, c, args.split)
            results[c] = evaluate(ner.tag, sents)
            if other is not None:
                results[c]["against"] = paired_difference(ner, other, sents)
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print(f"| corpus ({args.split}) | type | P | R | F1 | gold spans |")
    print("|---|---|---|---|---|---|")
    for c, sc in results.items():
        for typ in ("ALL", "PER", "ORG", "LOC"):
            row = sc.get(typ)
            if isinstance(row, dict):
                print(
                    f"| {c} | {typ} | {row['p']:.4f} | {row['r']:.4f} | {row['f1']:.4f} "
                    f"| {row['n_gold']} |"
                )
    print()
    print("| corpus | sentences | tokens/s | sentences/s |")
    print("|---|---|---|---|")
    for c, sc in results.items():
        print(f"| {c} | {sc['sentences']} | {sc['tokens_per_s']} | {sc['sentences_per_s']} |")
    for c, sc in results.items():
        if "against" in sc:
            print(f"\n{c}: F1 change against {args.against}: {sc['against']}")
    return 0


def _sentence_counts(ner: CrfNer, sents: Sequence[Sentence]) -> list[tuple[int, int, int]]:
    """``(true_pos, n_pred, n_gold)`` of every sentence, all types together."""
    out = []
    for toks, gold in sents:
        row = span_counts([gold], [ner.tag(toks)])["ALL"]
        out.append((row[0], row[1], row[2]))
    return out


def paired_difference(
    ner: CrfNer, other: CrfNer, sents: Sequence[Sentence], resamples: int = 1000, seed: int = 0
) -> dict[str, float]:
    """Overall span F1 of ``ner`` minus that of ``other``, with a paired 95% bootstrap
    interval over the sentences."""
    a, b = _sentence_counts(ner, sents), _sentence_counts(other, sents)

    def f1(rows: Sequence[tuple[int, int, int]], idx: Sequence[int]) -> float:
        tot = [sum(rows[i][k] for i in idx) for k in range(3)]
        return prf(tot)[2]

    every = range(len(sents))
    rng = random.Random(seed)
    diffs = []
    for _ in range(resamples):
        idx = [rng.randrange(len(sents)) for _ in every]
        diffs.append(f1(a, idx) - f1(b, idx))
    lo, hi = central(diffs, 0.95)
    return {"change": round(f1(a, every) - f1(b, every), 4), "low": lo, "high": hi}


if __name__ == "__main__":
    raise SystemExit(main())
