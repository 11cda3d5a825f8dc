"""Quality gate: entity surface-form P/R and country accuracy (`warta eval`) on the dev gold."""

from __future__ import annotations

import json
from pathlib import Path

from warta.evaluate import Report

FLOORS = json.loads((Path(__file__).parent / "floors" / "entities.json").read_text())


def test_dev_entities_floors(dev_report: Report) -> None:
    ent = dev_report.layers["entities"]
    got = {
        "precision": ent.found.precision,
        "recall": ent.found.recall,
        "f1": ent.found.f1,
        "country_accuracy": ent.values["country"].value,
        "type_accuracy": ent.values["type"].value,
    }
    low = {
        k: (round(got[k], 4), v) for k, v in FLOORS.items() if not k.startswith("_") and got[k] < v
    }
    assert not low, f"below floor (got, floor): {low}"
