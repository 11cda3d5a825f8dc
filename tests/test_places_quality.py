"""Quality gate for warta.places: dev gold, LGL and GeoWebNews (floors in tests/floors)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "floors" / "places.json").read_text())


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_places", ROOT / "scripts" / "eval_places.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_dev_places(dev_gold: Path, shared: Path) -> None:
    res = _script().eval_dev(shared)
    for key, floor in FLOORS["dev"].items():
        assert res[key] >= floor, (key, res[key])


@pytest.mark.parametrize("name,folder", [("lgl", "lgl"), ("gwn", "geowebnews")])
def test_english_places(shared: Path, name: str, folder: str) -> None:
    if not (shared / "eval" / "external" / folder / "gold.jsonl").exists():
        pytest.skip(f"{folder} is not present")
    res = _script().eval_spans(shared, name)
    for key, floor in FLOORS[name].items():
        assert res[key] >= floor, (key, res[key])
