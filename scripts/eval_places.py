"""Evaluate warta.places on the dev gold set and on the English geoparsing sets.

- dev (Indonesian, ``../shared/eval/dev``): gold places carry text, no offsets, once per
  article. A predicted place matches when its text equals a gold text of the same article
  (set comparison per article). Id accuracy: among matched places whose gold geonameid is
  set, the share with the same predicted id.
- lgl / gwn (English, ``../shared/eval/external``): gold places carry offsets. Toponym P/R by
  exact span; geocoding on matched spans with a gold geonameid: exact id accuracy and the
  share within 161 km of the gold coordinates. GWN recall is also given on its literal group.

Run: ``PYTHONPATH=src python scripts/eval_places.py [dev|lgl|gwn ...] [--limit N]``
Prints one JSON object per set.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from warta.corpus import shared_root
from warta.model import Article, Doc
from warta.pipeline import Pipeline, build_pipeline

STAGES = ["warta.language", "warta.dateline", "warta.sentences", "warta.tokens", "warta.places"]


def shared_dir() -> Path | None:
    """The shared folder holding ``data/`` and ``eval/`` ($WARTA_SHARED or ../shared)."""
    return shared_root(Path(__file__).resolve().parents[1])


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def pipeline() -> Pipeline:
    return build_pipeline(STAGES, {"warta.language": {"languages": ["id", "en", "ms"]}})


def run_docs(pipe: Pipeline, articles: Iterable[dict[str, Any]]) -> dict[str, Doc]:
    out = {}
    for a in articles:
        art = Article.create(
            a["text"], id=a.get("id"), published=a.get("published"), language=a.get("language")
        )
        out[art.id] = pipe.run(Doc.from_article(art))
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


def eval_dev(shared: Path, limit: int | None = None) -> dict[str, Any]:
    d = shared / "eval" / "dev"
    gold = list(_jsonl(d / "gold.jsonl"))[:limit]
    arts = {a["id"]: a for a in _jsonl(d / "articles.jsonl")}
    t0 = time.perf_counter()
    docs = run_docs(pipeline(), (arts[g["id"]] for g in gold))
    secs = time.perf_counter() - t0
    tp = fp = fn = id_ok = id_n = 0
    errors: list[dict[str, Any]] = []
    for g in gold:
        doc = docs[g["id"]]
        pred: dict[str, Any] = {}
        for p in doc.places:
            pred.setdefault(doc.span_text(p), p)
        gold_by_text = {}
        for gp in g["places"]:
            gold_by_text.setdefault(gp["text"], gp)
        for t, p in pred.items():
            if t in gold_by_text:
                tp += 1
                gp = gold_by_text[t]
                if gp.get("geonameid") is not None:
                    id_n += 1
                    if p.geonameid == gp["geonameid"]:
                        id_ok += 1
                    else:
                        errors.append({"id": t, "gold": gp["geonameid"], "pred": p.geonameid})
            else:
                fp += 1
                errors.append({"fp": t})
        for t in gold_by_text:
            if t not in pred:
                fn += 1
                errors.append({"fn": t})
    return {
        "set": "dev",
        "articles": len(gold),
        "precision": round(tp / max(1, tp + fp), 4),
        "recall": round(tp / max(1, tp + fn), 4),
        "id_accuracy": round(id_ok / max(1, id_n), 4),
        "id_n": id_n,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "articles_per_s": round(len(gold) / secs, 1),
        "errors": errors,
    }


def eval_spans(shared: Path, name: str, limit: int | None = None) -> dict[str, Any]:
    folder = {"lgl": "lgl", "gwn": "geowebnews"}[name]
    d = shared / "eval" / "external" / folder
    gold = list(_jsonl(d / "gold.jsonl"))[:limit]
    arts = {a["id"]: a for a in _jsonl(d / "articles.jsonl")}
    t0 = time.perf_counter()
    docs = run_docs(pipeline(), ({**arts[g["id"]], "language": "en"} for g in gold))
    secs = time.perf_counter() - t0
    tp = n_pred = n_gold = 0
    lit_tp = lit_n = 0
    geo_n = exact = near = 0
    for g in gold:
        doc = docs[g["id"]]
        pred = {(p.start, p.end): p for p in doc.places}
        n_pred += len(pred)
        n_gold += len(g["places"])
        for gp in g["places"]:
            p = pred.get((gp["start"], gp["end"]))
            literal = gp.get("group", "literal") == "literal"
            lit_n += literal
            if p is None:
                continue
            tp += 1
            lit_tp += literal
            if gp.get("geonameid") is not None:
                geo_n += 1
                exact += p.geonameid == gp["geonameid"]
                if p.lat is not None and p.lon is not None and gp.get("lat") is not None:
                    near += km(p.lat, p.lon, float(gp["lat"]), float(gp["lon"])) <= 161
    out: dict[str, Any] = {
        "set": name,
        "articles": len(gold),
        "precision": round(tp / max(1, n_pred), 4),
        "recall": round(tp / max(1, n_gold), 4),
        "exact_id_accuracy": round(exact / max(1, geo_n), 4),
        "acc_161km": round(near / max(1, geo_n), 4),
        "geocoded_n": geo_n,
        "articles_per_s": round(len(gold) / secs, 1),
        "seconds": round(secs, 1),
    }
    if name == "gwn":
        out["recall_literal"] = round(lit_tp / max(1, lit_n), 4)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("sets", nargs="*", default=["dev", "lgl", "gwn"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", action="store_true", help="print dev errors")
    args = ap.parse_args(argv)
    shared = shared_dir()
    if shared is None:
        print("../shared is not present", file=sys.stderr)
        return 0
    for s in args.sets:
        res = eval_dev(shared, args.limit) if s == "dev" else eval_spans(shared, s, args.limit)
        errs = res.pop("errors", None)
        print(json.dumps(res))
        if args.errors and errs:
            for e in errs:
                print("  ", json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
