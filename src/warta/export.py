"""PLOVER v2 export: one JSON record per event (``warta export --format plover``).

Field names follow the PLOVER manual's data-field tables (openeventdata/PLOVER,
PLOVER_MANUAL.tex, "Data Fields"): ``id, date, source, recipient, event, mode, context,
event_loc, event_text, quad_code, event_scale, text_info, cite_info, coder, coded_date``,
with actor objects ``{code, sector, actor_text, identifier_id, identifier_text}`` and a
GeoNames-style location object. ``actor`` repeats ``source`` (the name design.md uses);
warta's own flags (historical, future, negated ...) go in ``special_context`` and in
``context`` as PLOVER's special contexts, and the evidence sentence offsets in
``text_info``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from warta.events.lexicon import codebook

__all__ = ["plover_records", "write_plover"]

_SPECIAL = (
    ("historical", "historical"),
    ("future", "future"),
    ("hypothetical", "hypothetical"),
    ("negated", "negation"),
)


def _actor(a: Mapping[str, Any], entities: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    ent = entities.get(str(a.get("entity"))) if a.get("entity") else None
    return {
        "code": a.get("country"),
        "sector": a.get("sector"),
        "actor_text": a.get("text"),
        "identifier_id": (ent or {}).get("kb_id"),
        "identifier_text": (ent or {}).get("name"),
    }


def plover_records(record: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """PLOVER v2 records for the events of one warta JSONL record."""
    from warta import __version__

    types = codebook()["types"]
    text = str(record.get("text") or "")
    entities = {str(e.get("id")): e for e in record.get("entities") or []}
    places = record.get("places") or []
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
        event_loc = None
        if loc:
            place = (
                places[loc["place"]]
                if isinstance(loc.get("place"), int) and loc["place"] < len(places)
                else {}
            )
            event_loc = {
                "geonameid": loc.get("geonameid"),
                "name": loc.get("name"),
                "latitude": place.get("lat"),
                "longitude": place.get("lon"),
                "cc3": loc.get("country"),
                "feature_class": place.get("kind"),
            }
        special = [name for flag, name in _SPECIAL if ev.get(flag)]
        source = [_actor(a, entities) for a in ev.get("actors") or []]
        yield {
            "id": f"{record.get('id')}-{ev.get('id')}",
            "date": ev.get("date") or record.get("published"),
            "date_precision": ev.get("date_precision"),
            "source": source,
            "actor": source,
            "recipient": [_actor(a, entities) for a in ev.get("recipients") or []],
            "event": [ev.get("type")],
            "mode": [ev["mode"]] if ev.get("mode") else [],
            "context": list(ev.get("context") or []) + special,
            "special_context": special,
            "event_loc": event_loc,
            "event_text": [trig.get("text") or text[trig.get("start", 0) : trig.get("end", 0)]],
            "quad_code": spec.get("quad_code"),
            "event_scale": spec.get("score"),
            "size": ev.get("size"),
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
