"""Event-type accuracy on the English peer sets (evaluation only, never training).

    PYTHONPATH=src python scripts/eval_external_events.py ../shared/eval/external/plover-gsr
    PYTHONPATH=src python scripts/eval_external_events.py ../shared/eval/external/case2021

For each gold event: ``type recall`` = some predicted event of the article has its type;
``first-type accuracy`` = the article's first realised predicted event has the gold type
(articles with no prediction count as wrong); plus `warta eval` event P/R/F1 where the
gold has actors (plover-gsr). Prints one JSON object.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from warta.evaluate import evaluate, load_jsonl, run_pipeline_on_gold


def main() -> None:
    folder = Path(sys.argv[1])
    gold_path = folder / (
        "gold_dedup.jsonl" if (folder / "gold_dedup.jsonl").exists() else "gold.jsonl"
    )
    gold = load_jsonl(gold_path)
    nums = [a for a in sys.argv[2:] if a.isdigit()]
    limit = int(nums[0]) if nums else None
    gold = gold[:limit] if limit else gold
    for g in gold:
        g.setdefault("language", "en")
        g.setdefault("published", "2000-01-01")
        for e in g.get("events", []):
            e.setdefault("required", True)
    loose = "--keep-unresolved" in sys.argv
    config = None
    if loose:
        from warta.config import load_config

        config = load_config(
            overrides={"stages": {"warta.events": {"rules": {"keep_unresolved": True}}}}
        )
    pred = run_pipeline_on_gold(gold, config)
    n = hit = first = 0
    per: Counter[str] = Counter()
    per_hit: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    for g, p in zip(gold, pred, strict=True):
        evs = [
            e
            for e in p.get("events", [])
            if not (e.get("future") or e.get("negated") or e.get("hypothetical"))
        ]
        types = {e["type"] for e in evs}
        for ge in g.get("events", []):
            n += 1
            per[ge["type"]] += 1
            ok = ge["type"] in types or any(
                (t.get("type") if isinstance(t, dict) else t) in types
                for t in ge.get("alt_types", [])
            )
            hit += ok
            per_hit[ge["type"]] += ok
            top = evs[0]["type"] if evs else "NONE"
            first += top == ge["type"]
            confusion[(ge["type"], top)] += 1
    out = {
        "set": folder.name,
        "keep_unresolved": loose,
        "articles": len(gold),
        "gold_events": n,
        "type_recall": round(hit / n, 4) if n else 0.0,
        "first_type_accuracy": round(first / n, 4) if n else 0.0,
        "per_type_recall": {t: round(per_hit[t] / per[t], 3) for t in sorted(per)},
        "articles_without_events": sum(1 for p in pred if not p.get("events")),
        "top_confusions": [f"{a}->{b}: {c}" for (a, b), c in confusion.most_common(12) if a != b],
    }
    if any(e.get("actors") for g in gold for e in g.get("events", [])):
        rep = evaluate(gold, pred).events
        out["event_match"] = {
            "precision": round(rep.overall.precision, 4),
            "recall": round(rep.overall.recall, 4),
            "f1": round(rep.overall.f1, 4),
        }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
