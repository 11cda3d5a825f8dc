"""Unit tests for warta.places."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from warta.ingest.readers import read_path
from warta.model import Article, Doc
from warta.pipeline import build_pipeline
from warta.stages.places import gazetteer, precision

PIPE = build_pipeline(["warta.dateline", "warta.sentences", "warta.tokens", "warta.places"])


def run(text: str, lang: str = "id") -> Doc:
    return PIPE.run(Doc.from_article(Article.create(text, language=lang)))


def places(text: str, lang: str = "id") -> dict[str, tuple[str | None, int | None, str | None]]:
    doc = run(text, lang)
    return {doc.span_text(p): (p.name, p.geonameid, p.country) for p in doc.places}


def test_sample_article(sample_path: Path) -> None:
    res = next(iter(read_path(sample_path)))
    art = getattr(res, "article", res)
    doc = PIPE.run(Doc.from_article(art))  # type: ignore[arg-type]
    got = {doc.span_text(p): p for p in doc.places}
    assert got["Bagdad"].geonameid == 98182 and got["Bagdad"].country == "IRQ"
    assert got["Baghdad"].geonameid == 98182
    assert got["Davos"].geonameid == 2661039
    assert got["Irak"].geonameid == 99237 and got["Irak"].kind == "country"
    assert got["Jalur Gaza"].name == "Gaza Strip" and got["Jalur Gaza"].country == "PSE"
    assert got["Suriah"].name == "Syria" and got["Suriah"].country == "SYR"


def test_exonyms_and_acronym() -> None:
    got = places("Menlu bertemu di Moskow. AS dan Tiongkok membahas Yerusalem dan Teheran.")
    assert got["Moskow"][2] == "RUS" and got["Moskow"][0] == "Moscow"
    assert got["AS"][2] == "USA"
    assert got["Tiongkok"][2] == "CHN"
    assert got["Yerusalem"][0] == "Jerusalem"
    assert got["Teheran"][0] == "Tehran"


def test_no_place_from_person_or_acronym() -> None:
    got = places("Prime Minister May met Paris Hilton and the PMU in London.", "en")
    assert "May" not in got and "Paris" not in got and "PMU" not in got
    assert got["London"][2] == "GBR"
    got = places("Jordan Henderson scored. Jordan closed its border.", "en")
    spans = run("Jordan Henderson scored. Jordan closed its border.", "en").places
    assert [p.start for p in spans] == [25]
    assert "US" not in places("Harganya US$ 184 ribu.")


def test_context_disambiguates() -> None:
    got = places("Polisi Inggris menahan pria di Manchester.")
    assert got["Manchester"][2] == "GBR"


def test_triggered_unknown_place() -> None:
    doc = run("Bentrokan terjadi di Kabupaten Muaro Jambi pekan lalu.")
    texts = [doc.span_text(p) for p in doc.places]
    assert "Muaro Jambi" in texts


def test_gazetteer_and_precision() -> None:
    gz = gazetteer()
    assert any(f.geonameid == 2661039 for f in gz.index["davos"])
    assert precision("city") == 1 and precision("admin2") == 2 and precision("country") == 3


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('Ab Cd. AS Irak,\n"“”Xz')), max_size=80))
def test_spans_valid(text: str) -> None:
    doc = run(text)
    for p in doc.places:
        assert 0 <= p.start < p.end <= len(doc.text)
        assert doc.span_text(p).strip() == doc.span_text(p)
