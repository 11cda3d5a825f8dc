from __future__ import annotations

import warta
from test_model import rich_doc
from warta._api import EVENT_COLUMNS


def test_code_returns_doc_with_layers_and_metadata() -> None:
    doc = warta.code(
        "JAKARTA, KOMPAS.com - Presiden bertemu menteri. Mereka membahas anggaran.",
        published="2024-01-26",
        source="Kompas",
    )
    assert isinstance(doc, warta.Doc)
    assert doc.published == "2024-01-26" and doc.source == "Kompas"
    assert doc.dateline is not None and doc.dateline.place == "Jakarta"
    assert [doc.span_text(s) for s in doc.sentences] == [
        "Presiden bertemu menteri.",
        "Mereka membahas anggaran.",
    ]
    assert doc.to_record()["id"] == doc.id


def test_code_batch_streams() -> None:
    docs = warta.code_batch(iter(["Satu dua.", warta.Article.create("Tiga empat.", id="a")]))
    first = next(docs)
    assert first.text == "Satu dua."
    assert next(docs).id == "a"


def test_events_table_has_a_row_per_event() -> None:
    df = warta.events_table([rich_doc(), warta.Doc(text="x", id="empty")])
    assert list(df.columns) == list(EVENT_COLUMNS)
    assert len(df) == 1
    row = df.iloc[0]
    assert (row["type"], row["actor_country"], row["trigger"]) == ("AGREE", "IRQ;USA", "sepakat")


def test_public_surface_is_declared() -> None:
    for name in warta.__all__:
        assert hasattr(warta, name), name
