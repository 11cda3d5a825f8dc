"""Quality gate: the English learned coder on real news it was not trained on.

The held-out tenth of the annotated parallel news sentences (``corpus/parallel-news``,
the pairs ``scripts/train_events.py --news`` leaves out by hash) is coded by the default
pipeline in English and scored with ``warta eval``'s matching; floors are in
tests/floors/events.json (``news_heldout_en``). Skips, with one line, when the shared
folder is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from script_loader import load_script
from warta.evaluate import evaluate, run_pipeline_on_gold

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "floors" / "events.json").read_text("utf-8"))


def test_english_news_events_reach_their_floors() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))  # train_events imports parallel_news
    train = load_script("train_events")
    if not train.parallel_news.available():
        pytest.skip("shared folder absent: English news event gate not run")
    _train, held = train.news_split("en")
    assert len(held) >= 600
    ev = evaluate(held, run_pipeline_on_gold(held)).events
    got = {"f1": ev.overall.f1, "type_f1": ev.typed.f1}
    floors = FLOORS["news_heldout_en"]
    low = {k: (round(got[k], 4), v) for k, v in floors.items() if got[k] < v}
    assert not low, f"below floor (got, floor): {low}"
