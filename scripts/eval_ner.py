#!/usr/bin/env python
"""Score warta's NER model on the shared corpora: span-level (exact match, conlleval-style)
precision/recall/F1 per corpus split and per type, plus tagging speed.

    PYTHONPATH=src python scripts/eval_ner.py                 # packaged model, test splits
    PYTHONPATH=src python scripts/eval_ner.py --lang en       # English model, PUD held-out part
    PYTHONPATH=src python scripts/eval_ner.py --split dev --model /tmp/x/ner-id.crfsuite
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from warta.stages._crf_ner import CrfNer
from warta.stages._ner_corpus import (
    CORPORA,
    add_corpus_arguments,
    corpora_for,
    evaluate,
    load_split,
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
    args = ap.parse_args(argv)

    ner = CrfNer.load(args.model, lang=args.lang)
    results: dict[str, dict[str, object]] = {}
    for c in [c for c in args.corpora.split(",") if c] or corpora_for(args.lang):
        if args.split in CORPORA[c].splits:
            results[c] = evaluate(ner.tag, load_split(args.data, c, args.split))
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
