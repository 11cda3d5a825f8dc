"""Event clusters: one id for the same real-world event reported by several articles.

Two events are *compatible* when all of these hold (docs/scale.md has the reasoning):

- same PLOVER ``type`` and the same flags (historical, future, hypothetical, negated);
- their actor country sets overlap (both non-empty);
- their recipient country sets overlap, or at least one side has no recipient country;
- their dates agree within the coarser precision of the two: ``day`` both: at most 1 day
  apart; ``unknown`` (the publication-date fallback) on either side: at most 2 days
  apart; ``month``: same month; ``year``: same year (and always the same year, which keeps
  the join small: a pair straddling New Year is not linked);
- their places agree when both are known (same geonameid, else the same name).

Also: actor sector sets overlap when both are known; ``month`` and ``year`` precision
events only cluster with events of the same precision (a coarse date must not become a
hub that absorbs every finer event of its year).

Events are processed in store order (article ``seq``, then event order). An event joins
the earliest cluster whose *first member* is compatible with it (no chaining through
other members); with none, it starts a new cluster whose id is ``c`` + 16 hex of SHA-256
of ``"article_id/event_id"`` of that first member. So ids are deterministic for a given
input order and never change once given (clusters are not merged later).
Every event gets a cluster (a singleton when nothing matches); events without an actor
country are always singletons.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ClusterSettings", "cluster_events", "cluster_id"]


@dataclass(frozen=True)
class ClusterSettings:
    enabled: bool = True
    day_window: int = 1
    unknown_window: int = 2
    chunk: int = 1000  # articles per transaction

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any]) -> ClusterSettings:
        return cls(
            enabled=bool(m.get("enabled", True)),
            day_window=int(m.get("day_window", 1)),
            unknown_window=int(m.get("unknown_window", 2)),
            chunk=int(m.get("chunk", 1000)),
        )


def cluster_id(article_id: str, event_id: str) -> str:
    return "c" + hashlib.sha256(f"{article_id}/{event_id}".encode()).hexdigest()[:16]


#: columns of the working view of an event
_VIEW = """
SELECT e.rowid AS rid, a.seq AS seq, e.article_id, e.event_id, e.type,
  coalesce(e.historical, false) AS hist, coalesce(e.future, false) AS fut,
  coalesce(e.hypothetical, false) AS hyp, coalesce(e.negated, false) AS neg,
  list_filter(string_split(coalesce(e.actor_country, ''), ';'), x -> x <> '') AS ac,
  list_filter(string_split(coalesce(e.recipient_country, ''), ';'), x -> x <> '') AS rc,
  list_filter(string_split(coalesce(e.actor_sector, ''), ';'), x -> x <> '') AS asec,
  coalesce(try_cast(left(e.date || '-01-01', 10) AS DATE), a.published) AS d,
  CASE coalesce(e.date_precision, 'unknown')
    WHEN 'day' THEN 0 WHEN 'month' THEN 2 WHEN 'year' THEN 3 ELSE 1 END AS prec,
  e.geonameid AS gid, lower(e.location) AS loc, e.event_cluster AS cluster
FROM events e JOIN articles a ON a.id = e.article_id
"""


def _compatible(p: str, o: str, s: ClusterSettings) -> str:
    return f"""
  {o}.type = {p}.type AND {o}.hist = {p}.hist AND {o}.fut = {p}.fut
  AND {o}.hyp = {p}.hyp AND {o}.neg = {p}.neg AND year({o}.d) = year({p}.d)
  AND len({p}.ac) > 0 AND list_has_any({o}.ac, {p}.ac)
  AND (len({o}.rc) = 0 OR len({p}.rc) = 0 OR list_has_any({o}.rc, {p}.rc))
  AND (len({o}.asec) = 0 OR len({p}.asec) = 0 OR list_has_any({o}.asec, {p}.asec))
  AND CASE
    WHEN greatest({o}.prec, {p}.prec) = 0
      THEN abs(date_diff('day', {o}.d, {p}.d)) <= {int(s.day_window)}
    WHEN greatest({o}.prec, {p}.prec) = 1
      THEN abs(date_diff('day', {o}.d, {p}.d)) <= {int(s.unknown_window)}
    WHEN {o}.prec = 2 AND {p}.prec = 2 THEN month({o}.d) = month({p}.d)
    WHEN {o}.prec = 3 AND {p}.prec = 3 THEN true
    ELSE false END
  AND (CASE WHEN {o}.gid IS NOT NULL AND {p}.gid IS NOT NULL THEN {o}.gid = {p}.gid
       WHEN {o}.loc IS NOT NULL AND {p}.loc IS NOT NULL THEN {o}.loc = {p}.loc
       ELSE true END)
"""


def cluster_events(store: Any, settings: ClusterSettings | None = None) -> tuple[int, int]:
    """Give every unclustered event a cluster; returns (events assigned, new clusters)."""
    import pyarrow as pa

    from warta.scale.dedup import insert_rows

    s = settings or ClusterSettings()
    if not s.enabled:
        return 0, 0
    con = store.con
    assigned = started = 0
    while True:
        seqs = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT a.seq FROM events e JOIN articles a ON a.id = e.article_id "
                "WHERE e.event_cluster IS NULL ORDER BY a.seq LIMIT ?",
                [s.chunk],
            ).fetchall()
        ]
        if not seqs:
            break
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _pend AS SELECT * FROM ({_VIEW}) v "
                "WHERE v.cluster IS NULL AND list_contains(?, v.seq)",
                [seqs],
            )
            # earliest compatible already-clustered event, per pending event
            old = dict(
                con.execute(
                    f"""SELECT p.rid, arg_min(o.cluster, [o.seq, o.rid])
                    FROM _pend p JOIN ({_VIEW}) o ON {_compatible("p", "o", s)}
                    AND o.cluster = 'c' || left(sha256(o.article_id || '/' || o.event_id), 16)
                    GROUP BY p.rid"""
                ).fetchall()
            )
            # compatible earlier pending events (same chunk)
            inner: dict[int, list[tuple[int, int]]] = {}
            for prid, qseq, qrid in con.execute(
                f"""SELECT p.rid, q.seq, q.rid FROM _pend p JOIN _pend q
                ON {_compatible("p", "q", s)}
                AND (q.seq < p.seq OR (q.seq = p.seq AND q.rid < p.rid))"""
            ).fetchall():
                inner.setdefault(prid, []).append((qseq, qrid))
            pend = con.execute(
                "SELECT rid, seq, article_id, event_id FROM _pend ORDER BY seq, rid"
            ).fetchall()
            out: dict[int, str] = {}
            founders: set[int] = set()
            for rid, _seq, aid, eid in pend:
                firsts = sorted(q for q in inner.get(rid, ()) if q[1] in founders)
                if rid in old:
                    out[rid] = old[rid]
                elif firsts:
                    out[rid] = out[firsts[0][1]]
                else:
                    founders.add(rid)
                    out[rid] = cluster_id(aid, eid)
                    started += 1
            con.execute("CREATE OR REPLACE TEMP TABLE _assign (rid BIGINT, cluster VARCHAR)")
            insert_rows(
                con,
                "_assign",
                {"rid": list(out), "cluster": list(out.values())},
                {"rid": pa.int64(), "cluster": pa.string()},
            )
            con.execute(
                "UPDATE events SET event_cluster = t.cluster FROM _assign t "
                "WHERE events.rowid = t.rid"
            )
            con.execute("DROP TABLE _assign")
            con.execute("DROP TABLE _pend")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        assigned += len(pend)
    return assigned, started
