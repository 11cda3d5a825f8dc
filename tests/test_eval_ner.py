"""scripts/eval_ner.py --against: the paired bootstrap difference of two taggers."""

from __future__ import annotations

from collections.abc import Sequence

from script_loader import load_script

SENTS = [
    (["Joko", "Widodo", "visited", "Jakarta", "."], ["B-PER", "I-PER", "O", "B-LOC", "O"]),
    (["The", "UN", "met", "."], ["O", "B-ORG", "O", "O"]),
    (["Rain", "fell", "."], ["O", "O", "O"]),
    (["Ali", "left", "Paris", "."], ["B-PER", "O", "B-LOC", "O"]),
] * 5


class _Gold:
    """Tags every sentence as its gold says."""

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return next(g for t, g in SENTS if t == list(tokens))


class _Nothing:
    def tag(self, tokens: Sequence[str]) -> list[str]:
        return ["O"] * len(tokens)


def test_same_tagger_differs_by_nothing() -> None:
    got = load_script("eval_ner").paired_difference(_Gold(), _Gold(), SENTS, resamples=200)
    assert got == {"change": 0.0, "low": 0.0, "high": 0.0}


def test_a_better_tagger_is_better_in_every_resample() -> None:
    got = load_script("eval_ner").paired_difference(_Gold(), _Nothing(), SENTS, resamples=200)
    assert got["change"] == 1.0
    assert got["low"] > 0.9 and got["high"] == 1.0
    worse = load_script("eval_ner").paired_difference(_Nothing(), _Gold(), SENTS, resamples=200)
    assert worse["change"] == -1.0 and worse["high"] < -0.9
