"""Quality gate: `warta eval` on the dev set must stay at or above the recorded floors."""

from __future__ import annotations

import json
from pathlib import Path

from warta.evaluate import Report

FLOORS = Path(__file__).parent / "floors" / "events.json"


def test_event_quality_floors(dev_report: Report) -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    rep = dev_report.events
    got = {
        "f1": rep.overall.f1,
        "precision": rep.overall.precision,
        "recall": rep.overall.recall,
        "type_f1": rep.typed.f1,
        "date_accuracy": rep.date.value,
        "historical_accuracy": rep.historical.value,
        "sector_accuracy": rep.sector.value,
    }
    low = {
        k: (round(got[k], 4), v) for k, v in floors.items() if not k.startswith("_") and got[k] < v
    }
    assert not low, f"below floor (got, floor): {low}"
