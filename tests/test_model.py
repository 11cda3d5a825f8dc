from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from warta import resources
from warta.model import (
    Actor,
    Article,
    Doc,
    Entity,
    Event,
    EventLocation,
    EventSize,
    Mention,
    Place,
    Quantity,
    Quote,
    Sentence,
    Span,
    Time,
    article_id,
    normalise_text,
)

TEXT = "Baghdad, Purna Warta – Irak dan AS sepakat pada hari Kamis. Austin berkata “ya”."


def rich_doc() -> Doc:
    t = TEXT
    return Doc(text=t, id=article_id(t), published="2024-01-26", language="id").replace(
        sentences=(Sentence(23, 59), Sentence(60, len(t))),
        entities=(
            Entity("e1", "Irak", "GPE", (Mention(23, 27),), country="IRQ", sector="GOV"),
            Entity("e2", "Amerika Serikat", "GPE", (Mention(32, 34),), "USA", "GOV"),
        ),
        times=(Time(43, 58, value="2024-01-25", granularity="day", direction="past"),),
        places=(Place(0, 7, "Baghdad", 98182, "IRQ", 33.34, 44.40, "city"),),
        quotes=(
            Quote(
                t.index("“") + 1, t.index("”"), speaker=None, speaker_text="Austin", cue="berkata"
            ),
        ),
        quantities=(Quantity(0, 1, 1.0, "x", False),),
        events=(
            Event(
                id="ev1",
                type="AGREE",
                trigger=Span(35, 42),
                sentence=Sentence(23, 59),
                actors=(Actor("Irak", "e1", "IRQ", "GOV", 23, 27), Actor("AS", "e2", "USA", "GOV")),
                date="2024-01-25",
                date_precision="day",
                location=EventLocation(0, "Baghdad", "IRQ", 98182),
                size=EventSize(dead=None),
                context=("diplomatic",),
                confidence=0.8,
            ),
        ),
        provenance=(("sentences", "warta.sentences@1"),),
    )


def test_record_round_trip_is_lossless() -> None:
    doc = rich_doc()
    rec = doc.to_record()
    back = Doc.from_record(json.loads(json.dumps(rec)))
    assert back == doc
    assert back.to_record() == rec


def test_record_spans_carry_their_text() -> None:
    rec = rich_doc().to_record()
    text = rec["text"]
    assert rec["times"][0]["text"] == "pada hari Kamis"
    assert rec["events"][0]["trigger"]["text"] == "sepakat"
    for layer in ("times", "places", "quotes", "quantities"):
        for item in rec[layer]:
            assert text[item["start"] : item["end"]] == item["text"]
    for ent in rec["entities"]:
        for m in ent["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_record_validates_against_packaged_schema() -> None:
    schema = resources.load_json("schema/record.schema.json")
    jsonschema.validate(rich_doc().to_record(), schema)
    bad = rich_doc().to_record()
    bad["events"][0]["type"] = "HUG"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_article_id_is_hash_of_normalised_text() -> None:
    decomposed = "Cafe\u0301\r\nx"
    assert normalise_text(decomposed) == "Café\nx"
    assert article_id(decomposed) == article_id("Café\nx")
    assert len(article_id("x")) == 16
    art = Article.create("\ufeffabc")
    assert art.text == "abc" and art.id == article_id("abc")


def test_docs_are_frozen() -> None:
    doc = rich_doc()
    with pytest.raises(AttributeError):
        doc.text = "other"  # type: ignore[misc]
    assert doc.replace(language="en").language == "en" and doc.language == "id"


@given(st.text(max_size=200))
def test_normalise_is_idempotent(s: str) -> None:
    once = normalise_text(s)
    assert normalise_text(once) == once
