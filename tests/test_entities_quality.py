"""Quality gate: entity surface-form P/R and country accuracy on the dev gold set."""

from __future__ import annotations

import json
from pathlib import Path

from warta._entity_eval import score_gold_file

FLOORS = json.loads((Path(__file__).parent / "floors" / "entities.json").read_text())


def test_dev_entities_floors(dev_gold: Path) -> None:
    s = score_gold_file(dev_gold).summary()
    for key in ("precision", "recall", "f1", "country_accuracy"):
        assert s[key] >= FLOORS[key], f"{key} {s[key]} < floor {FLOORS[key]}"
