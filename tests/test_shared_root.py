"""``WARTA_SHARED`` has one meaning everywhere: the shared folder holding data/ and eval/."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, shared_dir
from warta.bench import find_indosum
from warta.corpus import shared_missing, shared_root
from warta.stages._ner_corpus import CORPORA, find_shared_data


@pytest.fixture
def fake_shared(tmp_path: Path) -> Path:
    root = tmp_path / "shared"
    (root / "eval").mkdir(parents=True)
    (root / "data" / CORPORA["nergrit"].folder).mkdir(parents=True)
    (root / "data" / "indosum").mkdir()
    (root / "data" / "indosum" / "dev.01.jsonl").write_text("{}\n")
    return root


def test_every_reader_takes_the_shared_folder(
    fake_shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARTA_SHARED", str(fake_shared))
    assert shared_root(ROOT) == fake_shared
    assert shared_dir() == fake_shared  # the tests' fixture
    assert find_shared_data(ROOT) == fake_shared / "data"  # the NER gate
    assert find_indosum() == fake_shared / "data" / "indosum"  # warta bench


def test_the_data_folder_is_not_the_shared_folder(
    fake_shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the old meaning of the NER gate (WARTA_SHARED=shared/data) is refused, with a reason
    monkeypatch.setenv("WARTA_SHARED", str(fake_shared / "data"))
    assert shared_root(ROOT) is None
    assert shared_dir() is None
    assert find_shared_data(ROOT) is None
    why = shared_missing(ROOT)
    assert "no eval/ folder" in why and str(fake_shared / "data") in why


def test_missing_folder_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_SHARED", str(tmp_path / "nowhere"))
    assert shared_missing(ROOT) == f"WARTA_SHARED={tmp_path / 'nowhere'} is not a folder"
    monkeypatch.delenv("WARTA_SHARED")
    assert "is not present" in shared_missing(tmp_path / "repo")


def test_a_skipped_gate_prints_one_line(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text())
    pytester.makepyfile(
        test_x_quality="""
import pytest
def test_gate():
    pytest.skip("no gold here")
def test_other_skip_is_not_a_gate_line():
    pass
""",
        test_plain="""
import pytest
def test_plain():
    pytest.skip("not a gate")
""",
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    lines = [ln for ln in result.outlines if ln.startswith("QUALITY GATE SKIPPED")]
    assert lines == ["QUALITY GATE SKIPPED: test_x_quality.py::test_gate: no gold here"]
