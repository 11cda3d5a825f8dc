from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_model import rich_doc
from warta.errors import InputError, StoreError
from warta.model import Doc
from warta.store import Store


def test_write_read_round_trip_and_layer_tables(tmp_path: Path) -> None:
    doc = rich_doc()
    with Store(tmp_path / "s.duckdb") as store:
        assert store.write([doc]) == 1
        assert store.get(doc.id) == doc
        assert store.count("events") == 1 and store.count("entities") == 2
        assert store.count("mentions") == 2 and store.count("times") == 1
        row = store.con.execute("SELECT type, actor_country, date, trigger FROM events").fetchone()
        assert row == ("AGREE", "IRQ;USA", "2024-01-25", "sepakat")
        assert store.con.execute("SELECT text FROM times").fetchone() == ("pada hari Kamis",)


def test_rewriting_is_idempotent(tmp_path: Path) -> None:
    doc = rich_doc()
    other = Doc(text="Lain.", id="other")
    with Store(tmp_path / "s.duckdb") as store:
        assert store.write([doc, doc]) == 1
        assert store.write([doc, other]) == 1
        assert store.write([doc, other]) == 0
        assert store.count() == 2 and store.count("events") == 1
        assert [r["id"] for r in store.records()] == [doc.id, "other"]


def test_failed_batch_rolls_back_and_keeps_earlier_data(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write([rich_doc()])
    import warta.store.duck as duck

    original = duck._collect

    def poisoned(doc, seq, now, rows):  # a row that does not fit the events table
        original(doc, seq, now, rows)
        rows["events"].append(("bad",))

    monkeypatch.setattr(duck, "_collect", poisoned)
    with Store(path) as store, pytest.raises(StoreError, match="rolled back"):
        store.write([Doc(text="Baru.", id="new")])
    monkeypatch.setattr(duck, "_collect", original)
    with Store(path) as store:
        assert store.count() == 1 and store.count("sentences") == 2
        assert store.get("new") is None


def test_exports(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write([rich_doc()])
        store.write_error(InputError("x.jsonl", "broken JSON", 3))
        assert store.count("errors") == 1
    with Store(path, read_only=True) as store:
        assert store.export(tmp_path / "e.parquet", "parquet") == 1
        assert store.export(tmp_path / "e.csv", "csv") == 1
        assert store.export(tmp_path / "a.csv", "csv", table="articles") == 1
        assert store.export(tmp_path / "r.jsonl", "jsonl") == 1
        with pytest.raises(StoreError):
            store.export(tmp_path / "x", "csv", table="events; DROP TABLE articles")
    df = pd.read_parquet(tmp_path / "e.parquet")
    assert df.loc[0, "type"] == "AGREE" and df.loc[0, "recipient_text"] == ""
    assert pd.read_csv(tmp_path / "e.csv").loc[0, "trigger"] == "sepakat"
    rec = json.loads((tmp_path / "r.jsonl").read_text())
    assert Doc.from_record(rec) == rich_doc()


def test_unopenable_store_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "not.duckdb"
    bad.write_text("this is not a database")
    with pytest.raises(StoreError, match="not.duckdb"):
        Store(bad)


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_duckdb_round_trip_of_arbitrary_text(text: str) -> None:
    from warta import load_pipeline
    from warta.model import Article

    doc = load_pipeline().run(Doc.from_article(Article.create(text)))
    with Store(":memory:") as store:
        store.write([doc])
        back = store.get(doc.id)
        assert back is not None and back.to_record() == doc.to_record()


@pytest.mark.parametrize("head", [b"", b"\0" * 4096, b"\x06\xd7o'\xc2\xda\xb3\xb9DUCK@\0\0\0"])
def test_a_store_file_cut_off_at_creation_is_created_anew(
    tmp_path: Path, head: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    # a run killed while DuckDB was writing a new file's headers leaves one of these;
    # nothing can have been stored in it, so the next run starts it again
    path = tmp_path / "s.duckdb"
    path.write_bytes(head)
    with Store(path) as store:
        assert store.count() == 0
        store.write([rich_doc()])
    assert "created anew" in caplog.text
    with Store(path, read_only=True) as store:
        assert store.count() == 1


def test_a_short_file_that_is_no_store_is_left_alone(tmp_path: Path) -> None:
    bad = tmp_path / "notes.duckdb"
    bad.write_text("my notes, not a database")
    with pytest.raises(StoreError, match="notes.duckdb"):
        Store(bad)
    assert bad.read_text() == "my notes, not a database"
