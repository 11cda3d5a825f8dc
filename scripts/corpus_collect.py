#!/usr/bin/env python3
"""Collect annotators' work into ``corpus/`` and write ``corpus/splits.tsv``.

    python scripts/corpus_collect.py build/annot/h01 build/annot/h02 ...

Each folder is one annotator's: its ``drafts/*.json`` are resolved again with the current
resolver (as ``scripts/annotate.py resolve`` does) and checked; a draft that fails is
reported and left out.
An article of the agreement set goes to ``corpus/agreement/<annotator>/``, where its two
independent versions stay for ``scripts/corpus_agreement.py``; the adjudicated version
is written to ``corpus/annotations/`` by hand. Every other article goes straight to
``corpus/annotations/``. ``splits.tsv`` lists every annotated article, its split and its
annotators.
"""

from __future__ import annotations

import argparse
import json
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
    ap.add_argument(
        "--final", action="store_true", help="agreement articles too go to annotations/"
    )
    args = ap.parse_args()
    ids = pool_ids()
    agree = set(corpus.agreement_ids(ids))
    shared = corpus.shared_root(ROOT)
    assert shared is not None
    arts = corpus.pool_articles(shared, set(ids))
    bad = 0
    for folder in args.folders:
        tag = folder.name
        for path in sorted((folder / "drafts").glob("*.json")):
            draft = json.loads(path.read_text(encoding="utf-8"))
            art = arts.get(draft.get("id"))
            if draft.get("annotator") != tag or art is None:
                print(
                    f"{path}: annotator {draft.get('annotator')!r} / id not in the pool",
                    file=sys.stderr,
                )
                bad += 1
                continue
            ann, errors = corpus.resolve_draft(draft, art["text"])
            errors = errors or corpus.validate(ann, art["text"], art["published"])
            for e in errors:
                print(f"{path}: {e}", file=sys.stderr)
            if errors:
                bad += 1
                continue
            if ann["id"] in agree and not args.final:
                dest = CORPUS / "agreement" / tag / path.name
            else:
                dest = CORPUS / "annotations" / path.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(json.dumps(ann, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"corpus/splits.tsv: {write_splits()} articles; {bad} drafts left out")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
