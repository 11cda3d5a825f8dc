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


def test_rebuilt_text_keeps_every_token_at_its_offsets() -> None:
    doc = [
        (["“", "We", "won", "(", "again", ")", "!", "”"], ["O"] * 8),
        (["Obama", "'s", "aide", "said", "it", "."], ["B-PER", "O", "O", "O", "O", "O"]),
    ]
    text, offsets = load_script("eval_ner").rebuild_text(doc)
    assert text == "“We won (again)!”\n\nObama's aide said it."
    for (toks, _), row in zip(doc, offsets, strict=True):
        assert [text[s:e] for s, e in row] == toks


def test_mentions_become_bio_tags_of_the_tokens_they_cover() -> None:
    offsets = [(0, 3), (4, 10), (11, 14), (15, 20), (21, 22)]  # "Joe Biden met Keir ."
    tags = load_script("eval_ner").mention_tags(
        offsets, [(0, 10, "PER"), (15, 20, "PER"), (2, 10, "ORG"), (4, 14, "LOC")]
    )
    # inside a token (2) or over a placed mention (4-14): left out
    assert tags == ["B-PER", "I-PER", "O", "B-PER", "O"]


def test_the_entity_layer_is_read_as_names() -> None:
    doc = [
        (
            ["Joe", "Biden", "met", "British", "officials", "in", "Berlin", "."],
            ["B-PER", "I-PER", "O", "O", "O", "O", "B-LOC", "O"],
        )
    ]
    from warta._api import load_pipeline
    from warta.config import load_config

    got = load_script("eval_ner").layer_tags(doc, load_pipeline(load_config()), "en")
    # "British" is an entity of the layer (the United Kingdom), but no name in the corpora
    assert got == [doc[0][1]]
