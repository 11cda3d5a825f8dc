"""Cluster-level views of a store: one row per real-world event instead of per mention."""

from __future__ import annotations

from typing import Any

__all__ = ["CLUSTER_SQL", "clusters_relation"]

#: one row per event cluster; ``{where}`` filters the mentions counted
CLUSTER_SQL = """
SELECT e.event_cluster AS event_cluster,
  arg_min(e.type, [a.seq, e.rowid]) AS type,
  min(coalesce(e.date, CAST(a.published AS VARCHAR))) AS date,
  arg_min(e.date_precision, [a.seq, e.rowid]) AS date_precision,
  list_sort(list_distinct(flatten(list(list_filter(
    string_split(coalesce(e.actor_country, ''), ';'), x -> x <> ''))))) AS actor_country,
  list_sort(list_distinct(flatten(list(list_filter(
    string_split(coalesce(e.recipient_country, ''), ';'), x -> x <> ''))))) AS recipient_country,
  arg_min(e.location, CASE WHEN e.location IS NULL THEN NULL ELSE [a.seq, e.rowid] END)
    AS location,
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
  list(e.article_id ORDER BY a.seq, e.rowid) AS article_ids
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.event_cluster IS NOT NULL {where}
GROUP BY e.event_cluster
ORDER BY min([a.seq, e.rowid])
"""


def clusters_relation(con: Any, *, include_duplicates: bool = False) -> Any:
    """A DuckDB relation with one row per event cluster (see :data:`CLUSTER_SQL`)."""
    where = "" if include_duplicates else "AND a.duplicate_of IS NULL"
    return con.sql(CLUSTER_SQL.format(where=where))
