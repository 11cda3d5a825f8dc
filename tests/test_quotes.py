"""Unit tests for warta.quotes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from warta.ingest.readers import read_path
from warta.model import Article, Doc, Entity, Mention
from warta.pipeline import build_pipeline
from warta.stages.quotes import find_quotes, speaker_names

PIPE = build_pipeline(["warta.dateline", "warta.sentences", "warta.tokens", "warta.quotes"])


def run(text: str, lang: str = "id") -> Doc:
    return PIPE.run(Doc.from_article(Article.create(text, language=lang)))


def test_sample_article(sample_path: Path) -> None:
    res = next(iter(read_path(sample_path)))
    art = getattr(res, "article", res)
    doc = PIPE.run(Doc.from_article(art))  # type: ignore[arg-type]
    by_text = {doc.span_text(q): q for q in doc.quotes}
    austin = by_text["dalam beberapa hari mendatang"]
    assert austin.direct and "Lloyd Austin" in (austin.speaker_text or "")
    sudani = next(q for t, q in by_text.items() if t.startswith("segera memulai dialog"))
    assert "al-Sudani" in (sudani.speaker_text or "")
    stmt = next(q for q in doc.quotes if q.cue == "bunyi")
    assert stmt.speaker_text == "pernyataan itu"


def test_post_cue_and_pronoun() -> None:
    doc = run('"Ini dokumen kebencian!" kata Netanyahu.\n"Kami tidak takut," lanjut dia.')
    assert [q.speaker_text for q in doc.quotes] == ["Netanyahu", "dia"]
    assert speaker_names(doc) == ["Netanyahu", "Netanyahu"]
    assert [q.cue for q in doc.quotes] == ["kata", "lanjut"]


def test_indirect_and_menurut() -> None:
    doc = run(
        "Hamas mengatakan bahwa pihaknya membatalkan seruan itu. "
        "Menurut Presiden Joko Widodo, pemerintah akan membantu korban banjir."
    )
    qs = doc.quotes
    assert len(qs) == 2 and not qs[0].direct and not qs[1].direct
    assert doc.span_text(qs[0]).startswith("pihaknya membatalkan")
    assert qs[0].speaker_text == "Hamas" and qs[0].cue == "mengatakan"
    assert qs[1].speaker_text == "Presiden Joko Widodo"
    assert doc.span_text(qs[1]).startswith("pemerintah akan membantu")


def test_english_and_multi_paragraph() -> None:
    doc = run(
        '"We will not back down," said John Smith.\n'
        '"The talks are over.\n"We go home now," he said.',
        "en",
    )
    assert doc.quotes[0].speaker_text == "John Smith"
    assert doc.span_text(doc.quotes[1]).startswith("The talks are over.")
    assert "We go home now" in doc.span_text(doc.quotes[1])
    assert doc.quotes[1].speaker_text == "he"


def test_entity_speaker() -> None:
    text = 'Lloyd Austin mengatakan, "Kami akan bertemu minggu depan."'
    doc = run(text)
    ent = Entity(id="e1", name="Lloyd Austin", type="PER", mentions=(Mention(0, 12),))
    qs = find_quotes(doc.replace(entities=(ent,)))
    assert qs[0].speaker == "e1"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab Cd. kata ujar,\n"“”‘’«» X')), max_size=80))
def test_spans_valid(text: str) -> None:
    doc = run(text)
    for q in doc.quotes:
        assert 0 <= q.start < q.end <= len(doc.text)
