"""Quality gate: the same NTREX news in English and Indonesian gives the same events.

Runs ``scripts/crosslingual.py`` on the NTREX documents that are not reserved and keeps
the agreement at its floor (tests/floors/crosslingual.json), over all of them and over
the half that is never annotated (``warta.corpus.ntrex_part``: the other half is training
data in corpus/parallel-news). Skips, with one line, when the shared folder is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from script_loader import load_script
from warta import corpus

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "floors" / "crosslingual.json").read_text("utf-8"))


def _script() -> ModuleType:
    return load_script("crosslingual")


def test_english_and_indonesian_agree() -> None:
    shared = corpus.shared_root(ROOT)
    if shared is None or not (shared / "data" / "ntrex128-id").is_dir():
        pytest.skip("shared folder or NTREX absent: cross-lingual agreement gate not run")
    script = _script()
    res = script.agreement(shared)
    assert res["documents"] == 102  # 123 NTREX documents less the 21 reserved
    assert res["event_f1"] >= FLOORS["event_f1"], res["event_f1"]
    assert res["type_f1"] >= FLOORS["type_f1"], res["type_f1"]
    check = script.summary(
        [r for r in res["per_document"] if corpus.ntrex_part(r["doc"]) == "check"]
    )
    assert check["documents"] == 52
    assert check["event_f1"] >= FLOORS["check_event_f1"], check
    assert check["type_f1"] >= FLOORS["check_type_f1"], check
