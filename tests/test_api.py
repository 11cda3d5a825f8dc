"""The JSON API and pages of ``warta serve``, in-process through httpx.ASGITransport."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from warta.api.app import ServeError, create_app
from warta.api.db import StoreAccess
from warta.cli import main
from warta.store import Store
from web_fixtures import call, demo_doc, get_json, script_doc


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Path:
    p = tmp_path_factory.mktemp("api") / "demo.duckdb"
    with Store(p) as st:
        st.write([demo_doc(sample_path), script_doc()])
    return p


@pytest.fixture(scope="module")
def app(store_path: Path) -> Any:
    a = create_app(StoreAccess(store_path, read_only=True))
    yield a
    a.state.access.close()


get = get_json


def total(app: Any, query: str) -> int:
    return int(get(app, "/api/events?" + query)["total"])


# -- events, filters, pagination ---------------------------------------------------------


def test_event_filters(app: Any) -> None:
    # the planned CONSULT ("akan membahas") is not an event unless asked for
    assert total(app, "") == 10
    assert total(app, "include_unrealised=true") == 11
    (planned,) = [
        e for e in get(app, "/api/events?include_unrealised=true")["items"] if e["future"]
    ]
    assert planned["type"] == "CONSULT"
    assert total(app, "type=ASSAULT") == 4
    assert total(app, "type=assault,agree") == 5
    assert total(app, "type=AGREE&type=ACCUSE") == 2
    assert total(app, "actor=IRQ") == 5  # AGREE, REQUEST x2, ACCUSE, the REB attacks
    assert total(app, "actor=IRQ&recipient=USA") == 5
    assert total(app, "recipient=PSE") == 1
    assert total(app, "country=ISR") == 1
    assert total(app, "historical=true") == 2
    assert total(app, "historical=false") == 8
    assert total(app, "historical=") == 10
    assert total(app, "date_from=2024-01-25&date_to=2024-01-25") == 2
    assert total(app, "date_from=2024-01-26") == 4  # + the 2024-02-05 test article
    assert total(app, "date_to=2021") == 2  # the 2020 background events
    assert total(app, "source=Purna%20Warta") == 9
    assert total(app, "source=Warta%20Uji") == 1
    assert total(app, "place=98182") == 3
    # full text over the article: Indonesian stemming finds "serangan" from "menyerang"
    assert total(app, "q=menyerang") == 9
    assert total(app, "q=Malaysia") == 1
    assert total(app, "q=tidakadakatainiapapun") == 0
    items = get(app, "/api/events?type=AGREE")["items"]
    ev = items[0]
    assert ev["actor_country"] == "IRQ" and ev["recipient_country"] == "USA"
    assert ev["date"] == "2024-01-25" and ev["trigger"] == "sepakat" and not ev["historical"]
    assert ev["actors"][0]["sector"] == "GOV" and ev["quad"] == "verbal_cooperation"


def test_filter_values_are_parameters_not_sql(app: Any) -> None:
    assert total(app, "actor=USA'%20OR%201=1%20--") == 0
    assert total(app, "source=x'%3B%20DROP%20TABLE%20events%3B--") == 0
    assert total(app, "q=%25") == 0 or total(app, "q=%25") >= 0  # no error either way
    assert total(app, "") == 10  # nothing was dropped


def test_bad_filter_values_are_422(app: Any) -> None:
    for q in ("date_from=yesterday", "historical=maybe", "sort=1;DROP", "place=abc", "limit=0"):
        r = call(app, "GET", "/api/events?" + q)
        assert r.status_code == 422, q


def test_pagination_and_sorting(app: Any) -> None:
    pages = [get(app, f"/api/events?sort=date&order=asc&limit=4&offset={o}") for o in (0, 4, 8)]
    assert [p["total"] for p in pages] == [10, 10, 10]
    ids = [(e["article_id"], e["event_id"]) for p in pages for e in p["items"]]
    assert len(ids) == 10 and len(set(ids)) == 10
    dates = [e["date"] for p in pages for e in p["items"]]
    assert dates[0] == "2020" and dates == sorted(dates)
    # by default: report date, newest first (then the newest event date)
    default = get(app, "/api/events?limit=100")["items"]
    reported = [e["published"] for e in default]
    assert reported == sorted(reported, reverse=True)
    assert default[-1]["date"] == "2020"  # within a report date, newest event first
    desc = get(app, "/api/events?sort=date&order=desc&limit=1")["items"][0]
    assert desc["date"] == "2024-02-05"
    by_type = [e["type"] for e in get(app, "/api/events?sort=type&limit=100")["items"]]
    assert by_type == sorted(by_type)


def test_downloads_follow_the_filter(app: Any) -> None:
    r = call(app, "GET", "/api/events/download?format=csv&actor=USA")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total(app, "actor=USA") == 3
    assert all("USA" in row["actor_country"].split(";") for row in rows)
    r = call(app, "GET", "/api/events/download?format=jsonl&historical=true")
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == 2 and all(x["historical"] for x in lines)
    assert {x["date"] for x in lines} == {"2020"}
    assert all(x["n_recipients"] == len(x["recipient_country"].split(";")) for x in lines)


# -- articles, entities, places, stats, network, map -----------------------------------


def test_articles_and_record(app: Any) -> None:
    data = get(app, "/api/articles?limit=1")
    assert data["total"] == 2 and len(data["items"]) == 1
    sample = get(app, "/api/articles?q=pasukan")["items"]
    assert [a["source"] for a in sample] == ["Purna Warta"]
    rec = get(app, f"/api/articles/{sample[0]['id']}")
    assert rec["published"] == "2024-01-26" and len(rec["events"]) == 10
    for layer in ("entities", "times", "places", "quotes"):
        assert rec[layer], layer
    assert call(app, "GET", "/api/articles/doesnotexist").status_code == 404


def test_entities_actors_places(app: Any) -> None:
    ents = get(app, "/api/entities?type=PER")["items"]
    assert "Lloyd Austin" in {e["name"] for e in ents}
    assert get(app, "/api/entities?q=austin")["total"] == 1
    actors = {(a["country"], a["sector"]): a for a in get(app, "/api/actors")["items"]}
    assert actors[("IRQ", "PRM")]["as_recipient"] == 2
    assert actors[("ISR", "GOV")]["as_actor"] == 1
    places = {p["geonameid"]: p for p in get(app, "/api/places")["items"]}
    assert places[98182]["mentions"] == 3 and places[98182]["events"] == 3
    assert {2661039, 281133, 1642911} <= set(places)


def test_timeline_separates_background_from_news(app: Any) -> None:
    data = get(app, "/api/stats/timeline?bucket=day")
    hist = {r["period"] for r in data["by_event_date"] if r["historical"]}
    news = {r["period"] for r in data["by_event_date"] if not r["historical"]}
    assert hist == {"2020-01-01"}
    assert all(p.startswith("2024-") for p in news)
    assert {r["period"] for r in data["by_report_date"]} == {"2024-01-26", "2024-02-05"}
    week = get(app, "/api/stats/timeline?bucket=week")["by_event_date"]
    assert sum(r["n"] for r in week) == 10
    assert any(p["event_date"] == "2020-01-01" and p["historical"] for p in data["pairs"])


def test_network_and_map(app: Any) -> None:
    net = get(app, "/api/network?by=sector")
    nodes = {n["id"] for n in net["nodes"]}
    assert {"IRQ GOV", "USA GOV", "ISR GOV", "IRQ PRM"} <= nodes
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("IRQ GOV", "USA GOV")]["quad"] == "verbal_cooperation"
    assert edges[("USA MIL", "IRQ PRM")]["quad"] == "material_conflict"
    by_country = {n["id"] for n in get(app, "/api/network?by=country")["nodes"]}
    assert {"IRQ", "USA", "ISR", "IRN", "PSE"} <= by_country
    geo = get(app, "/api/map")
    assert {e["geonameid"] for e in geo["events"]} >= {98182, 2661039, 281133}
    assert get(app, "/api/map?historical=true")["events"][0]["geonameid"] == 98182
    assert all(p["lat"] is not None for p in geo["places"])


def test_openapi_docs(app: Any) -> None:
    spec = get(app, "/openapi.json")
    assert {"/api/events", "/api/code", "/api/network"} <= set(spec["paths"])
    assert call(app, "GET", "/docs").status_code == 200


# -- pages and escaping -------------------------------------------------------------------


def test_pages_render(app: Any) -> None:
    for url in (
        "/",
        "/events",
        "/events?type=ASSAULT&historical=false",
        "/map",
        "/actors",
        "/code",
    ):
        r = call(app, "GET", url)
        assert r.status_code == 200 and "<html" in r.text, url
    r = call(app, "GET", "/events?type=ASSAULT&historical=false")
    assert r.text.count('class="event-row') == 3
    assert call(app, "GET", "/articles/nope").status_code == 404


def test_article_page_highlights_every_layer(app: Any) -> None:
    aid = get(app, "/api/articles?q=pasukan")["items"][0]["id"]
    html = call(app, "GET", f"/articles/{aid}").text
    anns = set(re.findall(r'data-ann="([a-z]+):([^"]+)"', html))
    per_layer: dict[str, int] = {}
    for layer, _ in anns:
        per_layer[layer] = per_layer.get(layer, 0) + 1
    assert per_layer["trigger"] == 10
    assert per_layer["entity"] == 14  # mentions
    assert per_layer["time"] == 5 and per_layer["place"] == 6 and per_layer["quote"] == 2
    assert 'title="TIME 2024-01-25 (day)"' in html
    assert 'id="t-ev1"' in html and 'href="#t-ev1"' in html
    assert html.count('class="event-item') == 10


def test_article_text_is_escaped(app: Any) -> None:
    aid = get(app, "/api/articles?source=Warta%20Uji")["items"][0]["id"]
    html = call(app, "GET", f"/articles/{aid}").text
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in html
    assert "<b>Joko" not in html and "&lt;b&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    listing = call(app, "GET", "/").text
    assert "<script>alert" not in listing and "<img src=x" not in listing


# -- writes: POST /api/code, tokens, size limit ------------------------------------------

ARTICLE = (
    "Jakarta, Warta Uji – Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Australia "
    "di Jakarta pada hari Selasa untuk membahas kerja sama maritim."
)


@pytest.fixture()
def rw_store(tmp_path: Path, sample_path: Path) -> Path:
    p = tmp_path / "rw.duckdb"
    with Store(p) as st:
        st.write([demo_doc(sample_path)])
    return p


def test_post_code_live_and_store(rw_store: Path) -> None:
    app = create_app(rw_store)
    r = call(app, "POST", "/api/code", json={"text": ARTICLE, "published": "2024-03-05"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] is False and body["record"]["text"] == ARTICLE
    assert body["record"]["published"] == "2024-03-05" and body["record"]["sentences"]
    assert get(app, "/api/articles")["total"] == 1
    r = call(app, "POST", "/api/code", json={"text": ARTICLE, "store": True})
    assert r.status_code == 200 and r.json()["stored"] is True
    rec_id = r.json()["record"]["id"]
    assert get(app, f"/api/articles/{rec_id}")["text"] == ARTICLE
    assert get(app, "/api/articles?q=maritim")["total"] == 1  # search index rebuilt
    # storing the same article again is a no-op
    assert (
        call(app, "POST", "/api/code", json={"text": ARTICLE, "store": True}).json()["stored"]
        is False
    )
    assert call(app, "POST", "/api/code", json={"text": ""}).status_code == 422
    app.state.access.close()


def test_paste_form_codes_and_shows_article(rw_store: Path) -> None:
    app = create_app(rw_store)
    form = {"text": ARTICLE + " <script>x()</script>", "published": "2024-03-05"}
    r = call(app, "POST", "/code", data=form)
    assert r.status_code == 200 and "not stored" in r.text
    assert "&lt;script&gt;x()" in r.text and "<script>x()" not in r.text
    r = call(app, "POST", "/code", data={**form, "store": "1"})
    assert r.status_code == 303 and r.headers["location"].startswith("/articles/")
    assert call(app, "GET", r.headers["location"]).status_code == 200
    app.state.access.close()


def test_token_rules(rw_store: Path) -> None:
    with pytest.raises(ServeError):
        create_app(rw_store, host="0.0.0.0")
    app = create_app(rw_store, host="0.0.0.0", token="s3cret")
    payload = {"text": ARTICLE, "store": True}
    assert call(app, "POST", "/api/code", json=payload).status_code == 401
    bad = {"Authorization": "Bearer wrong"}
    assert call(app, "POST", "/api/code", json=payload, headers=bad).status_code == 401
    # coding without storing needs no token; reading needs none
    assert call(app, "POST", "/api/code", json={"text": ARTICLE}).status_code == 200
    assert call(app, "GET", "/api/events").status_code == 200
    good = {"Authorization": "Bearer s3cret"}
    r = call(app, "POST", "/api/code", json=payload, headers=good)
    assert r.status_code == 200 and r.json()["stored"] is True
    # the paste form takes the token as a field
    form = {"text": ARTICLE + " Lagi.", "store": "1"}
    assert call(app, "POST", "/code", data=form).status_code == 401
    assert call(app, "POST", "/code", data={**form, "token": "s3cret"}).status_code == 303
    app.state.access.close()


def test_cross_origin_write_refused(rw_store: Path) -> None:
    app = create_app(rw_store)
    evil = {"Origin": "http://evil.example"}
    payload = {"text": ARTICLE, "store": True}
    assert call(app, "POST", "/api/code", json=payload, headers=evil).status_code == 403
    same = {"Origin": "http://127.0.0.1:8000"}
    assert call(app, "POST", "/api/code", json=payload, headers=same).status_code == 200
    app.state.access.close()


def test_read_only_store_refuses_writes(store_path: Path) -> None:
    app = create_app(StoreAccess(store_path, read_only=True))
    r = call(app, "POST", "/api/code", json={"text": ARTICLE, "store": True})
    assert r.status_code == 403
    app.state.access.close()


def test_request_size_limit(rw_store: Path) -> None:
    app = create_app(rw_store, max_body=10_000)
    big = {"text": "kata " * 5000}
    assert call(app, "POST", "/api/code", json=big).status_code == 413
    # a chunked body without Content-Length is cut off as well
    chunks = [b'{"text": "' + b"a" * 4000 for _ in range(1)] + [b"b" * 4000] * 3 + [b'"}']

    async def stream() -> Any:
        for c in chunks:
            yield c

    r = call(
        app, "POST", "/api/code", content=stream(), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413
    app.state.access.close()


def test_ilike_fallback_without_fts(store_path: Path) -> None:
    access = StoreAccess(store_path, read_only=True)
    access.search.mode = "ilike"
    app = create_app(access)
    assert total(app, "q=serangan") == 9  # substring, no stemming
    assert total(app, "q=SERANGAN%20Bagdad") == 9
    assert total(app, "q=menyerang") == 0
    assert total(app, "q=100%25") == 0  # LIKE wildcards are escaped
    access.close()


def test_cli_refuses_open_host_without_token(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--store", str(store_path), "--host", "0.0.0.0"]) == 2
    assert "without --token" in capsys.readouterr().err


def test_events_page_offers_the_modality_toggle(app: Any) -> None:
    html = call(app, "GET", "/events").text
    assert 'name="include_unrealised"' in html and 'name="include_duplicates"' in html
    html = call(app, "GET", "/events?include_unrealised=true").text
    assert re.search(r'name="include_unrealised" value="true" checked', html)
    assert '<span id="event-total">11</span>' in html
