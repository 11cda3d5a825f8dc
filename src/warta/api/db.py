"""Store access for the server: one DuckDB database, many read cursors, one writer.

DuckDB lets one process hold a database file read-write (or several processes hold it
read-only). ``warta serve`` therefore opens the store once: read-only with
``--read-only`` (write endpoints then answer 403), otherwise read-write. Every request
reads through its own cursor (a connection to the same database, safe in its own
thread); writes (``POST /api/code`` with ``store``) go through the one :class:`Store`
connection, serialised by a lock, each batch in one transaction. While ``serve`` runs,
``warta run --store`` on the same file is refused by DuckDB's file lock; stop the server
first (or serve a copy).

Full-text search (:class:`Search`) uses DuckDB's FTS extension (BM25 with the Snowball
Indonesian stemmer) loaded from the ``duckdb-extension-fts`` package, in a separate
in-memory database that holds ``(id, title, text)`` of each article: the store file is
never changed, and the index works on read-only stores. It is built on the first query
and rebuilt after a write. Without the extension it falls back to case-insensitive
substring matching of every query word (``ILIKE``, no stemming).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb

from warta.errors import StoreError
from warta.model import Doc
from warta.store import Store

__all__ = ["Search", "StoreAccess", "fts_extension_path"]


def fts_extension_path() -> str | None:
    """The FTS extension file shipped by ``duckdb-extension-fts`` for this duckdb, if any."""
    try:
        import duckdb_extension_fts  # type: ignore[import-untyped]
    except ImportError:
        return None
    base = Path(duckdb_extension_fts.__file__).parent / "extensions"
    cand = base / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    return str(cand) if cand.exists() else None


class StoreAccess:
    """The server's handle on one store file."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such store")
        self.read_only = read_only
        self.store = Store(self.path, read_only=read_only)
        self._write_lock = threading.Lock()
        self.search = Search(self)
        self.generation = 0  # bumped by every write; caches key on it

    def close(self) -> None:
        self.search.close()
        self.store.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request (DuckDB connections are not shared across threads)."""
        cur = self.store.con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.cursor() as cur:
            res = cur.execute(sql, list(params))
            cols = [d[0] for d in res.description or ()]
            return [dict(zip(cols, row, strict=True)) for row in res.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self.cursor() as cur:
            row = cur.execute(sql, list(params)).fetchone()
            return row[0] if row else None

    def write(self, docs: Sequence[Doc]) -> int:
        """Store ``docs`` through the single writer; returns how many were new."""
        if self.read_only:
            raise StoreError(f"{self.path}: store is open read-only")
        with self._write_lock:
            n = self.store.write(docs)
            if n:
                self.generation += 1
            return n

    def stored_id(self, doc: Doc) -> str | None:
        """The id ``doc`` is stored under (its own, or the id an older store gave the same
        text), or ``None`` when it is not stored."""
        with self._write_lock:
            return self.store.stored_ids([doc]).get(doc.id)


class Search:
    """Full-text search over article titles and texts (see module docstring)."""

    def __init__(self, access: StoreAccess) -> None:
        self._access = access
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._built_for = -1
        self._ext = fts_extension_path()
        self.mode = "fts" if self._ext else "ilike"

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def _ensure(self) -> duckdb.DuckDBPyConnection:
        gen = self._access.generation
        if self._con is not None and self._built_for == gen:
            return self._con
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"LOAD '{self._ext}'")  # path from the installed package, not input
        except duckdb.Error:
            con.close()
            self.mode = "ilike"
            raise
        rows = self._access.query("SELECT id, coalesce(title, '') AS title, text FROM articles")
        con.execute("CREATE TABLE docs (id VARCHAR, title VARCHAR, text VARCHAR)")
        if rows:
            con.executemany(
                "INSERT INTO docs VALUES (?, ?, ?)",
                [(r["id"], r["title"], r["text"]) for r in rows],
            )
        con.execute(
            "PRAGMA create_fts_index('docs', 'id', 'title', 'text', "
            "stemmer='indonesian', stopwords='none', overwrite=1)"
        )
        if self._con is not None:
            self._con.close()
        self._con, self._built_for = con, gen
        return con

    def warm(self) -> None:
        """Build the index now (``serve`` does this in a background thread at start)."""
        if self.mode == "fts":
            with self._lock, suppress(duckdb.Error):
                self._ensure()

    def ids(self, q: str) -> list[str] | None:
        """Ids of the articles matching ``q``, best first; ``None`` means "use ILIKE"."""
        if self.mode != "fts":
            return None
        with self._lock:
            try:
                con = self._ensure()
            except duckdb.Error:
                return None
            cur = con.cursor()
            try:
                rows = cur.execute(
                    "SELECT id FROM (SELECT id, fts_main_docs.match_bm25(id, ?, conjunctive := 1)"
                    " AS score FROM docs) WHERE score IS NOT NULL ORDER BY score DESC",
                    [q],
                ).fetchall()
            finally:
                cur.close()
        return [r[0] for r in rows]


def ilike_terms(q: str) -> list[str]:
    """Query words as ILIKE patterns (LIKE wildcards in the input are escaped)."""
    out = []
    for word in q.split():
        esc = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        out.append(f"%{esc}%")
    return out
