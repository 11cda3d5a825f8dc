"""Evaluate warta.quotes on the dev gold set and on PFSA-ID (evaluation only).

- dev: a gold quote is found when its text (first ~8 words) lies inside a predicted quote
  span (whitespace-normalised). Speaker accuracy on found quotes: the predicted speaker
  (pronouns resolved to the last named speaker) and the gold speaker share a name word, or
  one contains the other. Precision is not scored on dev (gold lists clear quotes only).
- pfsa: PFSA-ID ``dev-40.txt`` (CC BY-NC-SA, never used for training), token/BILOU lines;
  texts rebuilt by joining tokens with spaces, one article per KOMPAS dateline. A gold
  STATEMENT is found when a predicted quote covers at least half of it; precision counts
  predicted quotes overlapping a STATEMENT; speaker accuracy: the predicted speaker phrase
  overlaps a PERSON/PERSONCOREF/ROLE/AFFILIATION span within 400 characters of the statement.

Run: ``PYTHONPATH=src python scripts/eval_quotes.py [dev|pfsa] [--limit N]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_places import _jsonl, shared_dir
from warta.model import Article, Doc
from warta.pipeline import Pipeline, build_pipeline
from warta.stages.quotes import speaker_names

STAGES = ["warta.language", "warta.dateline", "warta.sentences", "warta.tokens", "warta.quotes"]


def pipeline() -> Pipeline:
    return build_pipeline(STAGES)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def same_speaker(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    p, g = _norm(pred), _norm(gold)
    if p in g or g in p:
        return True
    pw = {w for w in re.findall(r"\w[\w-]+", pred) if w[0].isupper() and len(w) > 2}
    gw = {w for w in re.findall(r"\w[\w-]+", gold) if w[0].isupper() and len(w) > 2}
    return bool(pw & gw)


def eval_dev(shared: Path, limit: int | None = None) -> dict[str, Any]:
    d = shared / "eval" / "dev"
    gold = list(_jsonl(d / "gold.jsonl"))[:limit]
    arts = {a["id"]: a for a in _jsonl(d / "articles.jsonl")}
    pipe = pipeline()
    found = n = sp_ok = direct_ok = 0
    t0 = time.perf_counter()
    misses = []
    for g in gold:
        a = arts[g["id"]]
        art = Article.create(a["text"], id=a["id"], published=a.get("published"), language="id")
        doc = pipe.run(Doc.from_article(art))
        names = speaker_names(doc)
        spans = [(_norm(doc.span_text(q)), q, nm) for q, nm in zip(doc.quotes, names, strict=True)]
        for gq in g["quotes"]:
            n += 1
            gt = _norm(gq["text"])
            hit = next(((q, nm) for t, q, nm in spans if gt in t), None)
            if hit is None:
                misses.append(gq["text"])
                continue
            found += 1
            sp_ok += same_speaker(hit[1], gq["speaker"])
            direct_ok += hit[0].direct == gq.get("direct", True)
    secs = time.perf_counter() - t0
    return {
        "set": "dev",
        "quotes": n,
        "recall": round(found / max(1, n), 4),
        "speaker_accuracy": round(sp_ok / max(1, found), 4),
        "direct_accuracy": round(direct_ok / max(1, found), 4),
        "articles_per_s": round(len(gold) / secs, 1),
        "misses": misses,
    }


def read_pfsa(path: Path) -> list[tuple[str, dict[str, list[tuple[int, int]]]]]:
    docs: list[tuple[str, dict[str, list[tuple[int, int]]]]] = []
    parts: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    pos = 0
    sent_tokens: list[tuple[str, str]] = []
    open_: dict[str, int] = {}

    def flush_doc() -> None:
        nonlocal parts, spans, pos
        if parts:
            docs.append(("".join(parts), spans))
        parts, spans, pos = [], {}, 0

    def flush_sent() -> None:
        nonlocal pos
        if not sent_tokens:
            return
        words = [w for w, _ in sent_tokens[:4]]
        if "KOMPAS" in words or "KOMPAS.com" in words:
            flush_doc()
        for w, tag in sent_tokens:
            if parts:
                parts.append(" ")
                pos += 1
            start = pos
            parts.append(w)
            pos += len(w)
            if tag == "O":
                continue
            bio, _, label = tag.partition("-")
            if bio in ("B", "U"):
                open_[label] = start
            if bio in ("L", "U") and label in open_:
                spans.setdefault(label, []).append((open_.pop(label), pos))
        sent_tokens.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                flush_sent()
                continue
            w, _, tag = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
            sent_tokens.append((w, tag or "O"))
    flush_sent()
    flush_doc()
    return docs


def eval_pfsa(shared: Path, limit: int | None = None) -> dict[str, Any]:
    docs = read_pfsa(shared / "data" / "pfsa-id" / "dev-40.txt")[:limit]
    pipe = pipeline()
    n_gold = found = n_pred = pred_ok = sp_ok = sp_n = 0
    t0 = time.perf_counter()
    for text, spans in docs:
        art = Article.create(text, language="id")
        doc = pipe.run(Doc.from_article(art))
        stmts = spans.get("STATEMENT", [])
        people = [
            s for k in ("PERSON", "PERSONCOREF", "ROLE", "AFFILIATION") for s in spans.get(k, [])
        ]
        n_gold += len(stmts)
        n_pred += len(doc.quotes)
        for q in doc.quotes:
            pred_ok += any(s < q.end and q.start < e for s, e in stmts)
        for s, e in stmts:
            best = None
            for q in doc.quotes:
                ov = min(e, q.end) - max(s, q.start)
                if ov >= (e - s) / 2:
                    best = q
                    break
            if best is None:
                continue
            found += 1
            if best.speaker_text is not None:
                sp_n += 1
            spk = best.speaker_text and doc.text.find(best.speaker_text, max(0, s - 600))
            if best.speaker_text and isinstance(spk, int) and spk >= 0:
                a, b = spk, spk + len(best.speaker_text)
                sp_ok += any(x < b and a < y and abs(x - s) < 400 + (e - s) for x, y in people)
    secs = time.perf_counter() - t0
    return {
        "set": "pfsa-id dev-40",
        "articles": len(docs),
        "statements": n_gold,
        "recall": round(found / max(1, n_gold), 4),
        "precision": round(pred_ok / max(1, n_pred), 4),
        "speaker_accuracy": round(sp_ok / max(1, found), 4),
        "articles_per_s": round(len(docs) / secs, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("sets", nargs="*", default=["dev", "pfsa"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args(argv)
    shared = shared_dir()
    if shared is None:
        print("../shared is not present", file=sys.stderr)
        return 0
    for s in args.sets:
        res = eval_dev(shared, args.limit) if s == "dev" else eval_pfsa(shared, args.limit)
        misses = res.pop("misses", [])
        print(json.dumps(res))
        if args.errors:
            for m in misses:
                print("   miss:", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
