"""Event clusters: one id for the same real-world event reported by several articles.

Two events are *compatible* when all of these hold (docs/scale.md has the reasoning):

- same PLOVER ``type`` and the same flags (historical, future, hypothetical, negated);
- their dates agree within the coarser precision of the two: ``day`` both: at most 1 day
  apart; ``unknown`` (the publication-date fallback) on either side: at most 2 days
  apart; ``month``: same month; ``year``: same year (and always the same year, which keeps
  the join small: a pair straddling New Year is not linked); ``month`` and ``year``
  precision events only cluster with events of the same precision (a coarse date must
  not become a hub that absorbs every finer event of its year);
- their places agree when both are known (same geonameid, else the same name);
- actor sector sets overlap when both are known;
- the actors are the same. An actor is *named* when it is linked to a person or
  organisation entity (any entity type but ``GPE``: a country or city as actor is
  country-level). A named actor's keys are its entity's ``kb_id``, its normalised
  canonical name and its normalised capitalised mention texts (aliases: "Jokowi" and
  "Joko Widodo" match through the kb_id, "Messi" and "Lionel Messi" through a mention).
  When either event has a named actor, both must have one and they must share a key;
- the recipients agree: when both have named recipients they share a key; and their
  recipient country sets overlap, or at least one side has no recipient country;
- when neither event has a named actor, the actor country sets must overlap (both
  non-empty) and that alone is not enough (in domestic news nearly every actor is the
  home country): the pair also needs an *anchor*: a shared named recipient, the same
  resolved place finer than a country (same geonameid, not a country or region), a
  shared recipient country that is neither side's actor country (a real dyad such as
  ISR -> PSE), or at least ``min_shared_words`` shared content words in the two
  sentences (words of 4+ letters, not stop words of ``resources/*/cluster_stop.txt``,
  not digits, not in the event's own actor, recipient or trigger text).

Events are processed in store order (article ``seq``, then event order). An event joins
the earliest cluster whose *first member* is compatible with it (no chaining through
other members); with none, it starts a new cluster whose id is ``c`` + 16 hex of SHA-256
of ``"article_id/event_id"`` of that first member. So ids are deterministic for a given
input order and never change once given (clusters are not merged later).
Every event gets a cluster (a singleton when nothing matches); events without an actor
country and without a named actor are always singletons. Only pending events (no cluster
yet) are processed, a chunk of articles per transaction, so the step resumes after a
crash; the earlier side of the join is limited to first members of the pending types
and years and, at day/unknown precision, to the date window around the chunk's dates.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ClusterSettings", "cluster_events", "cluster_id"]


@dataclass(frozen=True)
class ClusterSettings:
    enabled: bool = True
    day_window: int = 1
    unknown_window: int = 2
    min_shared_words: int = 2  # the lexical anchor (0: off)
    chunk: int = 1000  # articles per transaction

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any]) -> ClusterSettings:
        return cls(
            enabled=bool(m.get("enabled", True)),
            day_window=int(m.get("day_window", 1)),
            unknown_window=int(m.get("unknown_window", 2)),
            min_shared_words=int(m.get("min_shared_words", 2)),
            chunk=int(m.get("chunk", 1000)),
        )


def cluster_id(article_id: str, event_id: str) -> str:
    return "c" + hashlib.sha256(f"{article_id}/{event_id}".encode()).hexdigest()[:16]


_WORD = re.compile(r"^[a-z]+$")


@functools.cache
def _stop_sql() -> str:
    """The stop words as a SQL list literal (letters only, so no quoting issue)."""
    from warta.resources import load_lines

    words: set[str] = set()
    for rel in ("id/cluster_stop.txt", "en/cluster_stop.txt", "id/quote_pronouns.txt"):
        for line in load_lines(rel):
            words.update(w for w in line.lower().split() if _WORD.match(w))
    return "[" + ", ".join(f"'{w}'" for w in sorted(words)) + "]::VARCHAR[]"


@functools.cache
def _coarse_places_sql() -> str:
    """geonameids of countries and regions: too coarse to anchor a cluster."""
    from warta.resources import path

    ids: list[int] = []
    with gzip.open(io.BytesIO(path("geo/gazetteer.tsv.gz").read_bytes()), "rt") as fh:
        for line in fh:
            cols = line.split("\t")
            if len(cols) > 6 and cols[6] in ("country", "region") and cols[0].isdigit():
                ids.append(int(cols[0]))
    return "[" + ", ".join(str(i) for i in sorted(ids)) + "]::BIGINT[]"


def _norm(x: str) -> str:
    return f"trim(regexp_replace(lower({x}), '[^[:alnum:]]+', ' ', 'g'))"


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


def _words_sql() -> str:
    """Content words of an event's sentence (a list), minus its own actor/recipient/trigger."""
    own = "lower(concat_ws(' ', e.actor_text, e.recipient_text, e.trigger))"
    return f"""list_filter(
      list_distinct(regexp_split_to_array(lower(coalesce(e.sentence, '')), '[^[:alnum:]]+')),
      w -> length(w) >= 4 AND NOT regexp_matches(w, '^[0-9]+$')
        AND NOT list_contains({_stop_sql()}, w) AND NOT contains({own}, w))"""


def _with_keys(con: Any, name: str, rows_sql: str) -> None:
    """Materialise ``rows_sql`` (view rows) as ``name`` with named actor/recipient keys
    (``ak``/``rk``) and sentence content words (``w``)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _rows AS {rows_sql}")
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _side AS
        SELECT * FROM (
          SELECT e.rowid AS rid, e.article_id, 'a' AS side, unnest(list_transform(
            from_json(coalesce(e.actors, '[]'), '[{"entity":"VARCHAR"}]'), x -> x.entity)) AS ent
          FROM events e WHERE e.rowid IN (SELECT rid FROM _rows)
          UNION ALL
          SELECT e.rowid, e.article_id, 'r', unnest(list_transform(
            from_json(coalesce(e.recipients, '[]'), '[{"entity":"VARCHAR"}]'), x -> x.entity))
          FROM events e WHERE e.rowid IN (SELECT rid FROM _rows)
        ) WHERE ent IS NOT NULL"""
    )
    stop = _stop_sql()
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _keys AS
        WITH n AS (
          SELECT * FROM entities WHERE type <> 'GPE'
            AND article_id IN (SELECT article_id FROM _side)
        ), k AS (
          SELECT article_id, entity_id, 'kb:' || kb_id AS key FROM n WHERE kb_id IS NOT NULL
          UNION ALL
          SELECT article_id, entity_id, 'n:' || {_norm("name")} FROM n
          UNION ALL
          SELECT m.article_id, m.entity_id, 'n:' || {_norm("m.text")}
          FROM mentions m JOIN n USING (article_id, entity_id)
          WHERE regexp_matches(m.text, '^[[:upper:]]')
        )
        SELECT s.rid, s.side, list_distinct(list(k.key)) AS keys
        FROM _side s JOIN k ON k.article_id = s.article_id AND k.entity_id = s.ent
        WHERE length(k.key) >= 5 AND NOT list_contains({stop}, substr(k.key, 3))
        GROUP BY s.rid, s.side"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {name} AS
        SELECT r.*, coalesce(ka.keys, []::VARCHAR[]) AS ak,
          coalesce(kr.keys, []::VARCHAR[]) AS rk,
          list_filter({_words_sql()}, x -> NOT contains(array_to_string(
            list_concat(coalesce(ka.keys, []), coalesce(kr.keys, [])), ' '), x)) AS w,
          r.gid IS NOT NULL AND NOT list_contains({_coarse_places_sql()}, r.gid) AS fine
        FROM _rows r JOIN events e ON e.rowid = r.rid
        LEFT JOIN _keys ka ON ka.rid = r.rid AND ka.side = 'a'
        LEFT JOIN _keys kr ON kr.rid = r.rid AND kr.side = 'r'"""
    )
    for t in ("_rows", "_side", "_keys"):
        con.execute(f"DROP TABLE {t}")


def _compatible(p: str, o: str, s: ClusterSettings) -> str:
    words = (
        f"OR len(list_intersect({o}.w, {p}.w)) >= {int(s.min_shared_words)}"
        if s.min_shared_words > 0
        else ""
    )
    return f"""
  {o}.type = {p}.type AND {o}.hist = {p}.hist AND {o}.fut = {p}.fut
  AND {o}.hyp = {p}.hyp AND {o}.neg = {p}.neg AND year({o}.d) = year({p}.d)
  AND (len({o}.rc) = 0 OR len({p}.rc) = 0 OR list_has_any({o}.rc, {p}.rc))
  AND (len({o}.rk) = 0 OR len({p}.rk) = 0 OR list_has_any({o}.rk, {p}.rk))
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
  AND (len({o}.ac) = 0 OR len({p}.ac) = 0 OR list_has_any({o}.ac, {p}.ac))
  AND CASE WHEN len({o}.ak) > 0 OR len({p}.ak) > 0 THEN list_has_any({o}.ak, {p}.ak)
    ELSE len({p}.ac) > 0 AND len({o}.ac) > 0 END
  AND (list_has_any({o}.rk, {p}.rk)
    OR ({o}.fine AND {p}.fine AND {o}.gid = {p}.gid)
    OR len(list_filter(list_intersect({o}.rc, {p}.rc),
           x -> NOT list_contains({o}.ac, x) AND NOT list_contains({p}.ac, x))) > 0
    {words})
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
                "CREATE OR REPLACE TEMP TABLE _pseq AS SELECT unnest(?::BIGINT[]) AS seq", [seqs]
            )
            _with_keys(
                con,
                "_pend",
                f"SELECT * FROM ({_VIEW}) v WHERE v.cluster IS NULL "
                "AND v.seq IN (SELECT seq FROM _pseq)",
            )
            # first members of earlier clusters that could match: same type and year and,
            # for day/unknown precision, dates within the window of the chunk's dates
            w = max(int(s.day_window), int(s.unknown_window))
            _with_keys(
                con,
                "_old",
                f"""SELECT * FROM ({_VIEW}) v
                WHERE v.cluster = 'c' || left(sha256(v.article_id || '/' || v.event_id), 16)
                AND v.type IN (SELECT DISTINCT type FROM _pend)
                AND year(v.d) IN (SELECT DISTINCT year(d) FROM _pend)
                AND (v.prec >= 2 OR v.d BETWEEN (SELECT min(d) FROM _pend) - {w}
                     AND (SELECT max(d) FROM _pend) + {w})""",
            )
            # earliest compatible already-clustered event, per pending event
            old = dict(
                con.execute(
                    f"""SELECT p.rid, arg_min(o.cluster, [o.seq, o.rid])
                    FROM _pend p JOIN _old o ON {_compatible("p", "o", s)}
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
            for t in ("_assign", "_pend", "_old", "_pseq"):
                con.execute(f"DROP TABLE {t}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        assigned += len(pend)
    return assigned, started
