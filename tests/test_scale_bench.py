"""The IndoSum corpus builder behind `warta bench`, and the progress total."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.bench import detokenize, indosum_articles
from warta.scale.progress import count_lines, count_records


def test_detokenize_spacing() -> None:
    toks = ['"', "Tidak", "hanya", "tarif", ".", '"', "ucap", "Zulkifli", "(", "27", "/", "3"]
    toks += [")", ",", "naik", "50", "%", "."]
    assert detokenize(toks) == '"Tidak hanya tarif." ucap Zulkifli (27/3), naik 50%.'


def test_indosum_articles(shared: Path) -> None:
    folder = shared / "data" / "indosum"
    if not folder.is_dir():
        pytest.skip("IndoSum absent")
    arts = list(indosum_articles(folder, 5))
    assert len(arts) == 5 and len({a.id for a in arts}) == 5
    first = arts[0]
    assert first.published == "2017-03-28"  # 1490674536 in UTC+7
    assert first.language == "id" and first.text.startswith("Ketua MPR Zulkifli Hasan")
    assert "(27/3)." in first.text and " ." not in first.text


def test_counting_records(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}')
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("x")
    (tmp_path / "d" / "y.jsonl").write_text('{"text": "a"}\n')
    assert count_lines(tmp_path / "a.jsonl") == 3
    assert count_records([str(tmp_path / "a.jsonl"), str(tmp_path / "d")]) == 5
    assert count_records(["-"]) is None
    (tmp_path / "d" / "z.warc.gz").write_bytes(b"")
    assert count_records([str(tmp_path / "d")]) is None


def test_no_progress_bar_when_stderr_is_not_a_tty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from warta.cli import main

    data = tmp_path / "in.jsonl"
    data.write_text('{"text": "Presiden bertemu menteri di Jakarta.", "language": "id"}\n')
    assert main(["run", str(data), "--store", str(tmp_path / "s.duckdb")]) == 0
    err = capsys.readouterr().err
    assert "articles/s" in err and "ETA" not in err and "\r" not in err
