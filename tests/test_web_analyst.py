"""What an analyst sees (issue 15), in-process: network nodes named by canonical names,
an entity table without unit words, pronouns and bare titles, form errors as messages on
the page, every active filter shown, map points with their precision."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from warta.api.app import create_app
from warta.api.db import StoreAccess
from warta.api.network import readable_name
from warta.store import Store
from web_fixtures import call, demo_doc, get_json, noisy_doc, script_doc


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Any:
    p = tmp_path_factory.mktemp("analyst") / "a.duckdb"
    with Store(p) as st:
        st.write([demo_doc(sample_path), script_doc(), noisy_doc()])
    a = create_app(StoreAccess(p, read_only=True))
    yield a
    a.state.access.close()


get = get_json


def test_readable_names() -> None:
    for bad in ("Rp", "rp 5.000", "WIB", "Pasal 287", "saya", "Dia", "Ketua", "Presiden", " "):
        assert not readable_name(bad), bad
    for good in ("Joko Widodo", "Komisi Pemberantasan Korupsi", "Ketua DPR Setya Novanto"):
        assert readable_name(good), good


def test_entity_table_leaves_out_units_pronouns_and_titles(app: Any) -> None:
    names = {e["name"] for e in get(app, "/api/entities?limit=1000")["items"]}
    assert "Joko Widodo" in names
    assert not names & {"Rp", "WIB", "Pasal 287", "Saya", "Ketua"}
    page = call(app, "GET", "/actors").text
    table = re.search(r'id="entity-table".*?</table>', page, re.S)
    assert table and ">Rp<" not in table.group(0) and ">WIB<" not in table.group(0)


def test_network_nodes_carry_canonical_names(app: Any) -> None:
    net = get(app, "/api/network")  # by actor
    labels = {n["id"]: n["label"] for n in net["nodes"]}
    assert "Joko Widodo" in labels.values()
    assert not {"Saya", "saya", "Ketua"} & set(labels.values())
    # "Saya" (a pronoun) joins its country node, labelled for a reader
    (edge,) = [
        e
        for e in net["edges"]
        if labels[e["target"]] == "Joko Widodo" and e["types"] == {"ACCUSE": 1}
    ]
    assert labels[edge["source"]] == "Indonesia"
    by_sector = {n["id"]: n["label"] for n in get(app, "/api/network?by=sector")["nodes"]}
    assert by_sector["IRQ GOV"] == "Iraq · government"
    assert by_sector["USA MIL"] == "United States · military"
    by_country = {n["id"]: n["label"] for n in get(app, "/api/network?by=country")["nodes"]}
    assert by_country["IRQ"] == "Iraq"


def test_malformed_filter_is_a_message_on_the_form(app: Any) -> None:
    r = call(app, "GET", "/events?date_from=2016-13-01&country=IRQ")
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert 'id="filter-errors"' in r.text and "2016-13-01" in r.text
    assert re.search(r'name="date_from" value="2016-13-01"[^>]*class="invalid"', r.text)
    # the other filters still apply, and the table is there
    assert 'id="events-table"' in r.text
    # the JSON API keeps answering 422 with a JSON body
    api = call(app, "GET", "/api/events?date_from=2016-13-01")
    assert api.status_code == 422 and "date_from" in api.json()["detail"]


@pytest.mark.parametrize("page", ["/events", "/map", "/actors"])
def test_every_active_filter_is_shown(app: Any, page: str) -> None:
    r = call(app, "GET", page + "?country=IRQ&place=98182&article=x1&include_unrealised=true")
    assert r.status_code == 200
    chips = re.findall(r'<span class="chip" data-key="([a-z_]+)"', r.text)
    assert set(chips) == {"country", "place", "article", "include_unrealised"}
    if page == "/events":
        assert re.search(r'name="country" value="IRQ"', r.text)


def test_map_points_carry_precision_and_countries_sit_at_centroids(app: Any) -> None:
    geo = get(app, "/api/map")
    by_name = {e["name"]: e for e in geo["events"]}
    indo = by_name["Indonesia"]
    assert indo["precision"] == "country"
    assert (indo["lat"], indo["lon"]) != (-6.2146, 106.8451)  # not Jakarta
    assert -3 < indo["lat"] < 3 and 105 < indo["lon"] < 125
    assert by_name["Baghdad"]["precision"] == "city"
    places = {p["name"]: p for p in geo["places"]}
    assert places["Indonesia"]["precision"] == "country"
