"""PLOVER v2 export of coded records."""

from __future__ import annotations

import io
import json

from warta.export import plover_records, write_plover

REC = {
    "id": "a1",
    "source": "Purna Warta",
    "published": "2024-01-26",
    "language": "id",
    "text": "Baghdad dan Washington telah sepakat.",
    "sentences": [{"start": 0, "end": 37}],
    "entities": [{"id": "e1", "name": "Irak", "kb_id": "Q796"}],
    "places": [],
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
    assert [a["code"] for a in row["source"]] == ["IRQ", "USA"] and row["actor"] == row["source"]
    assert row["source"][0]["identifier_id"] == "Q796"
    assert row["recipient"] == [] and row["event_text"] == ["sepakat"]
    assert row["text_info"]["sequence"] == 0 and row["text"] == REC["text"]
    assert row["cite_info"]["publication"] == "Purna Warta"


def test_write_plover_jsonl() -> None:
    buf = io.StringIO()
    assert write_plover([REC, {"id": "b", "events": []}], buf) == 1
    assert json.loads(buf.getvalue())["event"] == ["AGREE"]
