#!/usr/bin/env python3
"""IndoSum (tokenised paragraphs) -> warta article JSONL on stdout.

    python scripts/indosum_to_jsonl.py ../shared/data/indosum/*.jsonl > indosum.jsonl

Each IndoSum record holds ``paragraphs`` as lists of sentences of tokens. The tokens are
joined back into text (no space before closing punctuation, none after opening brackets,
straight double quotes alternating open/close), paragraphs separated by a newline.
``published`` is the UTC date of the Unix timestamp that prefixes the id
(``1490674536-mustahil-...`` -> 2017-03-28); ``source`` and ``url`` come from the record.
Records are deduplicated by id across files (the folds share articles).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "”", "’", "..."}
NO_SPACE_AFTER = {"(", "[", "{", "“", "‘"}


def detokenise(tokens: Iterable[str]) -> str:
    out: list[str] = []
    open_quote = False
    glue_next = False
    for tok in tokens:
        if tok == '"':
            if open_quote:  # closing quote: attach to the previous token
                out.append(tok)
                glue_next = False
            else:
                if out:
                    out.append(" ")
                out.append(tok)
                glue_next = True
            open_quote = not open_quote
            continue
        if out and not glue_next and tok not in NO_SPACE_BEFORE:
            out.append(" ")
        out.append(tok)
        glue_next = tok in NO_SPACE_AFTER
    text = "".join(out)
    # "27 / 3" (dates), "2 . 500" stay as tokenised except for slashes between numbers
    return re.sub(r"(?<=\d) / (?=\d)", "/", text)


def published(article_id: str) -> str | None:
    m = re.match(r"(\d{9,10})-", article_id)
    if not m:
        return None
    return dt.datetime.fromtimestamp(int(m.group(1)), dt.UTC).date().isoformat()


def convert(paths: Iterable[Path]) -> Iterator[dict[str, object]]:
    seen: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                aid = str(rec["id"])
                if aid in seen:
                    continue
                seen.add(aid)
                # per paragraph, so a quote opened in one sentence closes in a later one
                paragraphs = [
                    detokenise(tok for sent in para for tok in sent) for para in rec["paragraphs"]
                ]
                yield {
                    "id": aid,
                    "published": published(aid),
                    "source": rec.get("source"),
                    "url": rec.get("source_url"),
                    "title": None,
                    "text": "\n".join(p for p in paragraphs if p),
                }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path, help="IndoSum *.jsonl files")
    ap.add_argument("--limit", type=int, default=0, help="stop after N articles")
    args = ap.parse_args(argv)
    n = 0
    for rec in convert(args.files):
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
        if args.limit and n >= args.limit:
            break
    print(f"indosum_to_jsonl: {n} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
