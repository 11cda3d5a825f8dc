"""Event clusters across articles: the documented rule, deterministic ids, exports."""

from __future__ import annotations

import json
from pathlib import Path

from scale_helpers import doc, event, text_of
from warta.cli import main
from warta.scale.cluster import cluster_events, cluster_id
from warta.store import Store


def _clusters(st: Store) -> dict[tuple[str, str], str]:
    rows = st.con.execute("SELECT article_id, event_id, event_cluster FROM events").fetchall()
    return {(a, e): c for a, e, c in rows}


def test_rule(tmp_path: Path) -> None:
    base = event("ev1", "ACCUSE", ("IRQ",), ("USA",), date="2024-01-25")
    d = [
        doc(text_of(0), base),
        doc(text_of(1), event("ev1", "ACCUSE", ("IRQ", "IRN"), ("USA",), date="2024-01-26")),
        doc(text_of(2), event("ev1", "ACCUSE", ("IRQ",), (), date="2024-01-24")),  # no recip.
        doc(text_of(3), event("ev1", "ACCUSE", ("IRQ",), ("USA",), date="2024-01-28")),  # 3 days
        doc(text_of(4), event("ev1", "REJECT", ("IRQ",), ("USA",))),  # other type
        doc(text_of(5), event("ev1", "ACCUSE", ("SYR",), ("USA",))),  # other actor
        doc(text_of(6), event("ev1", "ACCUSE", ("IRQ",), ("GBR",))),  # other recipient
        doc(text_of(7), event("ev1", "ACCUSE", ("IRQ",), ("USA",), "2024-01", "month")),
        doc(text_of(8), event("ev1", "ACCUSE", ("IRQ",), ("USA",), "2024-01-27", "unknown")),
        doc(text_of(9), event("ev1", "ACCUSE", (), ("USA",))),  # no actor: singleton
    ]
    with Store(tmp_path / "s.duckdb") as st:
        st.write(d)
        assert cluster_events(st) == (10, 7)
        c = _clusters(st)
        first = cluster_id(d[0].id, "ev1")
        assert c[(d[0].id, "ev1")] == first
        same = [i for i in range(10) if c[(d[i].id, "ev1")] == first]
        # unknown precision: within 2 days; month precision only matches month; #6
        # (recipient GBR) does not chain through #2: only first members are link targets
        assert same == [0, 1, 2, 8]
        assert c[(d[3].id, "ev1")] == cluster_id(d[3].id, "ev1")


def test_place_must_agree_when_known(tmp_path: Path) -> None:
    d = [
        doc(text_of(0), event("ev1", "ASSAULT", ("ISR",), ("PSE",), geonameid=281133)),
        doc(text_of(1), event("ev1", "ASSAULT", ("ISR",), ("PSE",), geonameid=293397)),
        doc(text_of(2), event("ev1", "ASSAULT", ("ISR",), ("PSE",))),
        doc(text_of(3), event("ev1", "ASSAULT", ("ISR",), ("PSE",), place="Gaza")),
    ]
    with Store(tmp_path / "s.duckdb") as st:
        st.write(d)
        cluster_events(st)
        c = [_clusters(st)[(x.id, "ev1")] for x in d]
        assert c[0] != c[1] and c[2] == c[0] and c[3] == c[0]


def test_incremental_equals_one_shot(tmp_path: Path) -> None:
    d = [
        doc(
            text_of(i),
            event("ev1", "CONSULT", ("IDN",), ("MYS",), f"2024-01-{10 + 3 * (i // 3):02d}"),
        )
        for i in range(12)
    ]
    with Store(tmp_path / "a.duckdb") as one, Store(tmp_path / "b.duckdb") as inc:
        one.write(d)
        cluster_events(one)
        for i in range(0, 12, 5):  # later runs add articles; chunks of 2 articles
            from warta.scale.cluster import ClusterSettings

            inc.write(d[i : i + 5])
            cluster_events(inc, ClusterSettings(chunk=2))
        assert _clusters(one) == _clusters(inc)
        assert len(set(_clusters(one).values())) == 4  # days 10, 13, 16, 19


def test_export_clusters_cli(tmp_path: Path) -> None:
    d = [
        doc(text_of(0), event("ev1", "PROTEST", ("IDN",)), source="a"),
        doc(text_of(1), event("ev1", "PROTEST", ("IDN",)), source="b"),
        doc(text_of(2), event("ev1", "AID", ("JPN",), ("IDN",)), source="a"),
    ]
    store = tmp_path / "s.duckdb"
    with Store(store) as st:
        st.write(d)
    assert main(["dedup", "--store", str(store)]) == 0
    out = tmp_path / "c.jsonl"
    assert main(["export", "--store", str(store), "--clusters", "-o", str(out)]) == 0
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(r["type"], r["n_mentions"], r["n_sources"]) for r in rows] == [
        ("PROTEST", 2, 2),
        ("AID", 1, 1),
    ]
    assert rows[0]["article_ids"] == [d[0].id, d[1].id]
    csv = tmp_path / "c.csv"
    assert (
        main(["export", "--store", str(store), "--clusters", "--format", "csv", "-o", str(csv)])
        == 0
    )
    assert csv.read_text().count("\n") == 3
