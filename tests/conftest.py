"""Shared fixtures: paths to ../shared (skipped cleanly when absent) and the sample."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from warta.evaluate import Report

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """``../shared`` beside the repo (or $WARTA_SHARED), if it is there."""
    env = os.environ.get("WARTA_SHARED")
    cand = Path(env) if env else ROOT.parent / "shared"
    return cand if cand.is_dir() else None


@pytest.fixture(scope="session")
def shared() -> Path:
    d = shared_dir()
    if d is None:
        pytest.skip("../shared is not present")
    return d


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
