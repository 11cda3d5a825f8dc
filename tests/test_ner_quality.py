"""Quality gate: the shipped NER models must keep their measured span F1 on every test split.

Floors live in ``tests/floors/ner.json`` (measured score minus ~0.005, rounded down), one per
corpus; the corpus's language picks the model (Indonesian corpora, English Universal NER
PUD held-out part). The test skips when the shared corpora are absent (``data/`` of the
shared folder: ``../shared`` next to the repo, or ``$WARTA_SHARED``, the folder holding
``data/`` and ``eval/``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warta.stages._crf_ner import get_default_ner
from warta.stages._ner_corpus import CORPORA, evaluate, find_shared_data, load_split

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
    c = CORPORA[corpus]
    if not (shared / c.folder).is_dir():
        pytest.skip(f"NER corpus {c.folder} not available in {shared}")
    scores = evaluate(get_default_ner(c.lang).tag, load_split(shared, corpus, "test"))
    overall = scores["ALL"]
    assert isinstance(overall, dict)
    assert overall["f1"] >= FLOORS[corpus], f"{corpus} test F1 {overall['f1']} < floor"
