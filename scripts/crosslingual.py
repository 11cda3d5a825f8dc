#!/usr/bin/env python3
"""Do the same news in English and Indonesian give the same events?

    python scripts/crosslingual.py [--json] [--docs] [--part all|check|train] [--gold]

Codes the NTREX-128 documents that are not reserved (``../shared/eval/reserved-ntrex-ids.txt``
lists the 21 that are) in their English original and their human Indonesian translation
with the default pipeline, and scores one side against the other per document: events
agree when their types are equal and their actor and recipient country sets overlap
(one-to-one; flagged events left out), the same rule as ``warta eval`` without the
sentence, which differs between languages. Reports the micro F1 over all documents (and
the type-only F1), and with ``--docs`` one line per document. ``--part check`` keeps to
the half of the documents never annotated (``warta.corpus.ntrex_part``): the other half is
coded in ``corpus/parallel-news`` (source ``ntrex``). ``--gold`` also scores each side of
that annotated half against the team's coding (``warta eval``'s event matching), whole
documents as they are coded here: the only international news with gold the shipped
models are not trained on (``train_events.py --with ntrex`` would train on it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import parallel_news
from warta import corpus
from warta._api import load_pipeline
from warta.evaluate import evaluate, events_match, scored_prediction
from warta.model import Article, Doc
from warta.stages._ner_lexicon import reserved_ntrex_docs

ROOT = Path(__file__).resolve().parents[1]
Json = dict[str, Any]


def open_documents(shared: Path, part: str = "all") -> list[tuple[str, str, str]]:
    """(document id, English text, Indonesian text) of every unreserved NTREX document (of
    one half with ``part`` ``train`` or ``check``)."""
    data = shared / "data" / "ntrex128-id"
    ids = [ln.split("\t")[0] for ln in (data / "DOCUMENT_IDS.tsv").read_text().splitlines()]
    eng = (data / "newstest2019-src.eng.txt").read_text(encoding="utf-8").split("\n")
    ind = (data / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").split("\n")
    reserved = reserved_ntrex_docs(shared / "data")
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for doc_id, en, id_ in zip(ids, eng, ind, strict=False):
        if doc_id in reserved or part not in ("all", corpus.ntrex_part(doc_id)):
            continue
        pair = docs.setdefault(doc_id, ([], []))
        pair[0].append(en)
        pair[1].append(id_)
    return [(d, "\n\n".join(en), "\n\n".join(id_)) for d, (en, id_) in docs.items()]


def _match_count(a: Sequence[Mapping[str, Any]], b: Sequence[Mapping[str, Any]]) -> int:
    """Greedy one-to-one matches of events ``a`` to events ``b`` (the rule is symmetric
    enough here: both sides carry actors and recipients)."""
    used: set[int] = set()
    n = 0
    for x in a:
        hit = next((j for j, y in enumerate(b) if j not in used and events_match(x, y)), None)
        if hit is not None:
            used.add(hit)
            n += 1
    return n


def _types(evs: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(e.get("type")) for e in evs]


def _type_matches(a: Sequence[str], b: Sequence[str]) -> int:
    rest = list(b)
    n = 0
    for t in a:
        if t in rest:
            rest.remove(t)
            n += 1
    return n


def agreement(shared: Path, part: str = "all", gold: bool = False) -> Json:
    """Agreement of the two sides over the open documents of ``part``; with ``gold``,
    also each side's scores against the team's coding of the annotated half
    (:func:`gold_scores`), from the same coded records."""
    pipe = load_pipeline()
    rows = []
    records: dict[str, Json] = {}
    for doc_id, en_text, id_text in open_documents(shared, part):
        sides = {}
        for lang, text in (("en", en_text), ("id", id_text)):
            art = Article.create(text, id=f"{doc_id}-{lang}", language=lang, published="2019-01-01")
            rec = pipe.run(Doc.from_article(art)).to_record()
            if gold and corpus.ntrex_part(doc_id) == "train":
                records[rec["id"]] = rec
            sides[lang] = [e for e in rec["events"] if scored_prediction(e)]
        rows.append({
            "doc": doc_id, "en": len(sides["en"]), "id": len(sides["id"]),
            "match": _match_count(sides["en"], sides["id"]),
            "type_match": _type_matches(_types(sides["en"]), _types(sides["id"])),
        })  # fmt: skip
    res = summary(rows)
    out = {**res, "event_f1": round(res["event_f1"], 4), "type_f1": round(res["type_f1"], 4),
           "per_document": rows}  # fmt: skip
    if gold:
        out["gold"] = gold_scores(records)
    return out


def gold_scores(records: Mapping[str, Json]) -> Json:
    """Each language's events in ``records`` (coded documents by id) scored with ``warta
    eval``'s matching against the team's coding of the annotated NTREX half
    (``corpus/parallel-news``, source ``ntrex``): the English coder's only international
    news with gold that it is not trained on (unless ``train_events.py --with ntrex``)."""
    out: Json = {}
    for lang in ("en", "id"):
        golds = parallel_news.ntrex_gold_documents(lang)
        preds = [records[g["id"]] for g in golds]
        for g, p in zip(golds, preds, strict=True):
            if g["text"] != p["text"]:
                raise ValueError(f"crosslingual: {g['id']}: gold and coded texts differ")
        ev = evaluate(golds, preds).events
        out[lang] = {"documents": len(golds), "gold_events": ev.overall.n_gold,
                     "f1": round(ev.overall.f1, 4), "precision": round(ev.overall.precision, 4),
                     "recall": round(ev.overall.recall, 4),
                     "type_f1": round(ev.typed.f1, 4)}  # fmt: skip
    return out


def summary(rows: Sequence[Mapping[str, Any]]) -> Json:
    """Micro totals of per-document rows (``en``, ``id``, ``match``, ``type_match``):
    document and event counts, event F1 and type-only F1 (unrounded)."""
    en, id_ = sum(r["en"] for r in rows), sum(r["id"] for r in rows)
    denom = en + id_
    return {
        "documents": len(rows),
        "events_en": en,
        "events_id": id_,
        "event_f1": 2 * sum(r["match"] for r in rows) / denom if denom else 0.0,
        "type_f1": 2 * sum(r["type_match"] for r in rows) / denom if denom else 0.0,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--docs", action="store_true", help="one line per document")
    ap.add_argument(
        "--part",
        choices=("all", "check", "train"),
        default="all",
        help="all open documents, or the half kept for this check, or the annotated half",
    )
    ap.add_argument(
        "--gold",
        action="store_true",
        help="also score each side against the team's coding of the annotated half",
    )
    args = ap.parse_args()
    if args.gold and args.part == "check":
        ap.error("--gold scores the annotated half: the check half has no gold (--part train)")
    shared = corpus.shared_root(ROOT)
    if shared is None:
        print("crosslingual: the shared folder is missing (set WARTA_SHARED)", file=sys.stderr)
        return 2
    res = agreement(shared, args.part, gold=args.gold)
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    if args.docs:
        for r in res["per_document"]:
            print(f"{r['doc']:<28} en {r['en']:>3}  id {r['id']:>3}  agree {r['match']:>3}")
    print(
        f"{res['documents']} open NTREX documents ({args.part}): {res['events_en']} English and "
        f"{res['events_id']} Indonesian events; agreement F1 {res['event_f1']:.3f} "
        f"(type + actor and recipient countries), type-only F1 {res['type_f1']:.3f}"
    )
    for lang, sc in res.get("gold", {}).items():
        print(
            f"{lang}: against the team's coding of the annotated half ({sc['documents']} "
            f"documents, {sc['gold_events']} events): event P {sc['precision']:.3f} "
            f"R {sc['recall']:.3f} F1 {sc['f1']:.3f}, type F1 {sc['type_f1']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
