"""PLOVER v2 export of coded records."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from warta.export import EXTRA_FIELDS, plover_records, write_plover

MANUAL = json.loads((Path(__file__).parent / "plover_manual_record.json").read_text("utf-8"))

REC = {
    "id": "a1",
    "source": "Purna Warta",
    "published": "2024-01-26",
    "language": "id",
    "text": "Baghdad dan Washington telah sepakat.",
    "sentences": [{"start": 0, "end": 37}],
    "entities": [{"id": "e1", "name": "Irak", "kb_id": "Q796"}],
    "places": [
        {
            "start": 0,
            "end": 7,
            "text": "Baghdad",
            "name": "Baghdad",
            "geonameid": 98182,
            "country": "IRQ",
            "lat": 33.34,
            "lon": 44.40,
            "kind": "city",
        },
        {
            "start": 0,
            "end": 0,
            "text": "Irak",
            "name": "Iraq",
            "geonameid": 99237,
            "country": "IRQ",
            "lat": 33.34,
            "lon": 44.40,
            "kind": "country",
        },
    ],
    "events": [
        {
            "id": "ev1",
            "type": "AGREE",
            "mode": None,
            "context": ["military"],
            "actors": [
                {"text": "Baghdad", "entity": "e1", "country": "IRQ", "sector": "GOV"},
                {"text": "Washington", "entity": None, "country": "USA", "sector": "GOV"},
            ],
            "recipients": [],
            "date": "2024-01-25",
            "date_precision": "day",
            "historical": False,
            "future": False,
            "hypothetical": False,
            "negated": False,
            "location": None,
            "size": {"dead": None, "injured": None, "arrested": None},
            "trigger": {"start": 29, "end": 36, "text": "sepakat"},
            "sentence": {"start": 0, "end": 37},
            "evidence": [],
            "confidence": 0.7,
        }
    ],
}


def test_plover_record_fields() -> None:
    (row,) = list(plover_records(REC))
    assert row["id"] == "a1-ev1" and row["date"] == "2024-01-25"
    assert row["event"] == ["AGREE"] and row["quad_code"] == 1
    assert [a["code"] for a in row["actor"]] == ["IRQ", "USA"]
    assert row["actor"][0]["identifier_id"] == "Q796"
    assert row["actor"][0]["entity_text"] == "Baghdad"
    assert row["recipient"] == [] and row["event_text"] == ["sepakat"]
    assert row["text_info"]["sequence"] == 0 and row["text"] == REC["text"]
    assert row["cite_info"]["publication"] == "Purna Warta"


def test_write_plover_jsonl() -> None:
    buf = io.StringIO()
    assert write_plover([REC, {"id": "b", "events": []}], buf) == 1
    assert json.loads(buf.getvalue())["event"] == ["AGREE"]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def _compare(ours: dict[str, Any], manual: dict[str, Any], extra: frozenset[str], where: str):
    """Every field of ours is named by the manual (or a declared extra) with the manual's
    type; a null is allowed for a value the text does not give."""
    unknown = set(ours) - set(manual) - extra - {"_note"}
    assert not unknown, f"{where}: fields the manual does not name: {sorted(unknown)}"
    for key, value in ours.items():
        if key in extra or value is None:
            continue
        want = manual[key]
        assert _kind(value) == _kind(want), f"{where}.{key}: {value!r} vs manual {want!r}"
        if key in ("date", "coded_date"):
            assert len(value) == 10 and value[4] == "-" and value[7] == "-"


def _located(kind: str) -> dict[str, Any]:
    rec = json.loads(json.dumps(REC))
    place = 0 if kind == "city" else 1
    rec["events"][0]["location"] = {
        "place": place,
        "name": rec["places"][place]["name"],
        "country": "IRQ",
        "geonameid": rec["places"][place]["geonameid"],
    }
    rec["events"][0]["historical"] = True
    return rec


def test_plover_export_follows_the_manual_record() -> None:
    (row,) = list(plover_records(_located("city")))
    for field in ("id", "date", "actor", "event"):  # required by the manual
        assert row[field], field
    manual = {k: v for k, v in MANUAL.items() if k != "_note"}
    _compare(row, manual, EXTRA_FIELDS["event"], "event")
    for side in ("actor", "recipient"):
        for ent in row[side]:
            _compare(ent, manual["actor"][0], EXTRA_FIELDS["entity"], side)
    _compare(row["event_loc"], manual["event_loc"], EXTRA_FIELDS["event_loc"], "event_loc")
    _compare(row["text_info"], manual["text_info"], EXTRA_FIELDS["text_info"], "text_info")
    _compare(row["cite_info"], manual["cite_info"], EXTRA_FIELDS["cite_info"], "cite_info")
    _compare(row["size"], manual["size"], frozenset(), "size")
    loc = row["event_loc"]
    assert loc["lat"] == 33.34 and loc["lon"] == 44.40 and loc["country_code"] == "IRQ"
    assert loc["feature_class"] == "P" and loc["resolution"] == 4 and loc["country"] == "Iraq"
    assert "historical" in row["context"]  # an auxiliary mode, in context as the manual says
    assert isinstance(row["event_scale"], float) and row["quad_code"] == 1


def test_plover_country_location_is_a_centroid_not_the_capital() -> None:
    (row,) = list(plover_records(_located("country")))
    loc = row["event_loc"]
    assert loc["feature_class"] == "A" and loc["feature_code"] == "PCLI"
    assert loc["resolution"] == 1 and loc["geo_precision"] == "country"
    assert (loc["lat"], loc["lon"]) != (33.34, 44.40)  # Baghdad
    assert 30 < loc["lat"] < 36 and 40 < loc["lon"] < 47  # inside Iraq
