"""warta.loaded_language: lexicon hits on token boundaries, with categories."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from warta import resources
from warta.model import Article, Doc
from warta.pipeline import build_pipeline
from warta.stages.loaded import LEXICONS, find_loaded
from warta.stages.text import tokenize


def hits(text: str) -> list[tuple[str, str | None]]:
    return [(text[t.start : t.end], t.category) for t in find_loaded(text, tokenize(text))]


def test_indonesian_terms() -> None:
    text = "Serangan pengecut rezim Zionis itu biadab, dengan dalih memerangi teroris."
    assert hits(text) == [
        ("pengecut", "pejorative"),
        ("rezim Zionis", "label"),
        ("biadab", "pejorative"),
        ("dengan dalih", "scare-framing"),
        ("teroris", "label"),
    ]


def test_english_terms() -> None:
    text = "The so-called ministry of the Regime sent cowardly thugs."
    assert hits(text) == [
        ("so-called", "hedge"),
        ("Regime", "label"),
        ("cowardly", "pejorative"),
        ("thugs", "pejorative"),
    ]


def test_token_boundaries_and_exceptions() -> None:
    # inside longer words: no hit
    assert hits("Terorisme dan penjajahannya, kebiadaban, antekan.") == []
    # neutral police term
    assert hits("Polisi menangkap tiga terduga teroris di Jambi.") == []
    assert hits("Ia disebut-sebut sebagai calon.") == [("disebut-sebut", "hedge")]


def test_every_entry_has_a_category() -> None:
    for path in LEXICONS:
        for row in resources.load_tsv(path):
            assert row["term"] and row["category"], row


def test_sample_article(sample_path: Path) -> None:
    from warta.ingest.readers import read_path

    pipe = build_pipeline(
        ["warta.dateline", "warta.sentences", "warta.tokens", "warta.loaded_language"]
    )
    (art,) = [a for a in read_path(sample_path) if isinstance(a, Article)]
    doc = pipe.run(Doc.from_article(art))
    got = {doc.span_text(t).lower() for t in doc.loaded_language}
    assert {"pengecut", "dengan dalih", "teroris"} <= got


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab -.\n", "rezim ", "teroris", "pengecut ", "so-called ", "dalih "]),
        max_size=40,
    ).map("".join)
    | st.text(max_size=200)
)
def test_property_spans(text: str) -> None:
    for t in find_loaded(text, tokenize(text)):
        assert 0 <= t.start < t.end <= len(text) and text[t.start : t.end].strip()
        assert t.category
