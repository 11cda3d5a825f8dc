#!/usr/bin/env python3
"""Collect annotators' work into ``corpus/`` and write ``corpus/splits.tsv``.

    python scripts/corpus_collect.py build/annot/h01 build/annot/h02 ...

Each folder is one annotator's (its ``done/*.json``, resolved by ``scripts/annotate.py``).
An article of the agreement set goes to ``corpus/agreement/<annotator>/``, where its two
independent versions stay for ``scripts/corpus_agreement.py``; the adjudicated version
is written to ``corpus/annotations/`` by hand. Every other article goes straight to
``corpus/annotations/``. ``splits.tsv`` lists every annotated article, its split and its
annotators.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from warta import corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def pool_ids() -> list[str]:
    shared = corpus.shared_root(ROOT)
    if shared is None:
        sys.exit("corpus_collect: the shared folder is missing (set WARTA_SHARED)")
    return (shared / "eval" / "pool-ids.txt").read_text(encoding="utf-8").split()


def write_splits() -> int:
    rows: dict[str, set[str]] = {}
    for _path, ann in corpus.iter_annotations(CORPUS / "annotations"):
        rows.setdefault(ann["id"], set()).add(str(ann.get("annotator")))
    for folder in sorted((CORPUS / "agreement").glob("*")):
        for _path, ann in corpus.iter_annotations(folder):
            rows.setdefault(ann["id"], set()).add(folder.name)
    lines = ["id\tsplit\tannotators"]
    for i in sorted(rows):
        lines.append(f"{i}\t{corpus.split_of(i)}\t{','.join(sorted(rows[i]))}")
    (CORPUS / "splits.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    args = ap.parse_args()
    agree = set(corpus.agreement_ids(pool_ids()))
    for folder in args.folders:
        tag = folder.name
        for path in sorted((folder / "done").glob("*.json")):
            ann = json.loads(path.read_text(encoding="utf-8"))
            if ann.get("annotator") != tag:
                print(f"{path}: annotator {ann.get('annotator')!r} is not {tag}", file=sys.stderr)
                continue
            if ann["id"] in agree:
                dest = CORPUS / "agreement" / tag / path.name
            else:
                dest = CORPUS / "annotations" / path.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    print(f"corpus/splits.tsv: {write_splits()} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
