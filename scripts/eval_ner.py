#!/usr/bin/env python
"""Score warta's NER model on the shared corpora: span-level (exact match, conlleval-style)
precision/recall/F1 per corpus split and per type, plus tagging speed.

    PYTHONPATH=src python scripts/eval_ner.py                 # packaged model, test splits
    PYTHONPATH=src python scripts/eval_ner.py --lang en       # English model, PUD held-out part
    PYTHONPATH=src python scripts/eval_ner.py --split dev --model /tmp/x/ner-id.crfsuite
    PYTHONPATH=src python scripts/eval_ner.py --lang en --against /tmp/old/ner-en.crfsuite
    PYTHONPATH=src python scripts/eval_ner.py --lang en --layer    # the entity layer instead

``--against MODEL`` adds, per corpus, the paired bootstrap difference of overall span F1
(this model minus MODEL): the sentences are resampled with replacement, the same sample for
both models, 1,000 times; the 95% interval says whether the change is more than the noise
of the split.

``--layer`` scores what warta outputs instead of the tagger alone: the entity layer of the
whole pipeline (tagger, lexicons, knowledge base, capitalised sequences, coreference),
each document of the split coded whole (its sentences' tokens joined back into text). The
layer's entities are read as names the way the corpora tag them: PER, ORG, and GPE or LOC
as LOC; NORP, mentions in lower case and demonyms ("British", read as the United Kingdom)
are no names there.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from warta import resources
from warta._api import load_pipeline
from warta._eval_bootstrap import central
from warta.config import load_config
from warta.model import Article, Doc
from warta.stages._crf_ner import CrfNer
from warta.stages._ner_corpus import (
    CORPORA,
    Sentence,
    add_corpus_arguments,
    corpora_for,
    evaluate,
    load_split,
    load_split_documents,
    prf,
    score_tags,
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
    ap.add_argument("--layer", action="store_true", help="score the pipeline's entity layer")
    args = ap.parse_args(argv)
    if args.layer and (args.model or args.against):
        ap.error("--layer scores the packaged pipeline: no --model or --against")

    pipeline = load_pipeline(load_config()) if args.layer else None
    ner = None if args.layer else CrfNer.load(args.model, lang=args.lang)
    other = CrfNer.load(args.against, lang=args.lang) if args.against else None
    results: dict[str, dict[str, object]] = {}
    for c in [c for c in args.corpora.split(",") if c] or corpora_for(args.lang):
        if args.split not in CORPORA[c].splits:
            continue
        if ner is None:
            docs = load_split_documents(args.data, c, args.split)
            results[c] = layer_scores(docs, pipeline, args.lang)
            continue
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


#: tokens written without a space before them when a document's text is rebuilt
_NO_SPACE_BEFORE = frozenset(
    {".", ",", ";", ":", "!", "?", ")", "]", "%", "'s", "’s", "n't", "n’t", "”"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "“", "$"})
#: the entity layer's types, as the name corpora tag them
_AS_NAME = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}


def rebuild_text(sentences: Sequence[Sentence]) -> tuple[str, list[list[tuple[int, int]]]]:
    """A document's text from its sentences' tokens (sentences apart by a blank line) and
    the character offsets of every token."""
    text, offsets = "", []
    for toks, _tags in sentences:
        if text:
            text += "\n\n"
        row = []
        for i, tok in enumerate(toks):
            if i and tok not in _NO_SPACE_BEFORE and toks[i - 1] not in _NO_SPACE_AFTER:
                text += " "
            row.append((len(text), len(text) + len(tok)))
            text += tok
        offsets.append(row)
    return text, offsets


def mention_tags(
    offsets: Sequence[tuple[int, int]], mentions: Sequence[tuple[int, int, str]]
) -> list[str]:
    """BIO tags of one sentence's tokens from character-offset mentions: a mention tags
    the tokens inside it; one that starts or ends inside a token, or overlaps a mention
    already placed, is left out."""
    tags = ["O"] * len(offsets)
    starts = {s: k for k, (s, _e) in enumerate(offsets)}
    ends = {e: k for k, (_s, e) in enumerate(offsets)}
    for start, end, label in sorted(mentions):
        a, b = starts.get(start), ends.get(end)
        if a is None or b is None or b < a or any(t != "O" for t in tags[a : b + 1]):
            continue
        tags[a : b + 1] = [f"B-{label}"] + [f"I-{label}"] * (b - a)
    return tags


@functools.cache
def _demonyms(lang: str) -> frozenset[str]:
    return frozenset(
        d.strip()
        for row in resources.load_tsv(f"{lang}/countries.tsv")
        for d in (row.get("demonyms") or "").split("|")
        if d.strip()
    )


def layer_tags(document: Sequence[Sentence], pipeline: Any, lang: str) -> list[list[str]]:
    """The entity layer's names in one document, as BIO tags of its sentences' tokens."""
    text, offsets = rebuild_text(document)
    doc = pipeline.run(Doc.from_article(Article.create(text, id="ner-eval", language=lang)))
    skip = _demonyms(lang)
    mentions = [
        (m.start, m.end, _AS_NAME[e.type])
        for e in doc.entities
        if e.type in _AS_NAME
        for m in e.mentions
        if text[m.start : m.end] not in skip and not text[m.start : m.end].islower()
    ]
    out = []
    for row in offsets:
        lo, hi = (row[0][0], row[-1][1]) if row else (0, 0)
        out.append(mention_tags(row, [m for m in mentions if lo <= m[0] and m[1] <= hi]))
    return out


def layer_scores(
    documents: Sequence[Sequence[Sentence]], pipeline: Any, lang: str
) -> dict[str, object]:
    """:func:`evaluate`'s scores for the entity layer of ``pipeline``."""
    t0 = time.perf_counter()
    preds = [tags for document in documents for tags in layer_tags(document, pipeline, lang)]
    sents = [s for document in documents for s in document]
    return score_tags(sents, preds, time.perf_counter() - t0)


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
