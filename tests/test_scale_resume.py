"""A store run killed with SIGKILL and re-run stores every article exactly once."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from scale_helpers import write_jsonl

ROOT = Path(__file__).resolve().parents[1]

#: the CLI plus two test stages: one slows coding down so the kill lands mid-run, one
#: emits an event per article so the clustering tables are exercised too
WRAPPER = r"""
import sys, time, zlib
from warta.model import Actor, Event, Sentence, Span
from warta.pipeline import register

class Slow:
    name, version, requires, assigns = "test.slow", 1, (), ()
    def __call__(self, doc):
        time.sleep(0.004)
        return doc

class OneEvent:
    name, version, requires, assigns = "test.event", 1, ("sentences",), ("events",)
    def __call__(self, doc):
        k = zlib.crc32(doc.id.encode()) % 4
        ev = Event(id="ev1", type=("ACCUSE", "CONSULT", "AID", "PROTEST")[k],
                   trigger=Span(0, 3), sentence=Sentence(0, 3),
                   actors=(Actor(text="x", country="IDN"),),
                   recipients=(Actor(text="y", country="MYS"),), date="2024-01-25",
                   date_precision="day")
        return doc.replace(events=(ev,))

register("test.slow")(lambda s: Slow())
register("test.event")(lambda s: OneEvent())
from warta.cli import main
sys.exit(main(sys.argv[1:]))
"""

CONFIG = """
[pipeline]
stages = ["warta.language", "warta.dateline", "warta.sentences", "warta.tokens",
          "test.slow", "test.event"]
[store]
batch_size = 20
"""

N = 400


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _peek_count(store: Path, tmp: Path) -> int:
    """Article count of a store another process holds open: copy the file and its WAL
    (DuckDB's lock refuses even read-only connections from other processes)."""
    copy = tmp / "peek.duckdb"
    for suffix in ("", ".wal"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    try:
        shutil.copyfile(store, copy)
        if Path(str(store) + ".wal").exists():
            shutil.copyfile(str(store) + ".wal", str(copy) + ".wal")
        con = duckdb.connect(str(copy), read_only=True)
        try:
            row = con.execute("SELECT count(*) FROM articles").fetchone()
        finally:
            con.close()
        return int(row[0]) if row else 0
    except (OSError, duckdb.Error):
        return 0


def test_sigkill_then_resume_stores_each_article_once(tmp_path: Path) -> None:
    data = tmp_path / "big.jsonl"
    write_jsonl(data, N, n_words=60)
    cfg = tmp_path / "c.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    store = tmp_path / "s.duckdb"
    cmd = [sys.executable, "-c", WRAPPER, "run", str(data), "--store", str(store)]
    cmd += ["--config", str(cfg)]

    proc = subprocess.Popen(cmd, env=_env(), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while _peek_count(store, tmp_path) == 0:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "no batch landed"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    con = duckdb.connect(str(store), read_only=True)
    kept = con.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
    con.close()
    assert 0 < kept < N  # killed mid-run, at least one batch survived
    assert kept % 20 == 0  # whole batches only

    done = subprocess.run(cmd, env=_env(), stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    m = re.search(r"(\d+) coded, 0 failed, (\d+) stored, (\d+) already stored", done.stderr)
    assert m, done.stderr
    coded, stored, skipped = map(int, m.groups())
    assert (coded, stored, skipped) == (N - kept, N - kept, kept)  # nothing recoded

    con = duckdb.connect(str(store), read_only=True)
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    assert q("SELECT count(*), count(DISTINCT id), count(DISTINCT seq) FROM articles") == [
        (N, N, N)
    ]
    for table, key in (
        ("sentences", "article_id"),
        ("events", "article_id"),
        ("minhash", "article_id"),
        ("minhash_bands", "article_id"),
    ):
        orphans = q(f"SELECT count(*) FROM {table} t ANTI JOIN articles a ON a.id = t.{key}")
        assert orphans == [(0,)], table
    # sentence rows agree with each article's count; one event, one signature each
    assert q(
        "SELECT count(*) FROM articles a LEFT JOIN (SELECT article_id, count(*) n "
        "FROM sentences GROUP BY 1) s ON s.article_id = a.id "
        "WHERE coalesce(s.n, 0) <> a.n_sentences"
    ) == [(0,)]
    assert q("SELECT count(*), count(DISTINCT article_id) FROM events") == [(N, N)]
    assert q("SELECT count(*), count(DISTINCT article_id) FROM minhash") == [(N, N)]
    assert q("SELECT count(*) FROM events WHERE event_cluster IS NULL") == [(0,)]
    # 4 event types, same dyad and day: the clustering rule gives exactly 4 clusters
    assert q("SELECT count(DISTINCT event_cluster) FROM events") == [(4,)]
    assert q("SELECT count(*) FROM errors") == [(0,)]
    con.close()


@pytest.mark.parametrize("kill_after", [0.3])
def test_sigkill_at_any_moment_keeps_store_consistent(tmp_path: Path, kill_after: float) -> None:
    """Killed at an arbitrary moment (maybe before anything landed), the store opens and
    the re-run completes it."""
    data = tmp_path / "in.jsonl"
    write_jsonl(data, 200, n_words=40)
    cfg = tmp_path / "c.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    store = tmp_path / "s.duckdb"
    cmd = [sys.executable, "-c", WRAPPER, "run", str(data), "--store", str(store)]
    cmd += ["--config", str(cfg), "-q"]
    proc = subprocess.Popen(cmd, env=_env())
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert subprocess.run(cmd, env=_env(), timeout=120).returncode == 0
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchall() == [
        (200, 200)
    ]
    con.close()
