#!/usr/bin/env python3
"""English names (PER, ORG, LOC) annotated on the English side of the parallel news.

    python scripts/ner_news.py show news_valid 1 40      # print lines 1-40 (English)
    python scripts/ner_news.py check [FILE ...]          # check annotation files

The annotations live in ``corpus/ner-en/*.jsonl``: one row per sentence, no text (the
sentence is read from ``../shared/data`` through ``parallel_news.SOURCES``), every
mention in text order, as Universal NER tags them::

    {"pair": "news_valid:17", "annotator": "n03",
     "entities": [{"text": "Barack Obama", "type": "PER"}, {"text": "Jakarta", "type": "LOC"}]}

A mention is found at its text's first whole-word occurrence after the previous mention,
so a name said twice is listed twice. PUD sentences are never annotated here: the English NER is
evaluated on UNER English-PUD. Exits 1 naming the file and line of every problem.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import parallel_news
from parallel_news import check_blocks, lines, row_errors, rows, sentence

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "corpus" / "ner-en"
LABELS = ("PER", "ORG", "LOC")
#: every parallel news source with an English side but PUD (the English NER test set), UD
#: English-EWT (already named by Universal NER) and NTREX
SOURCES = tuple(
    s
    for s in parallel_news.SOURCES
    if s not in ("pud", "ntrex") and parallel_news.sides(s) == ("en", "id")
)
Json = dict[str, Any]


def spans(row: Json) -> list[tuple[int, int, str]]:
    """Character spans of a row's mentions in its English sentence; ValueError when one
    is not found after the previous one."""
    text = sentence(row["pair"], "en")
    out, at = [], 0
    for ent in row["entities"]:
        name = ent.get("text") or ""
        m = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)").search(text, at) if name else None
        if m is None:
            raise ValueError(f"{name!r} is not a whole word in the sentence after offset {at}")
        out.append((m.start(), m.end(), ent["type"]))
        at = m.end()
    return out


def check_row(row: Json, where: str) -> list[str]:
    errs = row_errors(row, where, SOURCES)
    if errs is None:
        return [f"{where}: pair {row.get('pair')!r} names no line of {', '.join(SOURCES)}"]
    if not isinstance(row.get("entities"), list):
        return [*errs, f"{where}: needs an entities list"]
    errs += [
        f"{where}.entities[{k}]: type {e.get('type')!r}"
        for k, e in enumerate(row["entities"])
        if e.get("type") not in LABELS
    ]
    try:
        spans(row)
    except ValueError as exc:
        errs.append(f"{where}: {exc}")
    return errs


def check(files: list[Path]) -> int:
    types: Counter[str] = Counter()

    def tally(row: Json) -> None:
        types.update(str(e.get("type")) for e in row.get("entities") or [])

    bad, pairs = check_blocks(files, check_row, tally)
    print(f"sentences: {pairs}, mentions: {dict(sorted(types.items()))}; problems: {bad}")
    return 1 if bad else 0


def bio_sentences(events_held_out: bool = False) -> list[tuple[list[str], list[str]]]:
    """The annotated sentences as NER training data: tokens as warta's English entity
    stage cuts them (possessive 's apart) with BIO tags from the mention spans.

    The sentences of the event models' held-out tenth (``parallel_news.held_out_pair``) are
    left out unless ``events_held_out``: a tagger trained on them would make the English
    event gate read better than unseen text."""
    from warta.stages._ner_project import TOKEN_RE, english_tokens

    out = []
    for row in rows(sorted(FOLDER.glob("*.jsonl"))):
        if not events_held_out and parallel_news.held_out_pair(row["pair"]):
            continue
        text, ments = sentence(row["pair"], "en"), spans(row)
        toks: list[str] = []
        tags: list[str] = []
        prev = -1
        for m in TOKEN_RE.finditer(text):
            at = m.start()
            for piece in english_tokens(m.group()):
                k = next((n for n, (a, b, _t) in enumerate(ments) if a <= at < b), -1)
                toks.append(piece)
                tags.append("O" if k < 0 else ("I-" if k == prev else "B-") + ments[k][2])
                prev, at = k, at + len(piece)
        out.append((toks, tags))
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["show"] and len(argv) == 4:
        for n in range(int(argv[2]), int(argv[3]) + 1):
            print(f"[{argv[1]}:{n}] {lines(argv[1], 'en')[n - 1]}")
        return 0
    if argv[:1] == ["check"]:
        return check([Path(f) for f in argv[1:]] or sorted(FOLDER.glob("*.jsonl")))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
