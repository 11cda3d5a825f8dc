"""DuckDB store with one writer.

Each batch of articles is written in one transaction, so a run killed at any moment
leaves either the whole batch or none of it; articles already stored (same content-hash
id) are skipped, which makes re-running a command idempotent and resumable.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import duckdb

from warta._api import EVENT_COLUMNS, event_rows
from warta.errors import InputError, StoreError
from warta.model import Doc, article_id, legacy_article_ids

__all__ = ["LAYER_TABLES", "Store"]

SCHEMA_VERSION = "1"

#: span layers stored as (article_id, idx, start, end, text, <fields>)
_SPAN_LAYERS: dict[str, tuple[str, ...]] = {
    "times": ("value", "granularity", "direction"),
    "places": ("name", "geonameid", "country", "lat", "lon", "kind"),
    "quotes": ("speaker", "speaker_text", "cue", "direct"),
    "quantities": ("value", "unit", "approximate"),
    "loaded_language": ("category",),
}
LAYER_TABLES = ("articles", "sentences", "entities", "mentions", *_SPAN_LAYERS, "events")
_OTHER_TABLES = ("errors", "minhash", "minhash_bands", "feed_items")


#: a DuckDB file opens with its main header and two database headers of 4 KiB each, all
#: written when the file is created, before any transaction can run
_HEADERS_SIZE = 3 * 4096
_MAGIC = b"DUCK"  # at byte 8 of the main header

log = logging.getLogger(__name__)


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to the store at ``path``. A file a killed run left without its headers
    (cut off while DuckDB created it, so nothing was ever stored in it) is created anew
    with a warning; any other unreadable file is an error, and is left as it is."""
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        if read_only or not _unfinished(Path(path)):
            raise StoreError(f"{path}: cannot open store: {exc}") from exc
        size = Path(path).stat().st_size
        log.warning("%s: store file unfinished (%d bytes, no data): created anew", path, size)
        Path(path).unlink()
        try:
            return duckdb.connect(path)
        except duckdb.Error as exc2:
            raise StoreError(f"{path}: cannot open store: {exc2}") from exc2


def _unfinished(path: Path) -> bool:
    """Whether ``path`` is a DuckDB file cut off before its headers were all written: empty,
    zeros, or the beginning of a DuckDB header (its magic ``DUCK`` at byte 8), shorter
    than the headers, with no write-ahead log holding anything. Anything else (a text file
    given by mistake) is not touched."""
    wal = path.with_name(path.name + ".wal")
    if not path.is_file() or path.stat().st_size >= _HEADERS_SIZE:
        return False
    if wal.is_file() and wal.stat().st_size > 0:
        return False
    head = path.read_bytes()
    return not head.strip(b"\0") or head[8:12] == _MAGIC


class Store:
    """A warta store in one DuckDB file (``":memory:"`` for a throwaway one)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.con = _connect(self.path, read_only)
        if not read_only:
            self.con.execute(_schema())
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION]
            )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------

    def count(self, table: str = "articles") -> int:
        if table not in LAYER_TABLES and table not in _OTHER_TABLES:
            raise StoreError(f"unknown table {table!r}")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def known(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM articles WHERE list_contains(?, id)", [ids]
        ).fetchall()
        return {r[0] for r in rows}

    def stored_ids(self, docs: Iterable[Doc]) -> dict[str, str]:
        """For each of ``docs`` already stored, the id it is stored under: its own, or the
        id its text got before ids ignored surrounding white space (a store written
        before then; ``docs/decisions.md``)."""
        docs = list(docs)
        out = {i: i for i in self.known(d.id for d in docs)}
        legacy = {
            old: d.id
            for d in docs
            if d.id not in out and d.id == article_id(d.text)
            for old in legacy_article_ids(d.text)
        }
        for old in self.known(legacy):
            out.setdefault(legacy[old], old)
        return out

    def get(self, article_id: str) -> Doc | None:
        row = self.con.execute(
            "SELECT a.record, a.duplicate_of, (SELECT list([e.event_id, e.event_cluster]) "
            "FROM events e WHERE e.article_id = a.id AND e.event_cluster IS NOT NULL) "
            "FROM articles a WHERE a.id = ?",
            [article_id],
        ).fetchone()
        return Doc.from_record(_patch(json.loads(row[0]), row[1], row[2])) if row else None

    def records(self, *, include_duplicates: bool = True) -> Iterator[dict[str, Any]]:
        """Stored records in insertion order, streamed in chunks.

        ``duplicate_of`` and each event's ``event_cluster`` come from the tables (they are
        set after the article is written, by the dedup and clustering step).
        """
        cur = self.con.cursor()
        where = "" if include_duplicates else "WHERE a.duplicate_of IS NULL"
        cur.execute(
            "SELECT a.record, a.duplicate_of, "
            "(SELECT list([e.event_id, e.event_cluster]) FROM events e "
            " WHERE e.article_id = a.id AND e.event_cluster IS NOT NULL) "
            f"FROM articles a {where} ORDER BY a.seq"
        )
        while True:
            rows = cur.fetchmany(200)
            if not rows:
                break
            for rec, dup, clusters in rows:
                yield _patch(json.loads(rec), dup, clusters)

    # -- writing (the single writer) -----------------------------------------------------

    def write(self, docs: Sequence[Doc]) -> int:
        """Store ``docs`` not stored yet, in one transaction; returns how many were new."""
        known = self.stored_ids(docs)
        fresh: dict[str, Doc] = {}
        for d in docs:
            if d.id not in known and d.id not in fresh:
                fresh[d.id] = d
        if not fresh:
            return 0
        row = self.con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()
        seq = int(row[0]) if row else 0
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in LAYER_TABLES}
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        for doc in fresh.values():
            seq += 1
            _collect(doc, seq, now, rows)
        try:
            self.con.execute("BEGIN TRANSACTION")
            for table, values in rows.items():
                if values:
                    _insert(self.con, table, values)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: write failed, batch rolled back: {exc}") from exc
        return len(fresh)

    def write_error(self, err: InputError) -> None:
        """Log an input error once: the same file, record and reason met again on a re-run
        only moves ``occurred_at`` to the latest time."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        rec = None if err.record is None else str(err.record)
        key = [err.source, rec, err.reason]
        seen = self.con.execute(
            "UPDATE errors SET occurred_at = ? WHERE source IS NOT DISTINCT FROM ?"
            " AND record IS NOT DISTINCT FROM ? AND reason IS NOT DISTINCT FROM ?",
            [now, *key],
        ).fetchone()
        if not seen or not seen[0]:
            self.con.execute("INSERT INTO errors VALUES (?, ?, ?, ?)", [*key, now])

    # -- export --------------------------------------------------------------------------

    def export(
        self,
        out: str | Path | IO[str],
        fmt: str,
        table: str = "events",
        *,
        include_duplicates: bool = False,
        clusters: bool = False,
        include_unrealised: bool = False,
        layout: str = "event",
    ) -> int:
        """Write ``table`` as ``parquet`` or ``csv`` (or all records as ``jsonl``, also to an
        open text stream such as standard output).

        The events table is written as the analyst table of :mod:`warta.tables` (one row
        per event, or per actor-recipient pair with ``layout="dyad"``: aligned actor and
        recipient columns, coordinates and geo precision, the flags as columns; see
        ``docs/data-dictionary.md``). Articles marked ``duplicate_of`` another (and their
        rows in every table) are left out unless ``include_duplicates``. ``clusters``
        writes one row per event cluster instead of one per event mention (any format),
        leaving planned, conditional and denied mentions out unless ``include_unrealised``.
        """
        from warta.tables import CLUSTER_COLUMNS, EVENT_SQL, columns_for, event_rows, write_rows

        if isinstance(out, Path):
            out = str(out)
        if fmt not in ("jsonl", "csv", "parquet"):
            raise StoreError(f"unknown export format {fmt!r}")
        if clusters:
            from warta.scale.export import cluster_rows

            rows = cluster_rows(
                self.con,
                include_duplicates=include_duplicates,
                include_unrealised=include_unrealised,
            )
            return write_rows(rows, CLUSTER_COLUMNS, _target(out, fmt), fmt)
        if fmt == "jsonl":
            if not isinstance(out, str):  # an open text stream (standard output)
                return self._write_records(out, include_duplicates)
            with open(out, "w", encoding="utf-8") as fh:
                return self._write_records(fh, include_duplicates)
        if table not in LAYER_TABLES:
            raise StoreError(f"unknown table {table!r}; one of {', '.join(LAYER_TABLES)}")
        if table == "events":
            where = (
                "" if include_duplicates else f"WHERE {_NOT_DUPLICATE.format(key='e.article_id')}"
            )
            cur = self.con.cursor()
            res = cur.execute(EVENT_SQL.format(where=where))
            cols = [d[0] for d in res.description or ()]
            flat = (dict(zip(cols, r, strict=True)) for b in _batches(res) for r in b)
            return write_rows(event_rows(flat, layout), columns_for(layout), _target(out, fmt), fmt)
        rel = self.con.table(table)
        if table == "articles":
            rel = rel.select("* EXCLUDE (record)")
        if not include_duplicates:
            rel = rel.filter(
                _NOT_DUPLICATE.format(key="id" if table == "articles" else "article_id")
            )
        return _write_relation(rel, _path(out), fmt)

    def _write_records(self, fh: IO[str], include_duplicates: bool) -> int:
        n = 0
        for rec in self.records(include_duplicates=include_duplicates):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n


_NOT_DUPLICATE = "{key} NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"


def _batches(res: Any) -> Iterator[list[Any]]:
    while batch := res.fetchmany(1000):
        yield batch


def _target(out: str | IO[str], fmt: str) -> str | IO[str]:
    return _path(out) if fmt == "parquet" else out


def _path(out: str | IO[str]) -> str:
    if not isinstance(out, str):
        raise StoreError("this export format writes to a file: pass a path")
    return out


def _write_relation(rel: Any, out: str, fmt: str) -> int:
    if fmt == "parquet":
        rel.write_parquet(out)
    elif fmt == "csv":
        rel.write_csv(out, header=True)
    elif fmt == "jsonl":
        cols = rel.columns
        n = 0
        with open(out, "w", encoding="utf-8") as fh:
            for row in rel.fetchall():
                fh.write(json.dumps(dict(zip(cols, row, strict=True)), default=str) + "\n")
                n += 1
        return n
    else:
        raise StoreError(f"unknown export format {fmt!r}")
    n = rel.aggregate("count(*)").fetchone()
    return int(n[0]) if n else 0


def _patch(rec: dict[str, Any], dup: str | None, clusters: Any) -> dict[str, Any]:
    """Fill in the store-level links (dedup, clustering) of a stored record."""
    rec["duplicate_of"] = dup
    if clusters:
        by_id = {eid: cl for eid, cl in clusters}
        for ev in rec.get("events", []):
            ev["event_cluster"] = by_id.get(ev.get("id"), ev.get("event_cluster"))
    return rec


def _insert(con: duckdb.DuckDBPyConnection, table: str, values: list[tuple[Any, ...]]) -> None:
    """Insert rows through Arrow (executemany costs ~0.4 ms a row; this ~100x less);
    falls back to executemany when a column's values have no common Arrow type."""
    import pyarrow as pa

    try:
        cols = list(zip(*values, strict=True))
        tbl = pa.table({f"c{i}": pa.array(col) for i, col in enumerate(cols)})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        marks = ", ".join("?" * len(values[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
        return
    name = f"_rows_{table}"
    con.register(name, tbl)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM {name}")
    finally:
        con.unregister(name)


def _schema() -> str:
    from importlib import resources as ir

    return ir.files("warta.store").joinpath("schema.sql").read_text(encoding="utf-8")


def _collect(doc: Doc, seq: int, now: dt.datetime, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    rec = doc.to_record()
    dl = doc.dateline
    rows["articles"].append(
        (
            doc.id,
            seq,
            doc.source,
            doc.url,
            doc.title,
            doc.published,
            doc.language,
            doc.text,
            dl.place if dl else None,
            dl.source if dl else None,
            len(doc.sentences),
            doc.duplicate_of,
            None,
            None,
            json.dumps(rec["provenance"]["stages"]),
            rec["provenance"]["warta"],
            now,
            json.dumps(rec, ensure_ascii=False),
        )
    )
    for i, s in enumerate(doc.sentences):
        rows["sentences"].append((doc.id, i, s.start, s.end))
    for ent in doc.entities:
        rows["entities"].append(
            (
                doc.id,
                ent.id,
                ent.name,
                ent.type,
                ent.country,
                ent.sector,
                ent.role,
                ent.kb_id,
                len(ent.mentions),
            )
        )
        for m in ent.mentions:
            rows["mentions"].append((doc.id, ent.id, m.start, m.end, doc.span_text(m)))
    for layer, fields in _SPAN_LAYERS.items():
        for i, item in enumerate(rec[layer]):
            rows[layer].append(
                (doc.id, i, item["start"], item["end"], item["text"], *(item[f] for f in fields))
            )
    for ev, flat, erec in zip(doc.events, event_rows(doc), rec["events"], strict=True):
        rows["events"].append(
            (
                *(flat[c] for c in EVENT_COLUMNS),
                ev.trigger.start,
                ev.trigger.end,
                ev.sentence.start,
                ev.sentence.end,
                json.dumps(erec["actors"], ensure_ascii=False),
                json.dumps(erec["recipients"], ensure_ascii=False),
            )
        )
