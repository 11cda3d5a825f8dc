"""Quality gate for warta.quotes: dev gold and PFSA-ID (floors in tests/floors)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "floors" / "quotes.json").read_text())


def _script() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(
        "eval_quotes", ROOT / "scripts" / "eval_quotes.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_dev_quotes(dev_gold: Path, shared: Path) -> None:
    res = _script().eval_dev(shared)
    for key, floor in FLOORS["dev"].items():
        assert res[key] >= floor, (key, res[key])


def test_pfsa_quotes(shared: Path) -> None:
    if not (shared / "data" / "pfsa-id" / "dev-40.txt").exists():
        pytest.skip("PFSA-ID is not present")
    res = _script().eval_pfsa(shared)
    for key, floor in FLOORS["pfsa"].items():
        assert res[key] >= floor, (key, res[key])
