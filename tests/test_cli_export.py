"""``warta export`` writes to standard output when ``-o`` is missing or ``-``."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from warta.cli import main


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Path:
    db = tmp_path_factory.mktemp("export") / "w.duckdb"
    assert main(["run", str(sample_path), "--store", str(db), "-q"]) == 0
    return db


def _stdout_bytes(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> bytes:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    monkeypatch.setattr(sys, "stdout", out)
    assert main(argv) == 0
    out.flush()
    return raw.getvalue()


@pytest.mark.parametrize(
    "extra",
    [
        ["--format", "jsonl"],
        ["--format", "plover"],
        ["--format", "csv"],
        ["--format", "csv", "--table", "articles"],
        ["--format", "jsonl", "--clusters"],
    ],
)
@pytest.mark.parametrize("dash", [False, True])
def test_stdout_equals_file(
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    dash: bool,
) -> None:
    target = tmp_path / "out"
    assert main(["export", "--store", str(store), *extra, "-o", str(target)]) == 0
    argv = ["export", "--store", str(store), *extra] + (["-o", "-"] if dash else [])
    got = _stdout_bytes(monkeypatch, argv)
    assert got == target.read_bytes()
    assert got.count(b"\n") >= 1
    assert "rows to <stdout>" in capsys.readouterr().err


def test_parquet_to_a_pipe_and_not_to_a_terminal(
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    got = _stdout_bytes(monkeypatch, ["export", "--store", str(store), "--format", "parquet"])
    (tmp_path / "piped.parquet").write_bytes(got)
    assert (
        main(
            [
                "export",
                "--store",
                str(store),
                "--format",
                "parquet",
                "-o",
                str(tmp_path / "f.parquet"),
            ]
        )
        == 0
    )
    assert pq.read_table(tmp_path / "piped.parquet").equals(pq.read_table(tmp_path / "f.parquet"))

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    assert main(["export", "--store", str(store), "--format", "parquet"]) == 2
    assert "refusing to write Parquet to a terminal" in capsys.readouterr().err
