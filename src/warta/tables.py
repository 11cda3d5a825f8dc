"""Event tables an analyst loads in pandas, R or a spreadsheet without cleaning.

One row per event (``layout="event"``) with the actors and recipients as parallel lists
(``;``-separated, one element per actor in the coder's order, empty where unknown, so
``actor_text``, ``actor_name``, ``actor_country`` and ``actor_sector`` line up), or one
row per actor-recipient pair (``layout="dyad"``) with single values. Every column, its
type and meaning is in :data:`COLUMNS` and ``docs/data-dictionary.md``; booleans are
``true``/``false`` in CSV, real booleans in Parquet and JSON.

The same rows feed ``warta export --format csv|parquet`` and the web UI's downloads.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

from warta.geoinfo import geo_precision, point
from warta.resources import load_json

__all__ = [
    "CLUSTER_COLUMNS",
    "COLUMNS",
    "EVENT_SQL",
    "LAYOUTS",
    "csv_lines",
    "event_rows",
    "write_rows",
]

LAYOUTS = ("event", "dyad")

#: name -> (type, meaning) of the event table; type is string, bool, int or float
COLUMNS: dict[str, tuple[str, str]] = {
    "article_id": ("string", "article id (given, else a hash of the text)"),
    "event_id": ("string", "event id within the article (ev1, ev2 ...)"),
    "event_cluster": ("string", "id of the real-world event this mention belongs to"),
    "type": ("string", "PLOVER v2 event type (ASSAULT, CONSULT ...)"),
    "quad_class": ("string", "PLOVER quad class of the type"),
    "mode": ("string", "PLOVER mode, when coded"),
    "context": ("string", "PLOVER contexts, ';'-separated"),
    "date": ("string", "event date YYYY-MM-DD, YYYY-MM or YYYY (when it happened)"),
    "date_precision": ("string", "day, month, year, or unknown (the report date stands in)"),
    "published": ("string", "report date YYYY-MM-DD of the article"),
    "source": ("string", "news source"),
    "url": ("string", "article URL"),
    "historical": ("bool", "background: happened well before the report"),
    "future": ("bool", "planned or announced, not yet happened"),
    "hypothetical": ("bool", "conditional or possible"),
    "negated": ("bool", "denied or said not to have happened"),
    "counted": ("bool", "an event (not future, hypothetical or negated): what counts"),
    "n_actors": ("int", "number of actors (list length of the actor_* columns)"),
    "actor_text": ("string", "actor words in the text; list"),
    "actor_name": ("string", "canonical name of the actor's entity, empty if none; list"),
    "actor_kb_id": ("string", "Wikidata id of the actor's entity, empty if none; list"),
    "actor_country": ("string", "actor country (ISO 3166-1 alpha-3, IGO, NGO ...); list"),
    "actor_sector": ("string", "actor PLOVER sector (GOV, MIL, COP ...); list"),
    "n_recipients": ("int", "number of recipients"),
    "recipient_text": ("string", "recipient words in the text; list"),
    "recipient_name": ("string", "canonical name of the recipient's entity; list"),
    "recipient_kb_id": ("string", "Wikidata id of the recipient's entity; list"),
    "recipient_country": ("string", "recipient country; list"),
    "recipient_sector": ("string", "recipient sector; list"),
    "location": ("string", "name of the event location"),
    "location_country": ("string", "country of the event location"),
    "geonameid": ("int", "GeoNames id of the location (empty for hand-made regions)"),
    "lat": ("float", "latitude (WGS84); a country's centroid when geo_precision=country"),
    "lon": ("float", "longitude (WGS84)"),
    "geo_precision": ("string", "exact, city, admin2, admin1, country or region"),
    "dead": ("int", "people killed"),
    "injured": ("int", "people injured"),
    "arrested": ("int", "people arrested"),
    "trigger": ("string", "the words that state the event"),
    "sentence": ("string", "the sentence that states it"),
    "confidence": ("float", "coder confidence 0-1"),
}

#: in layout="dyad" these columns hold one value and say which pair the row is
DYAD_COLUMNS: dict[str, tuple[str, str]] = {
    "actor_index": ("int", "1-based position of this row's actor in the event (0: none)"),
    "recipient_index": ("int", "1-based position of this row's recipient (0: none)"),
}

#: name -> (type, meaning) of the cluster table (one row per real-world event)
CLUSTER_COLUMNS: dict[str, tuple[str, str]] = {
    "event_cluster": ("string", "cluster id"),
    "type": ("string", "PLOVER type (first mention's)"),
    "quad_class": ("string", "PLOVER quad class"),
    "date": ("string", "earliest event date of the mentions"),
    "date_precision": ("string", "first mention's date precision"),
    "historical": ("bool", "background event (all members share the flags)"),
    "future": ("bool", "planned (only with --include-unrealised)"),
    "hypothetical": ("bool", "conditional (only with --include-unrealised)"),
    "negated": ("bool", "denied (only with --include-unrealised)"),
    "actor_country": ("string", "actor countries of all mentions, sorted, ';'-separated"),
    "recipient_country": ("string", "recipient countries of all mentions"),
    "location": ("string", "first known location"),
    "geonameid": ("int", "its GeoNames id"),
    "lat": ("float", "latitude (a country's centroid at country precision)"),
    "lon": ("float", "longitude"),
    "geo_precision": ("string", "exact, city, admin2, admin1, country or region"),
    "n_mentions": ("int", "event mentions in the cluster"),
    "n_articles": ("int", "articles reporting it"),
    "n_sources": ("int", "distinct sources reporting it"),
    "first_published": ("string", "earliest report date"),
    "first_article_id": ("string", "article of the first mention"),
    "first_event_id": ("string", "event id of the first mention"),
    "trigger": ("string", "first mention's trigger"),
    "sentence": ("string", "first mention's sentence"),
    "article_ids": ("string", "member articles in store order, ';'-separated"),
}

_SIDE = '[{"text":"VARCHAR","entity":"VARCHAR","country":"VARCHAR","sector":"VARCHAR"}]'

#: events (with ``{where}`` on alias e) and what the exports add: the place's kind and
#: coordinates, and the canonical names of the article's entities
EVENT_SQL = """
WITH pl AS (
  SELECT article_id, coalesce(CAST(geonameid AS VARCHAR), 'name:' || name) AS k,
    any_value(kind) AS kind, any_value(lat) AS lat, any_value(lon) AS lon,
    any_value(country) AS country
  FROM places GROUP BY ALL)
SELECT e.*, pl.kind AS place_kind, pl.lat AS place_lat, pl.lon AS place_lon,
  pl.country AS place_country,
  (SELECT list({{'id': n.entity_id, 'name': n.name, 'kb_id': n.kb_id}})
   FROM entities n WHERE n.article_id = e.article_id) AS entity_names
FROM events e
LEFT JOIN pl ON pl.article_id = e.article_id
  AND pl.k = coalesce(CAST(e.geonameid AS VARCHAR), 'name:' || e.location)
{where}
ORDER BY e.published DESC NULLS LAST, e.article_id, e.event_id
"""


def _quad(type_: str | None) -> str | None:
    quad: dict[str, str] = load_json("plover/quad.json")["types"]
    return quad.get(type_ or "")


def _side(raw: Any) -> list[dict[str, Any]]:
    if raw is None:
        return []
    val = json.loads(raw) if isinstance(raw, str) else raw
    return [a for a in val if isinstance(a, dict)]


def _item(value: Any) -> str:
    return "" if value is None else str(value).replace(";", ",")


def _parties(prefix: str, side: list[dict[str, Any]], names: Mapping[str, Any]) -> dict[str, Any]:
    ents = [names.get(str(a.get("entity"))) or {} for a in side]
    return {
        f"{prefix}_text": [_item(a.get("text")) for a in side],
        f"{prefix}_name": [_item(e.get("name")) for e in ents],
        f"{prefix}_kb_id": [_item(e.get("kb_id")) for e in ents],
        f"{prefix}_country": [_item(a.get("country")) for a in side],
        f"{prefix}_sector": [_item(a.get("sector")) for a in side],
    }


def _base(row: Mapping[str, Any]) -> dict[str, Any]:
    kind = row.get("place_kind")
    country = row.get("place_country") or row.get("location_country")
    lat, lon = point(kind, country, row.get("place_lat"), row.get("place_lon"))
    flags = {k: bool(row.get(k)) for k in ("historical", "future", "hypothetical", "negated")}
    published = row.get("published")
    return {
        "article_id": row.get("article_id"),
        "event_id": row.get("event_id"),
        "event_cluster": row.get("event_cluster"),
        "type": row.get("type"),
        "quad_class": _quad(row.get("type")),
        "mode": row.get("mode"),
        "context": row.get("context") or None,
        "date": row.get("date"),
        "date_precision": row.get("date_precision"),
        "published": None if published is None else str(published),
        "source": row.get("source"),
        "url": row.get("url"),
        **flags,
        "counted": not (flags["future"] or flags["hypothetical"] or flags["negated"]),
        "location": row.get("location"),
        "location_country": row.get("location_country"),
        "geonameid": row.get("geonameid"),
        "lat": lat if row.get("location") else None,
        "lon": lon if row.get("location") else None,
        "geo_precision": geo_precision(kind, country) if row.get("location") else None,
        "dead": row.get("dead"),
        "injured": row.get("injured"),
        "arrested": row.get("arrested"),
        "trigger": row.get("trigger"),
        "sentence": row.get("sentence"),
        "confidence": row.get("confidence"),
    }


def event_rows(
    rows: Iterable[Mapping[str, Any]], layout: str = "event"
) -> Iterator[dict[str, Any]]:
    """Analyst rows from rows of :data:`EVENT_SQL` (one per event, or per dyad)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout: one of {', '.join(LAYOUTS)}")
    for row in rows:
        names = {str(n["id"]): n for n in row.get("entity_names") or [] if n}
        actors, recips = _side(row.get("actors")), _side(row.get("recipients"))
        base = _base(row)
        a_cols, r_cols = _parties("actor", actors, names), _parties("recipient", recips, names)
        if layout == "event":
            out = dict(base, n_actors=len(actors), n_recipients=len(recips))
            out.update({k: ";".join(v) for k, v in {**a_cols, **r_cols}.items()})
            yield {c: out.get(c) for c in COLUMNS}
            continue
        for i in range(max(1, len(actors))):
            for j in range(max(1, len(recips))):
                out = dict(base, n_actors=len(actors), n_recipients=len(recips))
                out["actor_index"] = i + 1 if actors else 0
                out["recipient_index"] = j + 1 if recips else 0
                out.update({k: (v[i] if actors else "") for k, v in a_cols.items()})
                out.update({k: (v[j] if recips else "") for k, v in r_cols.items()})
                yield {c: out.get(c) for c in (*COLUMNS, *DYAD_COLUMNS)}


def columns_for(layout: str) -> dict[str, tuple[str, str]]:
    return {**COLUMNS, **DYAD_COLUMNS} if layout == "dyad" else dict(COLUMNS)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_lines(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """CSV text (header first), a chunk of up to 500 rows at a time."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for n, row in enumerate(rows, start=1):
        w.writerow([_cell(row.get(c)) for c in columns])
        if n % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {"string": pa.string(), "bool": pa.bool_(), "int": pa.int64(), "float": pa.float64()}[
        kind
    ]


def write_rows(
    rows: Iterable[Mapping[str, Any]],
    columns: Mapping[str, tuple[str, str]],
    out: str | IO[str],
    fmt: str,
) -> int:
    """Write analyst rows as ``csv``, ``parquet`` (typed columns) or ``jsonl``; returns
    the number of rows."""
    names = list(columns)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not isinstance(out, str):
            raise ValueError("parquet is written to a file: pass a path")
        data = list(rows)
        schema = pa.schema([(c, _arrow_type(t)) for c, (t, _) in columns.items()])
        table = pa.table({c: [r.get(c) for r in data] for c in names}, schema=schema)
        pq.write_table(table, out)
        return len(data)
    if fmt not in ("csv", "jsonl"):
        raise ValueError(f"unknown format {fmt!r}")
    if isinstance(out, str):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return write_rows(rows, columns, fh, fmt)
    n = 0

    def counted() -> Iterator[Mapping[str, Any]]:
        nonlocal n
        for r in rows:
            n += 1
            yield r

    if fmt == "csv":
        for chunk in csv_lines(counted(), names):
            out.write(chunk)
    else:
        for r in counted():
            out.write(json.dumps({c: r.get(c) for c in names}, ensure_ascii=False) + "\n")
    return n
