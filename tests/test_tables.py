"""The analyst tables: events with aligned actor/recipient columns, coordinates and geo
precision, flags as columns, one spelling of booleans; clusters without planned,
conditional or denied mentions; the data dictionary lists every column."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pandas as pd

from test_model import rich_doc
from warta.api.app import create_app
from warta.cli import main
from warta.model import Actor, Doc, Entity, EventLocation, Mention, Place
from warta.store import Store
from warta.tables import CLUSTER_COLUMNS, COLUMNS
from web_fixtures import call

ROOT = Path(__file__).resolve().parents[1]


def _docs() -> list[Doc]:
    """The rich doc (AGREE Irak+AS at Baghdad) and a variant whose AGREE is planned, its
    second actor has no sector and whose place is the country Iraq."""
    base = rich_doc()
    ev = base.events[0]
    text = base.text.replace("sepakat", "akan sepakat ")
    planned = dataclasses.replace(
        ev,
        future=True,
        actors=(Actor("Irak", "e1", "IRQ", "GOV"), Actor("AS", "e2", "USA", None)),
        location=EventLocation(0, "Iraq", "IRQ", 99237),
    )
    other = Doc(text=text, id="planned", published="2024-01-27").replace(
        sentences=base.sentences,
        entities=(*base.entities, Entity("e3", "Joko Widodo", "PER", (Mention(0, 1),), "IDN")),
        places=(Place(0, 7, "Iraq", 99237, "IRQ", 33.34, 44.40, "country"),),
        events=(planned,),
    )
    return [base, other]


def _store(tmp_path: Path) -> Path:
    path = tmp_path / "t.duckdb"
    with Store(path) as st:
        st.write(_docs())
    assert main(["dedup", "--store", str(path)]) == 0
    return path


def test_event_csv_aligns_actors_and_spells_booleans_one_way(tmp_path: Path) -> None:
    path = _store(tmp_path)
    out = tmp_path / "e.csv"
    assert main(["export", "--store", str(path), "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert list(rows[0]) == list(COLUMNS)
    by_id = {r["article_id"]: r for r in rows}
    planned, agree = by_id["planned"], by_id[rich_doc().id]
    # parallel lists: one element per actor, empty where unknown
    assert planned["actor_country"] == "IRQ;USA" and planned["actor_sector"] == "GOV;"
    assert planned["actor_name"] == "Irak;Amerika Serikat" and planned["n_actors"] == "2"
    assert [len(planned[c].split(";")) for c in ("actor_text", "actor_kb_id")] == [2, 2]
    # flags as columns, booleans as true/false only
    assert planned["future"] == "true" and planned["counted"] == "false"
    assert agree["future"] == "false" and agree["counted"] == "true"
    bools = {r[c] for r in rows for c, (t, _) in COLUMNS.items() if t == "bool"}
    assert bools == {"true", "false"}
    # coordinates: the city's own, a country at its centroid (not Baghdad)
    assert (agree["lat"], agree["lon"], agree["geo_precision"]) == ("33.34", "44.4", "city")
    assert planned["geo_precision"] == "country"
    assert (planned["lat"], planned["lon"]) != ("33.34", "44.4")
    df = pd.read_csv(out)
    assert df["historical"].dtype == bool and df["lat"].dtype == float


def test_download_matches_the_export(tmp_path: Path) -> None:
    path = _store(tmp_path)
    out = tmp_path / "e.csv"
    assert main(["export", "--store", str(path), "--format", "csv", "-o", str(out)]) == 0
    app = create_app(path, read_only=True)
    try:
        r = call(app, "GET", "/api/events/download?format=csv&include_unrealised=true")
        assert r.status_code == 200
        assert r.text == out.read_text("utf-8")
        r = call(app, "GET", "/api/events/download?format=jsonl&include_unrealised=true")
        lines = [json.loads(x) for x in r.text.splitlines()]
        assert {x["future"] for x in lines} == {True, False}
        r = call(app, "GET", "/api/events/download?format=csv")  # planned left out
        assert [x["article_id"] for x in csv.DictReader(io.StringIO(r.text))] == [rich_doc().id]
    finally:
        app.state.access.close()


def test_dyad_rows_one_per_actor_recipient_pair(tmp_path: Path) -> None:
    path = _store(tmp_path)
    out = tmp_path / "d.parquet"
    args = ["export", "--store", str(path), "--format", "parquet", "--dyads", "-o", str(out)]
    assert main(args) == 0
    df = pd.read_parquet(out).sort_values(["article_id", "actor_index"])
    agree = df[df["article_id"] == rich_doc().id]
    assert list(agree["actor_country"]) == ["IRQ", "USA"]  # two actors, no recipient
    assert list(agree["recipient_index"]) == [0, 0] and list(agree["actor_index"]) == [1, 2]
    assert df["historical"].dtype == bool


def test_cluster_export_leaves_unrealised_out_and_has_flag_columns(tmp_path: Path) -> None:
    path = _store(tmp_path)
    out = tmp_path / "c.csv"
    base = ["export", "--store", str(path), "--clusters", "--format", "csv"]
    assert main([*base, "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert list(rows[0]) == list(CLUSTER_COLUMNS)
    assert len(rows) == 1 and rows[0]["future"] == "false"
    assert rows[0]["actor_country"] == "IRQ;USA" and rows[0]["geo_precision"] == "city"
    assert main([*base, "--include-unrealised", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert sorted(r["future"] for r in rows) == ["false", "true"]


def test_data_dictionary_lists_every_column() -> None:
    doc = (ROOT / "docs" / "data-dictionary.md").read_text("utf-8")
    for name in [*COLUMNS, *CLUSTER_COLUMNS, "actor_index", "recipient_index"]:
        assert f"| `{name}` |" in doc, name
