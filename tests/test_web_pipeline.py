"""Issue 6's "done when" on real pipeline output: `warta run` on the sample, then the API.

The other API tests use a hand-coded store so that they test the server, not the coder;
this one checks what an analyst sees after coding the sample article for real.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from test_api import get
from warta.api.app import create_app
from warta.api.db import StoreAccess
from warta.cli import main


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Any:
    store = tmp_path_factory.mktemp("pipe") / "demo.duckdb"
    assert main(["run", str(sample_path), "--store", str(store), "-q"]) == 0
    a = create_app(StoreAccess(store, read_only=True))
    yield a
    a.state.access.close()


def test_sample_events_are_listed_with_evidence(app: Any) -> None:
    events = get(app, "/api/events?limit=200")["items"]
    agree = [e for e in events if e["type"] == "AGREE"]
    assert len(agree) == 1
    assert {"IRQ", "USA"} <= set(
        (agree[0]["actor_country"] + ";" + agree[0]["recipient_country"]).split(";")
    )
    assert agree[0]["date"] == "2024-01-25" and agree[0]["trigger"] == "sepakat"
    # a planned withdrawal is not counted as a RETREAT
    assert not [e for e in events if e["type"] == "RETREAT"]
    assert any(e["type"] == "ASSAULT" and "USA" in e["actor_country"] for e in events)


def test_timeline_separates_2020_background_from_january_2024_news(app: Any) -> None:
    rows = get(app, "/api/stats/timeline?bucket=month")["by_event_date"]
    hist = {r["period"][:4] for r in rows if r["historical"]}
    news = {r["period"][:7] for r in rows if not r["historical"]}
    assert "2020" in hist
    assert news == {"2024-01"}


def test_map_places_and_network_nodes(app: Any) -> None:
    places = {p["geonameid"]: p["name"] for p in get(app, "/api/map")["places"]}
    assert places.get(98182) == "Baghdad" and places.get(2661039) == "Davos"
    assert "Gaza Strip" in places.values()
    nodes = {n["id"]: n["label"] for n in get(app, "/api/network")["nodes"]}
    countries = {i.split()[0] for i in nodes}
    assert {"IRQ", "USA", "ISR"} <= countries
    assert any("Mobilisasi Populer" in label or "PMU" in label for label in nodes.values())
