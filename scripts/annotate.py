#!/usr/bin/env python3
"""Annotator's tool for the warta corpus (see corpus/README.md).

    python scripts/annotate.py show ID            the article text, as annotated
    python scripts/annotate.py resolve DRAFT.json --out DIR
                                                  draft (verbatim strings) -> annotation
                                                  with offsets, checked; written only when
                                                  sound
    python scripts/annotate.py geo NAME           GeoNames rows named NAME (for geonameid)
    python scripts/annotate.py codes              PLOVER types, modes, sectors

Texts are rebuilt from the shared folder ($WARTA_SHARED or ../shared) with
``eval/build_articles.py``, for the pool and the dev set. The tool never runs warta's
coder: annotations are made from the text alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from warta import corpus, resources

ROOT = Path(__file__).resolve().parents[1]


@cache
def articles() -> dict[str, dict[str, Any]]:
    shared = corpus.shared_root(ROOT)
    if shared is None:
        sys.exit("annotate: the shared folder is missing (set WARTA_SHARED)")
    ids = (shared / "eval" / "pool-ids.txt").read_text(encoding="utf-8").split()
    return corpus.pool_articles(shared, set(ids))


def cmd_show(args: argparse.Namespace) -> None:
    art = articles()[args.id]
    print(f"id: {art['id']}\npublished: {art['published']}\nsplit: {corpus.split_of(art['id'])}")
    print("-" * 72)
    print(art["text"])


def cmd_resolve(args: argparse.Namespace) -> int:
    draft = json.loads(Path(args.draft).read_text(encoding="utf-8"))
    art = articles().get(draft.get("id"))
    if art is None:
        print(f"{args.draft}: id {draft.get('id')!r} is not a pool article", file=sys.stderr)
        return 2
    ann, errors = corpus.resolve_draft(draft, art["text"])
    if not errors:
        errors = corpus.validate(ann, art["text"], art["published"])
    for e in errors:
        print(f"{args.draft}: {e}", file=sys.stderr)
    if errors:
        return 1
    out = Path(args.out) / f"{art['id']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(ann, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n = {k: len(ann[k]) for k in ("events", "entities", "places", "times", "quotes")}
    print(f"{out}: ok {n}")
    return 0


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def cmd_geo(args: argparse.Namespace) -> None:
    want = _norm(args.name)
    src = resources.path("geo/gazetteer.tsv.gz")
    with src.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        rows = []
        for line in fh:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            names = [row["name"], *row.get("variants", "").split("|")]
            if any(_norm(n) == want for n in names if n):
                rows.append(row)
    rows.sort(key=lambda r: -int(r.get("population") or 0))
    for r in rows[:15]:
        print(
            f"{r['geonameid']}\t{r['name']}\t{r['country']}\tpop {r['population']}\t"
            f"{r['kind']}\tadmin1 {r.get('admin1', '')}\t{r['lat']},{r['lon']}"
        )
    if not rows:
        print("no GeoNames row with that name (use geonameid null)")


def cmd_codes(_: argparse.Namespace) -> None:
    types = resources.load_json("plover/types.json")["types"]
    for t, v in types.items():
        print(f"{t:10} modes: {', '.join(v['modes']) or '-'}\n           {v['description']}")
    print("\nsectors:")
    for k, v in resources.load_json("plover/sectors.json")["sectors"].items():
        print(f"  {k}  {v}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("show")
    p.add_argument("id")
    p = sub.add_parser("resolve")
    p.add_argument("draft")
    p.add_argument("--out", required=True)
    p = sub.add_parser("geo")
    p.add_argument("name")
    sub.add_parser("codes")
    args = ap.parse_args()
    fn = {"show": cmd_show, "resolve": cmd_resolve, "geo": cmd_geo, "codes": cmd_codes}
    return int(fn[args.cmd](args) or 0)


if __name__ == "__main__":
    sys.exit(main())
