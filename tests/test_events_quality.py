"""Quality gate: `warta eval` of the default pipeline on the corpus dev split.

The gate reads the project's corpus (corpus/annotations, dev split: 50 articles the coder
was not written on) with texts rebuilt from the shared folder, and skips with one line
when that folder is absent. Floors are in tests/floors/events.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warta import corpus
from warta.evaluate import Report, evaluate, run_pipeline_on_gold

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "floors" / "events.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_dev_report() -> Report:
    shared = corpus.shared_root(ROOT)
    if shared is None:
        pytest.skip("shared folder absent: event quality gate (corpus dev split) not run")
    gold = corpus.gold_lines(shared, ROOT / "corpus" / "annotations", "dev")
    return evaluate(gold, run_pipeline_on_gold(gold))


def test_event_quality_floors(corpus_dev_report: Report) -> None:
    rep = corpus_dev_report.events
    got = {
        "f1": rep.overall.f1,
        "precision": rep.overall.precision,
        "recall": rep.overall.recall,
        "type_f1": rep.typed.f1,
        "date_accuracy": rep.date.value,
        "historical_accuracy": rep.historical.value,
        "sector_accuracy": rep.sector.value,
    }
    floors = FLOORS["corpus_dev"]
    low = {k: (round(got[k], 4), v) for k, v in floors.items() if got[k] < v}
    assert not low, f"below floor (got, floor): {low}"


def test_entity_countries_on_corpus_dev(corpus_dev_report: Report) -> None:
    ents = corpus_dev_report.layers["entities"]
    floors = FLOORS["corpus_dev_entities"]
    assert ents.found.f1 >= floors["f1"], ents.found.f1
    assert ents.values["country"].value >= floors["country_accuracy"], ents.values["country"].value


def test_places_on_corpus_dev(corpus_dev_report: Report) -> None:
    places = corpus_dev_report.layers["places"]
    floors = FLOORS["corpus_dev_places"]
    assert places.found.precision >= floors["precision"], places.found.precision
    assert places.found.f1 >= floors["f1"], places.found.f1
    assert places.values["country"].value >= floors["country_accuracy"], places.values["country"]
