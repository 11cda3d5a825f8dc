"""Quality gate: the shipped NER model must keep its measured span F1 on every test split.

Floors live in ``tests/floors/ner.json`` (measured score minus ~0.005, rounded down). The test
skips when the shared corpora are absent (``data/`` of the shared folder: ``../shared`` next
to the repo, or ``$WARTA_SHARED``, the folder holding ``data/`` and ``eval/``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warta.stages._crf_ner import get_default_ner
from warta.stages._ner_corpus import evaluate, find_shared_data, load_split

REPO = Path(__file__).resolve().parents[1]
FLOORS: dict[str, float] = json.loads((REPO / "tests" / "floors" / "ner.json").read_text())


@pytest.fixture(scope="module")
def shared() -> Path:
    data = find_shared_data(REPO)
    if data is None:
        from warta.corpus import shared_missing, shared_root

        root = shared_root(REPO)
        why = shared_missing(REPO) if root is None else f"{root}/data has no NER corpora"
        pytest.skip(f"shared NER corpora not available: {why}")
    return data


@pytest.mark.parametrize("corpus", sorted(k for k in FLOORS if not k.startswith("_")))
def test_test_split_f1_floor(shared: Path, corpus: str) -> None:
    scores = evaluate(get_default_ner().tag, load_split(shared, corpus, "test"))
    overall = scores["ALL"]
    assert isinstance(overall, dict)
    assert overall["f1"] >= FLOORS[corpus], f"{corpus} test F1 {overall['f1']} < floor"
