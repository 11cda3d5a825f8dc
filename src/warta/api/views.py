"""What the routes of :mod:`warta.api.app` read from the store and hand to templates:
article lists, event rows, streamed downloads, the timeline and the article view."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

from warta.api.db import StoreAccess
from warta.api.queries import EventFilter, article_match, where_events
from warta.resources import load_json
from warta.tables import columns_for, csv_lines, event_rows
from warta.web.render import LAYERS, highlight


def quad_info() -> dict[str, Any]:
    """PLOVER types, their quad classes and the colours the UI draws."""
    data: dict[str, Any] = load_json("plover/quad.json")
    return {"classes": data["classes"], "types": data["types"]}


def _json_or(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return default
    return value


def event_item(row: dict[str, Any]) -> dict[str, Any]:
    """An events-table row for the JSON API and the table: actor lists parsed, quad added."""
    out = dict(row)
    out["actors"] = _json_or(row.get("actors"), [])
    out["recipients"] = _json_or(row.get("recipients"), [])
    if out.get("published") is not None:
        out["published"] = str(out["published"])
    quad = quad_info()["types"].get(out.get("type") or "")
    out["quad"] = quad
    return out


def stored_record(access: StoreAccess, article_id: str) -> dict[str, Any] | None:
    """The stored JSON record of an article, or ``None``."""
    raw = access.scalar("SELECT record FROM articles WHERE id = ?", [article_id])
    return json.loads(raw) if raw else None


def article_list(
    access: StoreAccess, q: str | None, source: str | None, limit: int, offset: int
) -> dict[str, Any]:
    """Articles (newest report first), optionally matching a full-text query."""
    conds: list[str] = []
    params: list[Any] = []
    if q and q.strip():
        c, p = article_match(access, q.strip(), "a.id")
        conds.append(c)
        params += p
    if source:
        conds.append("a.source = ?")
        params.append(source)
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    total = access.scalar(f"SELECT count(*) FROM articles a{where}", params)
    rows = access.query(
        "SELECT a.id, a.title, a.source, CAST(a.published AS VARCHAR) AS published, a.language,"
        " a.n_sentences, a.duplicate_of, left(a.text, 240) AS snippet,"
        " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events"
        f" FROM articles a{where} ORDER BY a.published DESC NULLS LAST, a.seq LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"total": int(total or 0), "limit": limit, "offset": offset, "items": rows}


def stream_events(
    access: StoreAccess, sql: str, params: list[Any], fmt: str, layout: str
) -> Iterator[str]:
    """The analyst event table (:mod:`warta.tables`) as CSV or JSONL chunks."""
    with access.cursor() as cur:
        res = cur.execute(sql, params)
        cols = [d[0] for d in res.description or ()]

        def flat() -> Iterator[dict[str, Any]]:
            while batch := res.fetchmany(500):
                for row in batch:
                    yield dict(zip(cols, row, strict=True))

        rows = event_rows(flat(), layout)
        names = list(columns_for(layout))
        if fmt == "csv":
            yield from csv_lines(rows, names)
            return
        for row in rows:
            yield json.dumps({c: row.get(c) for c in names}, ensure_ascii=False) + "\n"


_DAY = (
    "TRY_CAST(CASE length({c}) WHEN 10 THEN {c} WHEN 7 THEN {c} || '-01' "
    "WHEN 4 THEN {c} || '-01-01' END AS DATE)"
)


def _bucket(expr: str, bucket: str) -> str:
    if bucket == "day":
        return f"CAST({expr} AS VARCHAR)"
    return f"CAST(CAST(date_trunc('{bucket}', {expr}) AS DATE) AS VARCHAR)"


def timeline_data(access: StoreAccess, f: EventFilter, bucket: str) -> dict[str, Any]:
    """Events per period by event date and by report date, and their pairs."""
    where, params = where_events(access, f)
    day = _DAY.format(c="e.date")
    ev_day = f"coalesce({day}, e.published)"
    by_event = access.query(
        f"SELECT {_bucket(ev_day, bucket)} AS period, e.type AS type,"
        f" coalesce(e.historical, false) AS historical,"
        f" coalesce(e.date_precision = 'day' AND length(e.date) = 10, false) AS precise,"
        f" count(*) AS n"
        f" FROM events e{where} GROUP BY ALL HAVING period IS NOT NULL ORDER BY period, type",
        params,
    )
    by_report = access.query(
        f"SELECT {_bucket('e.published', bucket)} AS period, count(*) AS n,"
        f" count(DISTINCT e.article_id) AS articles"
        f" FROM events e{where} GROUP BY ALL HAVING period IS NOT NULL ORDER BY period",
        params,
    )
    lag = access.query(
        f"SELECT CAST({ev_day} AS VARCHAR) AS event_date, CAST(e.published AS VARCHAR)"
        f" AS report_date, e.type AS type, coalesce(e.historical, false) AS historical,"
        f" count(*) AS n FROM events e{where} GROUP BY ALL"
        f" HAVING event_date IS NOT NULL AND report_date IS NOT NULL ORDER BY n DESC LIMIT 5000",
        params,
    )
    return {"bucket": bucket, "by_event_date": by_event, "by_report_date": by_report, "pairs": lag}


def article_ctx(rec: dict[str, Any]) -> dict[str, Any]:
    """What the article view shows: the highlighted text and the event list."""
    sents = rec.get("sentences") or []
    starts = {s["start"]: i for i, s in enumerate(sents)}
    events = []
    for ev in rec.get("events") or []:
        sent = (ev.get("sentence") or {}).get("start")
        idx = starts.get(sent) if sent is not None else None
        if idx is None:
            trig = (ev.get("trigger") or {}).get("start", -1)
            idx = next((i for i, s in enumerate(sents) if s["start"] <= trig < s["end"]), None)
        more = ev.get("evidence") or []
        evidence = [starts[e["start"]] for e in more if e.get("start") in starts]
        events.append(
            {
                "ev": ev,
                "sentence": idx,
                "evidence": [i for i in evidence if i != idx],
                "quad": quad_info()["types"].get(ev.get("type")),
            }
        )
    counts = {
        "entities": sum(len(e.get("mentions") or []) for e in rec.get("entities") or []),
        "times": len(rec.get("times") or []),
        "places": len(rec.get("places") or []),
        "quotes": len(rec.get("quotes") or []),
        "triggers": len(rec.get("events") or []),
    }
    return {
        "rec": rec,
        "body": highlight(rec),
        "events": events,
        "counts": counts,
        "layers": LAYERS,
    }


def page_link(base: str, f: EventFilter, **extra: Any) -> str:
    """``base`` with the filter and ``extra`` as its query string."""
    items = f.query_items() + [(k, str(v)) for k, v in extra.items() if v is not None]
    return base + ("?" + urllib.parse.urlencode(items) if items else "")
