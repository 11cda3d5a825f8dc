"""Quality gate: the same NTREX news in English and Indonesian gives the same events.

Runs ``scripts/crosslingual.py`` on the NTREX documents that are not reserved and keeps
the agreement at its floor (tests/floors/crosslingual.json), over all of them and over
the half that is never annotated (``warta.corpus.ntrex_part``: the other half is coded
in corpus/parallel-news), and keeps each side's event F1 against that coding at its
floor. Skips, with one line, when the shared folder is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from script_loader import load_script
from warta import corpus

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "floors" / "crosslingual.json").read_text("utf-8"))


def _script() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))  # it imports parallel_news
    return load_script("crosslingual")


def test_english_and_indonesian_agree() -> None:
    shared = corpus.shared_root(ROOT)
    if shared is None or not (shared / "data" / "ntrex128-id").is_dir():
        pytest.skip("shared folder or NTREX absent: cross-lingual agreement gate not run")
    script = _script()
    res = script.agreement(shared, gold=True)
    assert res["documents"] == 102  # 123 NTREX documents less the 21 reserved
    assert res["event_f1"] >= FLOORS["event_f1"], res["event_f1"]
    assert res["type_f1"] >= FLOORS["type_f1"], res["type_f1"]
    check = script.summary(
        [r for r in res["per_document"] if corpus.ntrex_part(r["doc"]) == "check"]
    )
    assert check["documents"] == 52
    assert check["event_f1"] >= FLOORS["check_event_f1"], check
    assert check["type_f1"] >= FLOORS["check_type_f1"], check
    for lang in ("en", "id"):
        got, floor = res["gold"][lang], FLOORS[f"gold_{lang}"]
        assert got["documents"] == 50 and got["gold_events"] > 100, got
        low = {k: (got[k], v) for k, v in floor.items() if got[k] < v}
        assert not low, f"{lang} against the annotated half, below floor (got, floor): {low}"


def test_annotated_half_as_documents_keeps_every_string_at_its_offsets() -> None:
    shared = corpus.shared_root(ROOT)
    if shared is None or not (shared / "data" / "ntrex128-id").is_dir():
        pytest.skip("shared folder or NTREX absent: NTREX gold documents not checked")
    pn = _script().parallel_news
    open_docs = {d: (en, id_) for d, en, id_ in _script().open_documents(shared, "train")}
    for lang in ("en", "id"):
        golds = pn.ntrex_gold_documents(lang)
        assert len(golds) == 50
        for g in golds:
            doc_id = g["id"].removesuffix(f"-{lang}")
            assert g["text"] == open_docs[doc_id][0 if lang == "en" else 1]
            for ev in g["events"]:
                s, e = ev["trigger_offsets"]
                assert g["text"][s:e] == ev["trigger"], (g["id"], ev["trigger"])
                s, e = ev["sentence_offsets"]
                assert g["text"][s:e] == ev["sentence"]
                for p in ev["actors"] + ev["recipients"]:
                    if "offsets" in p:
                        assert g["text"][p["offsets"][0] : p["offsets"][1]] == p["text"]


def test_gold_with_the_check_half_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script()
    monkeypatch.setattr(sys, "argv", ["crosslingual.py", "--gold", "--part", "check"])
    with pytest.raises(SystemExit) as exit_:
        script.main()
    assert exit_.value.code == 2
    assert "the check half has no gold" in capsys.readouterr().err
