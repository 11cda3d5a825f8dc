#!/usr/bin/env python3
"""Inter-annotator agreement on the doubly annotated articles of ``corpus/agreement/``.

    python scripts/corpus_agreement.py [--json]

Each agreement article was annotated by two annotators who did not see each other's
work. One version is scored as gold and the other as prediction with ``warta eval``'s
scorer (the same matching as for warta itself), in both directions; the report gives
both and their mean. Texts are rebuilt from the shared folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from warta import corpus
from warta.evaluate import Report, evaluate, format_report

ROOT = Path(__file__).resolve().parents[1]


def versions() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for folder in sorted((ROOT / "corpus" / "agreement").glob("*")):
        for _path, ann in corpus.iter_annotations(folder):
            out.setdefault(ann["id"], []).append(ann)
    return {i: sorted(v, key=lambda a: str(a.get("annotator"))) for i, v in out.items()}


def score(pairs: list[tuple[dict[str, Any], dict[str, Any]]], arts: dict[str, Any]) -> Report:
    gold = [corpus.gold_line(a, arts[a["id"]]) for a, _ in pairs]
    for g in gold:
        g.pop("split", None)  # agreement is no test-split scoring
    pred = [corpus.annotation_to_record(b, arts[b["id"]]) for _, b in pairs]
    return evaluate(gold, pred)


def summary(rep: Report) -> dict[str, float]:
    ev = rep.events
    ents = rep.layers["entities"].found
    return {
        "event_f1": ev.overall.f1,
        "type_f1": ev.typed.f1,
        "date_accuracy": ev.date.value,
        "sector_accuracy": ev.sector.value,
        "entity_f1": ents.f1,
        "place_f1": rep.layers["places"].found.f1,
        "time_f1": rep.layers["times"].found.f1,
        "quote_f1": rep.layers["quotes"].found.f1,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    shared = corpus.shared_root(ROOT)
    if shared is None:
        print("corpus_agreement: the shared folder is missing", file=sys.stderr)
        return 2
    vs = {i: v for i, v in versions().items() if len(v) == 2}
    arts = corpus.pool_articles(shared, set(vs))
    ab = score([(v[0], v[1]) for v in vs.values()], arts)
    ba = score([(v[1], v[0]) for v in vs.values()], arts)
    s_ab, s_ba = summary(ab), summary(ba)
    mean = {k: round((s_ab[k] + s_ba[k]) / 2, 4) for k in s_ab}
    if args.json:
        print(json.dumps({"articles": len(vs), "mean": mean}, indent=1))
        return 0
    print(f"{len(vs)} articles annotated twice\n")
    print("first annotator as gold, second as prediction:\n" + format_report(ab))
    print("\nsecond as gold, first as prediction:\n" + format_report(ba))
    print("\nmean of both directions: " + json.dumps(mean))
    return 0


if __name__ == "__main__":
    sys.exit(main())
