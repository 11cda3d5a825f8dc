"""Article ids do not depend on surrounding white space nor on the route the text took
(.txt file, JSONL line, the paste form, the JSON API, the Python API), and a store written
when the trailing newline was hashed recognises the same article instead of storing it
twice."""

from __future__ import annotations

import json
import re
from pathlib import Path

import warta
from warta.api.app import create_app
from warta.ingest.readers import read_path
from warta.model import Article, Doc, article_id, legacy_article_ids
from warta.store import Store
from web_fixtures import call

TEXT = (
    "Jakarta, Warta Uji – Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri "
    "Australia di Jakarta pada hari Selasa.\n\nKeduanya membahas kerja sama maritim."
)


def _read_one(path: Path) -> Article:
    (art,) = list(read_path(path))
    assert isinstance(art, Article), art
    return art


def test_same_text_same_id_by_every_route(tmp_path: Path) -> None:
    want = article_id(TEXT)
    txt = tmp_path / "a.txt"
    txt.write_text(TEXT + "\n", encoding="utf-8")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"text": TEXT + "\n"}) + "\n", encoding="utf-8")
    assert _read_one(txt).id == want
    assert _read_one(jsonl).id == want
    assert warta.code(TEXT + "\r\n").id == want
    assert Article.create("\n  " + TEXT + " \n\n").text == TEXT
    app = create_app(tmp_path / "s.duckdb")
    try:
        api = call(app, "POST", "/api/code", json={"text": TEXT + "\n\n", "store": True})
        assert api.status_code == 200 and api.json()["record"]["id"] == want
        form = call(
            app,
            "POST",
            "/code",
            data={"text": TEXT.replace("\n", "\r\n") + "\r\n", "store": "on"},
            follow_redirects=False,
        )
        assert form.status_code == 303 and form.headers["location"] == f"/articles/{want}"
        assert app.state.access.store.count() == 1  # pasted again: not stored twice
    finally:
        app.state.access.close()


def test_store_written_with_old_ids_recognises_the_article(tmp_path: Path) -> None:
    old_id = legacy_article_ids(TEXT)[0]  # what TEXT + "\n" was given before
    assert re.fullmatch(r"[0-9a-f]{16}", old_id) and old_id != article_id(TEXT)
    with Store(tmp_path / "old.duckdb") as store:
        assert store.write([Doc(text=TEXT + "\n", id=old_id)]) == 1
        new = Doc(text=TEXT, id=article_id(TEXT))
        assert store.stored_ids([new]) == {new.id: old_id}
        assert store.write([new]) == 0
        assert store.count() == 1
        # an id given by the input is the input's own: no legacy look-up for it
        given = Doc(text=TEXT, id="my-own-id")
        assert store.stored_ids([given]) == {}
        assert store.write([given]) == 1
