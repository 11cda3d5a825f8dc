"""PLOVER v2 export: one JSON record per event (``warta export --format plover``).

Field names and types follow the PLOVER manual's "Data Fields" chapter
(openeventdata/PLOVER, PLOVER_MANUAL.tex): the event record ``id, date, actor,
recipient, event, event_loc, event_text, quad_code, event_scale, mode, context, text,
text_info, cite_info, coder, coded_date``; entity objects ``{code, sector, entity_text,
identifier_id, identifier_text}``; the location object ``{extracted_place,
resolved_place, geonameid, lat, lon, country, country_code, feature_class, feature_code,
resolution}`` with GeoNames feature classes (A area, P populated place, L region ...);
the text object ``{sequence, start, end}``; the size object ``{dead, injured, arrested}``.
The auxiliary modes (historical, future, hypothetical, negation) go in ``context`` as the
manual says. Fields the manual does not name are listed in :data:`EXTRA_FIELDS` (the
manual invites providers to add their own). ``tests/test_export.py`` checks an exported
record against one written from the manual's tables.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from warta.events.lexicon import codebook
from warta.geoinfo import country_name, feature_class, geo_precision, point, resolution

__all__ = ["EXTRA_FIELDS", "plover_records", "write_plover"]

#: fields warta adds beyond the manual's, per object
EXTRA_FIELDS: dict[str, frozenset[str]] = {
    "event": frozenset(
        {"date_precision", "special_context", "size", "confidence", "event_cluster"}
    ),
    "event_loc": frozenset({"geo_precision"}),
    "text_info": frozenset({"trigger_start", "trigger_end", "evidence"}),
    "entity": frozenset(),
    "cite_info": frozenset({"published"}),
}

_SPECIAL = (
    ("historical", "historical"),
    ("future", "future"),
    ("hypothetical", "hypothetical"),
    ("negated", "negation"),
)


def _entity(a: Mapping[str, Any], entities: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    ent = entities.get(str(a.get("entity"))) if a.get("entity") else None
    return {
        "code": a.get("country"),
        "sector": a.get("sector"),
        "entity_text": a.get("text"),
        "identifier_id": (ent or {}).get("kb_id"),
        "identifier_text": (ent or {}).get("name"),
    }


def _location(loc: Mapping[str, Any], places: list[Mapping[str, Any]]) -> dict[str, Any]:
    idx = loc.get("place")
    place = places[idx] if isinstance(idx, int) and 0 <= idx < len(places) else {}
    kind, code = place.get("kind"), loc.get("country") or place.get("country")
    lat, lon = point(kind, code, place.get("lat"), place.get("lon"))
    fclass, fcode = feature_class(kind, code)
    precision = geo_precision(kind, code)
    return {
        "extracted_place": place.get("text") or loc.get("name"),
        "resolved_place": loc.get("name") or place.get("name"),
        "geonameid": loc.get("geonameid"),
        "lat": lat,
        "lon": lon,
        "country": country_name(code),
        "country_code": code,
        "feature_class": fclass,
        "feature_code": fcode,
        "resolution": resolution(precision),
        "geo_precision": precision,
    }


def plover_records(record: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """PLOVER v2 records for the events of one warta JSONL record."""
    from warta import __version__

    types = codebook()["types"]
    text = str(record.get("text") or "")
    entities = {str(e.get("id")): e for e in record.get("entities") or []}
    places = list(record.get("places") or [])
    sentences = record.get("sentences") or []
    today = dt.date.today().isoformat()
    stage = (record.get("provenance") or {}).get("stages", {}).get("events", "events")
    for ev in record.get("events") or []:
        spec = types.get(ev.get("type"), {})
        trig = ev.get("trigger") or {}
        sent = ev.get("sentence") or {}
        s0, s1 = sent.get("start", 0), sent.get("end", 0)
        seq = next((n for n, s in enumerate(sentences) if s.get("start") == s0), None)
        loc = ev.get("location") or None
        special = [name for flag, name in _SPECIAL if ev.get(flag)]
        size = ev.get("size") or {}
        yield {
            "id": f"{record.get('id')}-{ev.get('id')}",
            "date": ev.get("date") or record.get("published"),
            "date_precision": ev.get("date_precision"),
            "actor": [_entity(a, entities) for a in ev.get("actors") or []],
            "recipient": [_entity(a, entities) for a in ev.get("recipients") or []],
            "event": [ev.get("type")],
            "event_loc": _location(loc, places) if loc else None,
            "event_text": [trig.get("text") or text[trig.get("start", 0) : trig.get("end", 0)]],
            "quad_code": spec.get("quad_code"),
            "event_scale": None if spec.get("score") is None else float(spec["score"]),
            "mode": [ev["mode"]] if ev.get("mode") else [],
            "context": list(ev.get("context") or []) + special,
            "special_context": special,
            "size": {k: size.get(k) for k in ("dead", "injured", "arrested")},
            "text": text[s0:s1],
            "text_info": {
                "sequence": seq,
                "start": s0,
                "end": s1,
                "trigger_start": trig.get("start"),
                "trigger_end": trig.get("end"),
                "evidence": [[e.get("start"), e.get("end")] for e in ev.get("evidence") or []],
            },
            "cite_info": {
                "corpus": record.get("source"),
                "citation": record.get("id"),
                "url": record.get("url"),
                "title": record.get("title"),
                "language": record.get("language"),
                "publication": record.get("source"),
                "published": record.get("published"),
                "coder": f"warta {__version__} ({stage})",
                "codebook": "plover-v2",
            },
            "confidence": ev.get("confidence"),
            "event_cluster": ev.get("event_cluster"),
            "coder": f"warta {__version__}",
            "coded_date": today,
        }


def write_plover(records: Iterable[Mapping[str, Any]], out: str | Path | IO[str]) -> int:
    """Write PLOVER v2 JSONL for every event of ``records`` (a Store or warta records)."""
    if hasattr(records, "records"):
        records = records.records()
    n = 0
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8") as fh:
            return write_plover(records, fh)
    for rec in records:
        for row in plover_records(rec):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
