"""Cluster-level views of a store: one row per real-world event instead of per mention.

Planned, conditional and denied mentions (``future``, ``hypothetical``, ``negated``) are
not events and are left out unless asked for; a cluster's members share their flags
(clustering compares them), so the flags are columns of the cluster row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from warta.geoinfo import geo_precision, point
from warta.resources import load_json

__all__ = ["CLUSTER_SQL", "cluster_rows"]

#: one row per event cluster; ``{where}`` filters the mentions counted
CLUSTER_SQL = """
WITH pl AS (
  SELECT coalesce(CAST(geonameid AS VARCHAR), 'name:' || name || '|' || coalesce(country, ''))
    AS k, any_value(kind) AS kind, any_value(lat) AS lat, any_value(lon) AS lon,
    any_value(country) AS country
  FROM places GROUP BY ALL),
cl AS (
SELECT e.event_cluster AS event_cluster,
  arg_min(e.type, [a.seq, e.rowid]) AS type,
  min(coalesce(e.date, CAST(a.published AS VARCHAR))) AS date,
  arg_min(e.date_precision, [a.seq, e.rowid]) AS date_precision,
  bool_or(coalesce(e.historical, false)) AS historical,
  bool_or(coalesce(e.future, false)) AS future,
  bool_or(coalesce(e.hypothetical, false)) AS hypothetical,
  bool_or(coalesce(e.negated, false)) AS negated,
  list_sort(list_distinct(flatten(list(list_filter(
    string_split(coalesce(e.actor_country, ''), ';'), x -> x <> ''))))) AS actor_country,
  list_sort(list_distinct(flatten(list(list_filter(
    string_split(coalesce(e.recipient_country, ''), ';'), x -> x <> ''))))) AS recipient_country,
  arg_min(e.location, CASE WHEN e.location IS NULL THEN NULL ELSE [a.seq, e.rowid] END)
    AS location,
  arg_min(e.location_country, CASE WHEN e.location IS NULL THEN NULL ELSE [a.seq, e.rowid] END)
    AS location_country,
  arg_min(e.geonameid, CASE WHEN e.geonameid IS NULL THEN NULL ELSE [a.seq, e.rowid] END)
    AS geonameid,
  count(*) AS n_mentions,
  count(DISTINCT e.article_id) AS n_articles,
  count(DISTINCT a.source) AS n_sources,
  min(a.published) AS first_published,
  arg_min(e.article_id, [a.seq, e.rowid]) AS first_article_id,
  arg_min(e.event_id, [a.seq, e.rowid]) AS first_event_id,
  arg_min(e.trigger, [a.seq, e.rowid]) AS trigger,
  arg_min(e.sentence, [a.seq, e.rowid]) AS sentence,
  list(e.article_id ORDER BY a.seq, e.rowid) AS article_ids,
  min([a.seq, e.rowid]) AS first
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.event_cluster IS NOT NULL {where}
GROUP BY e.event_cluster)
SELECT cl.* EXCLUDE (first), pl.kind AS place_kind, pl.lat AS place_lat,
  pl.lon AS place_lon, pl.country AS place_country
FROM cl LEFT JOIN pl ON pl.k = coalesce(CAST(cl.geonameid AS VARCHAR),
  'name:' || cl.location || '|' || coalesce(cl.location_country, ''))
ORDER BY cl.first
"""

_UNREALISED = (
    "AND NOT (coalesce(e.future, false) OR coalesce(e.hypothetical, false)"
    " OR coalesce(e.negated, false))"
)


def cluster_rows(
    con: Any, *, include_duplicates: bool = False, include_unrealised: bool = False
) -> Iterator[dict[str, Any]]:
    """One row per event cluster (``warta.tables.CLUSTER_COLUMNS``): events only (no
    planned, conditional or denied mentions) unless ``include_unrealised``."""
    where = "" if include_duplicates else "AND a.duplicate_of IS NULL"
    if not include_unrealised:
        where += " " + _UNREALISED
    quad: dict[str, str] = load_json("plover/quad.json")["types"]
    cur = con.cursor()
    res = cur.execute(CLUSTER_SQL.format(where=where))
    cols = [d[0] for d in res.description or ()]
    while batch := res.fetchmany(1000):
        for values in batch:
            row = dict(zip(cols, values, strict=True))
            kind, country = row.pop("place_kind"), row.pop("place_country")
            country = country or row.pop("location_country")
            lat, lon = point(kind, country, row.pop("place_lat"), row.pop("place_lon"))
            located = row.get("location") is not None
            row.pop("location_country", None)
            row.update(
                quad_class=quad.get(row["type"] or ""),
                lat=lat if located else None,
                lon=lon if located else None,
                geo_precision=geo_precision(kind, country) if located else None,
                first_published=None
                if row["first_published"] is None
                else str(row["first_published"]),
            )
            for key in ("actor_country", "recipient_country", "article_ids"):
                row[key] = ";".join(row[key] or [])
            yield row
