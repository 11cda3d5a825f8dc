from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from warta import resources
from warta.cli import main
from warta.store import Store


def test_version_and_help(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("warta 0.1.0")
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "examples:" in capsys.readouterr().out


def test_run_sample_jsonl_matches_schema(sample_path: Path, capsys) -> None:
    assert main(["run", str(sample_path), "--format", "jsonl", "-q"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    rec = json.loads(out[0])
    jsonschema.validate(rec, resources.load_json("schema/record.schema.json"))
    assert rec["published"] == "2024-01-26" and rec["language"] == "id"
    assert rec["dateline"]["place"] == "Baghdad" and rec["dateline"]["source"] == "Purna Warta"
    assert len(rec["sentences"]) == 16
    assert rec["provenance"]["stages"]["sentences"] == "warta.sentences@1"


def test_run_summary_is_readable(sample_path: Path, capsys) -> None:
    assert main(["run", str(sample_path)]) == 0
    out = capsys.readouterr().out
    assert "published: 2024-01-26" in out and "language: id" in out
    assert "16 sentences" in out and "dateline: 'Baghdad, Purna Warta –'" in out


def _mixed_dir(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(
        "published: 2024-01-26\n---\nPolisi menangkap dua orang di Jakarta."
    )
    (d / "empty.txt").write_text("")
    (d / "bin.txt").write_bytes(b"\x00\x01\x02")
    (d / "lines.jsonl").write_text(
        json.dumps({"text": "Presiden bertemu menteri."})
        + "\n{oops\n"
        + json.dumps({"x": 1})
        + "\n"
    )
    return d


def test_mixed_directory_reports_each_bad_record_and_stores_the_good(
    tmp_path: Path, capsys
) -> None:
    d = _mixed_dir(tmp_path)
    db = tmp_path / "w.duckdb"
    assert main(["run", str(d), "--store", str(db)]) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.startswith("warta: error:")]
    assert len(lines) == 4
    assert any("empty.txt: empty input" in ln for ln in lines)
    assert any("bin.txt: binary" in ln for ln in lines)
    assert any("lines.jsonl:2: broken JSON" in ln for ln in lines)
    assert any("lines.jsonl:3: missing or empty 'text'" in ln for ln in lines)
    assert "2 coded, 4 failed" in err
    with Store(db, read_only=True) as store:
        assert store.count() == 2 and store.count("errors") == 4

    # re-running adds nothing and keeps what was stored
    assert main(["run", str(d), "--store", str(db)]) == 1
    assert "2 already stored" in capsys.readouterr().err
    with Store(db, read_only=True) as store:
        # the same four errors are reported again but logged once
        assert store.count() == 2 and store.count("errors") == 4


def test_output_file_and_export(tmp_path: Path, sample_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    db = tmp_path / "w.duckdb"
    assert main(["run", str(sample_path), "-o", str(out), "--store", str(db), "-q"]) == 0
    assert len(out.read_text().splitlines()) == 1
    exported = tmp_path / "articles.csv"
    assert (
        main(
            [
                "export",
                "--store",
                str(db),
                "--format",
                "csv",
                "--table",
                "articles",
                "-o",
                str(exported),
            ]
        )
        == 0
    )
    assert exported.read_text().count("\n") >= 2
    assert main(["export", "--store", str(tmp_path / "missing.duckdb"), "-o", str(exported)]) == 2
    assert "no such store" in capsys.readouterr().err


def test_stdin_through_installed_command(tmp_path: Path) -> None:
    line = json.dumps({"text": "Irak dan AS sepakat membentuk komite.", "published": "2024-01-26"})
    proc = subprocess.run(
        [sys.executable, "-m", "warta.cli", "run", "-", "--format", "jsonl"],
        input=line + "\n{bad\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["text"].startswith("Irak dan AS")
    assert "<stdin>:2: broken JSON" in proc.stderr
