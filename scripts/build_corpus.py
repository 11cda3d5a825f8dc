#!/usr/bin/env python3
"""``make corpus``: gold files with texts from the project's annotations.

    python scripts/build_corpus.py [--out build/corpus] [--shared DIR]

Reads ``corpus/annotations/*.json`` (strings and offsets only), rebuilds each article's
text from the shared folder ($WARTA_SHARED, else ../shared) with
``eval/build_articles.py``, checks every annotation (the same checks as the test suite)
and writes ``train.jsonl``, ``dev.jsonl`` and ``test.jsonl`` in the gold format of
design.md section 7, offsets kept beside the strings. ``../shared/eval/dev`` (tuned on
already) joins train. Exits 1, naming the file, when an annotation is unsound.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from warta import corpus

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "build" / "corpus"))
    ap.add_argument("--shared", help="the shared folder (default: $WARTA_SHARED or ../shared)")
    ap.add_argument("--annotations", default=str(ROOT / "corpus" / "annotations"))
    args = ap.parse_args()
    shared = Path(args.shared) if args.shared else corpus.shared_root(ROOT)
    if shared is None:
        print("build_corpus: the shared folder is missing (set WARTA_SHARED)", file=sys.stderr)
        return 2
    pool = set((shared / "eval" / "pool-ids.txt").read_text(encoding="utf-8").split())
    arts = corpus.pool_articles(shared, pool)
    lines: dict[str, list[dict[str, Any]]] = {s: [] for s in corpus.SPLITS}
    bad = 0
    for path, ann in corpus.iter_annotations(Path(args.annotations)):
        art = arts.get(ann["id"])
        if art is None:
            print(f"{path}: {ann['id']} is not a pool article", file=sys.stderr)
            bad += 1
            continue
        errors = corpus.validate(ann, art["text"], art["published"])
        for e in errors:
            print(f"{path}: {e}", file=sys.stderr)
        bad += bool(errors)
        line = corpus.gold_line(ann, art)
        lines[line["split"]].append(line)
    lines["train"] = corpus.dev_gold_lines(shared) + lines["train"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for split, rows in lines.items():
        with (out / f"{split}.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        types = Counter(e["type"] for r in rows for e in r["events"])
        req = sum(e["required"] for r in rows for e in r["events"])
        print(
            f"{out / split}.jsonl: {len(rows)} articles, {sum(types.values())} events "
            f"({req} required)"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
