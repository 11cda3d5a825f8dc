"""The map's data: event locations and named places, with how precise each point is.

A place resolved to a whole country is drawn at the country's centroid, never at its
capital (:func:`warta.geoinfo.point`), and carries ``precision`` (``exact``, ``city``,
``admin2``, ``admin1``, ``country``, ``region``) so the map can draw it differently.
"""

from __future__ import annotations

from typing import Any

from warta.api.db import StoreAccess
from warta.api.queries import EventFilter, where_events
from warta.geoinfo import geo_precision, point
from warta.resources import load_json

__all__ = ["map_data", "places_table"]

#: a place's key: its GeoNames id, else (hand-made regions) its name and country
_KEY = (
    "coalesce(CAST({p}.geonameid AS VARCHAR),"
    " 'name:' || {p}.name || '|' || coalesce({p}.country, ''))"
)


def _placed(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with the point to draw and its precision."""
    kind, country = row.get("kind"), row.get("country")
    row["lat"], row["lon"] = point(kind, country, row.get("lat"), row.get("lon"))
    row["precision"] = geo_precision(kind, country)
    return row


def places_table(
    access: StoreAccess, country: str | None, limit: int, offset: int
) -> dict[str, Any]:
    """Resolved places (with a GeoNames id, or hand-made with coordinates) with mention,
    article and event counts."""
    conds = ["(p.geonameid IS NOT NULL OR (p.lat IS NOT NULL AND p.name IS NOT NULL))"]
    params: list[Any] = []
    if country:
        conds.append("p.country = ?")
        params.append(country.upper())
    where = " WHERE " + " AND ".join(conds)
    base = (
        "SELECT any_value(p.geonameid) AS geonameid, any_value(p.name) AS name,"
        " any_value(p.country) AS country,"
        " avg(p.lat) AS lat, avg(p.lon) AS lon, any_value(p.kind) AS kind,"
        " count(*) AS mentions, count(DISTINCT p.article_id) AS articles,"
        " (SELECT count(*) FROM events e WHERE e.geonameid = any_value(p.geonameid)) AS events"
        f" FROM places p{where} GROUP BY {_KEY.format(p='p')}"
    )
    total = access.scalar(f"SELECT count(*) FROM ({base})", params)
    rows = access.query(
        f"{base} ORDER BY mentions DESC, name LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    items = [_placed(r) for r in rows]
    return {"total": int(total or 0), "limit": limit, "offset": offset, "items": items}


def map_data(access: StoreAccess, f: EventFilter) -> dict[str, Any]:
    """Event locations with counts by type and quad class, and every named place."""
    where, params = where_events(access, f)
    located = f"{where} AND" if where else " WHERE"
    rows = access.query(
        f"""WITH pl AS (
          SELECT article_id, {_KEY.format(p="places")} AS k, any_value(kind) AS kind,
            any_value(lat) AS lat, any_value(lon) AS lon, any_value(country) AS country,
            any_value(name) AS name
          FROM places WHERE lat IS NOT NULL GROUP BY ALL),
        ev AS (
          SELECT e.*, coalesce(CAST(e.geonameid AS VARCHAR),
            'name:' || e.location || '|' || coalesce(e.location_country, '')) AS k
          FROM events e{located} e.location IS NOT NULL)
        SELECT ev.k AS key, any_value(ev.geonameid) AS geonameid,
          coalesce(any_value(pl.name), any_value(ev.location)) AS name,
          any_value(pl.country) AS country, any_value(pl.kind) AS kind,
          avg(pl.lat) AS lat, avg(pl.lon) AS lon, ev.type AS type, count(*) AS n,
          count(*) FILTER (WHERE ev.historical) AS historical
        FROM ev JOIN pl ON pl.article_id = ev.article_id AND pl.k = ev.k
        GROUP BY ev.k, ev.type""",
        params,
    )
    quad: dict[str, str] = load_json("plover/quad.json")["types"]
    events: dict[str, dict[str, Any]] = {}
    for r in rows:
        e = events.setdefault(
            r["key"],
            _placed(
                {
                    "key": r["key"],
                    "geonameid": r["geonameid"],
                    "name": r["name"],
                    "country": r["country"],
                    "kind": r["kind"],
                    "lat": r["lat"],
                    "lon": r["lon"],
                    "n": 0,
                    "historical": 0,
                    "types": {},
                    "quads": {},
                }
            ),
        )
        e["n"] += r["n"]
        e["historical"] += r["historical"]
        e["types"][r["type"]] = e["types"].get(r["type"], 0) + r["n"]
        q = quad.get(r["type"], "other")
        e["quads"][q] = e["quads"].get(q, 0) + r["n"]
    for e in events.values():
        e["quad"] = max(e["quads"], key=lambda k: (e["quads"][k], k))
    places = places_table(access, None, 2000, 0)["items"]
    return {
        "events": sorted(events.values(), key=lambda e: (-e["n"], e["key"])),
        "places": [p for p in places if p["lat"] is not None and p["lon"] is not None],
    }
