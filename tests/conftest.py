"""Shared fixtures: paths to ../shared (skipped cleanly when absent) and the sample.

A quality gate (``tests/test_*_quality.py``) that skips prints one line at the end of
the run saying which gate and why, so a missing or mis-set ``WARTA_SHARED`` is seen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from warta.evaluate import Report

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The shared folder (``$WARTA_SHARED`` or ``../shared``, holding ``data/`` and
    ``eval/``): :func:`warta.corpus.shared_root`, the one meaning of ``WARTA_SHARED``."""
    from warta.corpus import shared_root

    return shared_root(ROOT)


@pytest.fixture(scope="session")
def shared() -> Path:
    d = shared_dir()
    if d is None:
        from warta.corpus import shared_missing

        pytest.skip(shared_missing(ROOT))
    return d


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One visible line per skipped quality gate, with the reason."""
    for rep in terminalreporter.stats.get("skipped", []):
        if "_quality.py" not in rep.nodeid.split("::")[0]:
            continue
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        reason = reason.removeprefix("Skipped: ")
        terminalreporter.write_line(
            f"QUALITY GATE SKIPPED: {rep.nodeid}: {reason}", yellow=True, bold=True
        )


@pytest.fixture(scope="session")
def dev_gold(shared: Path) -> Path:
    p = shared / "eval" / "dev" / "gold.jsonl"
    if not p.exists():
        pytest.skip(f"{p} is not present")
    return p


@pytest.fixture(scope="session")
def dev_report(dev_gold: Path) -> Report:
    """``warta eval`` of the default pipeline on the dev gold, run once per session."""
    from warta.evaluate import evaluate, load_jsonl, run_pipeline_on_gold

    gold = load_jsonl(dev_gold)
    return evaluate(gold, run_pipeline_on_gold(gold))


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The demo article: ../shared/samples if present, else the packaged copy."""
    d = shared_dir()
    if d is not None:
        p = d / "samples" / "purna-warta-irak-as-2024-01-26.txt"
        if p.exists():
            return p
    from warta.resources import path

    return Path(str(path("samples/purna-warta-irak-as-2024-01-26.txt")))
