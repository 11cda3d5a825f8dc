"""Near-duplicate articles: MinHash LSH in the store, resumable, excluded from exports."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from scale_helpers import doc, event, text_of
from warta.scale import link_store
from warta.scale.dedup import DedupSettings, dedup_store, jaccard, signature
from warta.store import Store


def _wire_copy(text: str) -> str:
    """What an outlet does to a wire story: its own dateline, one changed word."""
    return "MEDAN, Harian Kita - " + text.replace("pemerintah", "pemerintah pusat", 1)


def test_signature_estimates_jaccard() -> None:
    s = DedupSettings()
    a = text_of(1, 300)
    assert jaccard(signature(a, s), signature(a, s)) == 1.0  # type: ignore[arg-type]
    assert jaccard(signature(a, s), signature(_wire_copy(a), s)) > 0.8  # type: ignore[arg-type]
    assert jaccard(signature(a, s), signature(text_of(2, 300), s)) < 0.3  # type: ignore[arg-type]
    assert signature("  ... ", s) is None
    sig = signature(a, s)
    assert sig is not None and sig.dtype == np.uint32 and sig.shape == (128,)


def test_duplicates_linked_to_the_original_in_store_order(tmp_path: Path) -> None:
    a, b = text_of(1, 300), text_of(2, 300)
    docs = [doc(a), doc(b), doc(_wire_copy(a)), doc(_wire_copy(_wire_copy(a)) + " Update.")]
    with Store(tmp_path / "s.duckdb") as st:
        st.write(docs[:2])
        assert dedup_store(st) == (2, 0)
        st.write(docs[2:])  # a later run: the LSH index persisted in the store
        assert dedup_store(st) == (2, 2)
        rows = st.con.execute(
            "SELECT id, duplicate_of, similarity FROM articles ORDER BY seq"
        ).fetchall()
        assert [r[1] for r in rows] == [None, None, docs[0].id, docs[0].id]
        assert all(0.7 <= r[2] <= 1.0 for r in rows[2:])
        assert dedup_store(st) == (0, 0)  # nothing pending: idempotent
        assert st.count("minhash") == 4
        assert st.get(docs[2].id).duplicate_of == docs[0].id  # type: ignore[union-attr]


def test_interrupted_dedup_resumes(tmp_path: Path) -> None:
    """A crash inside the dedup transaction leaves nothing half-done."""
    a = text_of(1, 200)
    with Store(tmp_path / "s.duckdb") as st:
        st.write([doc(a), doc(text_of(3, 200)), doc(_wire_copy(a))])

        class Boom(Exception):
            pass

        real = st.con

        class Failing:
            def __init__(self) -> None:
                self.calls = 0

            def __getattr__(self, name: str) -> object:
                return getattr(real, name)

            def execute(self, sql: str, *args: object) -> object:
                if sql.startswith("UPDATE articles"):
                    raise Boom
                return real.execute(sql, *args)

            def executemany(self, sql: str, *args: object) -> object:
                if sql.startswith("UPDATE articles"):
                    raise Boom
                return real.executemany(sql, *args)

        st.con = Failing()  # type: ignore[assignment]
        with pytest.raises(Boom):
            dedup_store(st)
        st.con = real
        assert st.count("minhash") == 0 and st.count("minhash_bands") == 0
        assert dedup_store(st) == (3, 1)


def test_exports_leave_duplicates_out_by_default(tmp_path: Path) -> None:
    a = text_of(1, 300)
    d1 = doc(a, event("ev1", "ACCUSE", ("IRQ",), ("USA",)))
    d2 = doc(_wire_copy(a), event("ev1", "ACCUSE", ("IRQ",), ("USA",)))
    with Store(tmp_path / "s.duckdb") as st:
        st.write([d1, d2])
        link_store(st)
        out = tmp_path / "e.csv"
        assert st.export(out, "csv", "events") == 1
        assert st.export(out, "csv", "events", include_duplicates=True) == 2
        assert st.export(tmp_path / "r.jsonl", "jsonl") == 1
        assert st.export(tmp_path / "r.jsonl", "jsonl", include_duplicates=True) == 2
        recs = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
        assert recs[1]["duplicate_of"] == d1.id
        assert recs[0]["events"][0]["event_cluster"] == recs[1]["events"][0]["event_cluster"]
