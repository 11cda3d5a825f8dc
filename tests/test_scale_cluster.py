"""Event clusters across articles: the documented rule, deterministic ids, exports."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from scale_helpers import doc, event, text_of
from warta.cli import main
from warta.model import Actor, Article, Doc, Entity, Event, Mention, Sentence, Span
from warta.scale.cluster import ClusterSettings, cluster_events, cluster_id
from warta.store import Store

#: (surface text, entity name, entity type, kb_id, country) of one actor
Side = tuple[str, str, str, str | None, str]


def named(
    text: str,
    trigger: str,
    type_: str,
    actor: Side | None,
    recipient: Side | None = None,
    date: str = "2024-01-25",
    country: str = "IDN",
) -> Doc:
    """A one-sentence article with one event whose actors are linked entities; an actor
    given as ``None`` is a country-level one (``country``, no entity)."""
    art = Article.create(text, published="2024-01-26")
    ents: list[Entity] = []

    def side(x: Side | None) -> tuple[Actor, ...]:
        if x is None:
            return (Actor(text="pemerintah", country=country, sector="GOV"),)
        surface, name, etype, kb, ctry = x
        i = art.text.index(surface)
        eid = f"e{len(ents) + 1}"
        ents.append(Entity(eid, name, etype, (Mention(i, i + len(surface)),), ctry, kb_id=kb))
        return (Actor(text=surface, entity=eid, country=ctry, start=i, end=i + len(surface)),)

    actors = side(actor)
    recipients = side(recipient) if recipient else ()
    t = art.text.index(trigger)
    ev = Event(
        id="ev1",
        type=type_,
        trigger=Span(t, t + len(trigger)),
        sentence=Sentence(0, len(art.text)),
        actors=actors,
        recipients=recipients,
        date=date,
        date_precision="day",
    )
    return Doc.from_article(art).replace(
        sentences=(Sentence(0, len(art.text)),), entities=tuple(ents), events=(ev,)
    )


def _clusters(st: Store) -> dict[tuple[str, str], str]:
    rows = st.con.execute("SELECT article_id, event_id, event_cluster FROM events").fetchall()
    return {(a, e): c for a, e, c in rows}


def test_rule(tmp_path: Path) -> None:
    base = event("ev1", "ACCUSE", ("IRQ",), ("USA",), date="2024-01-25")
    d = [
        doc(text_of(0), base),
        doc(text_of(1), event("ev1", "ACCUSE", ("IRQ", "IRN"), ("USA",), date="2024-01-26")),
        # no recipient and nothing else in common but the actor country: no anchor
        doc(text_of(2), event("ev1", "ACCUSE", ("IRQ",), (), date="2024-01-24")),
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
        assert cluster_events(st) == (10, 8)
        c = _clusters(st)
        first = cluster_id(d[0].id, "ev1")
        assert c[(d[0].id, "ev1")] == first
        same = [i for i in range(10) if c[(d[i].id, "ev1")] == first]
        # unknown precision: within 2 days; month precision only matches month; the
        # recipient USA (not an actor country) anchors #1 and #8; #2 has no anchor
        assert same == [0, 1, 8]
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
            inc.write(d[i : i + 5])
            cluster_events(inc, ClusterSettings(chunk=2))
        assert _clusters(one) == _clusters(inc)
        assert len(set(_clusters(one).values())) == 4  # days 10, 13, 16, 19


def test_export_clusters_cli(tmp_path: Path) -> None:
    d = [
        # the same city (Jakarta's geonameid) anchors two country-only actors
        doc(text_of(0), event("ev1", "PROTEST", ("IDN",), geonameid=1642911), source="a"),
        doc(text_of(1), event("ev1", "PROTEST", ("IDN",), geonameid=1642911), source="b"),
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
    assert rows[0]["article_ids"] == f"{d[0].id};{d[1].id}"
    csv = tmp_path / "c.csv"
    assert (
        main(["export", "--store", str(store), "--clusters", "--format", "csv", "-o", str(csv)])
        == 0
    )
    assert csv.read_text().count("\n") == 3


def _same(st: Store, docs: list[Doc]) -> list[int]:
    """Indexes of the docs whose event is in the first doc's cluster."""
    c = _clusters(st)
    return [i for i, x in enumerate(docs) if c[(x.id, "ev1")] == c[(docs[0].id, "ev1")]]


POLDA: Side = ("Polda Metro Jaya", "Polda Metro Jaya", "ORG", None, "IDN")
BUDI: Side = ("Budi Santoso", "Budi Santoso", "PER", None, "IDN")


def test_same_named_entity(tmp_path: Path) -> None:
    d = [
        named(
            "Polda Metro Jaya menangkap Budi Santoso di rumahnya.",
            "menangkap",
            "COERCE",
            POLDA,
            BUDI,
        ),
        # other wording, same actor and recipient entities: the same arrest
        named(
            "Budi Santoso ditangkap Polda Metro Jaya kemarin pagi.",
            "ditangkap",
            "COERCE",
            POLDA,
            BUDI,
            date="2024-01-24",
        ),
        # same actor, another named recipient: another arrest
        named(
            "Polda Metro Jaya menangkap Andi Wijaya di kantornya.",
            "menangkap",
            "COERCE",
            POLDA,
            ("Andi Wijaya", "Andi Wijaya", "PER", None, "IDN"),
        ),
        # same actor, no recipient, nothing else shared: not enough
        named("Polda Metro Jaya menahan dua pengedar sabu.", "menahan", "COERCE", POLDA),
        # another named actor (same country) with the same recipient
        named(
            "Kejaksaan Agung menahan Budi Santoso.",
            "menahan",
            "COERCE",
            ("Kejaksaan Agung", "Kejaksaan Agung", "ORG", None, "IDN"),
            BUDI,
        ),
        # a country-level actor never matches a named one
        named("Pemerintah menangkap Budi Santoso.", "menangkap", "COERCE", None, BUDI),
    ]
    with Store(tmp_path / "s.duckdb") as st:
        st.write(d)
        assert cluster_events(st) == (6, 5)
        assert _same(st, d) == [0, 1]


def test_country_only_actors_need_an_anchor(tmp_path: Path) -> None:
    d = [
        named("Pemerintah membatalkan kenaikan harga bahan bakar.", "membatalkan", "RETREAT", None),
        # IDN GOV, same type and day, nothing else in common: not the same event
        named("Pemerintah mencabut izin tambang emas di Sulawesi.", "mencabut", "RETREAT", None),
        # IDN GOV again, but two content words shared (kenaikan, bakar): clustered
        named(
            "Pemerintah akhirnya membatalkan kenaikan harga solar dan bahan bakar lain.",
            "membatalkan",
            "RETREAT",
            None,
        ),
        # the same words under another actor country: not clustered
        named(
            "Pemerintah membatalkan kenaikan harga bahan bakar.!",
            "membatalkan",
            "RETREAT",
            None,
            country="MYS",
        ),
    ]
    with Store(tmp_path / "s.duckdb") as st:
        st.write(d)
        assert cluster_events(st) == (4, 3)
        assert _same(st, d) == [0, 2]
    # without the lexical anchor only the place or a dyad could link them
    with Store(tmp_path / "t.duckdb") as st:
        st.write(d)
        assert cluster_events(st, ClusterSettings(min_shared_words=0)) == (4, 4)


def test_alias_by_kb_id(tmp_path: Path) -> None:
    jokowi = ("Jokowi", "Jokowi", "PER", "Q3318231", "IDN")
    widodo = ("Presiden Joko Widodo", "Joko Widodo", "PER", "Q3318231", "IDN")
    d = [
        named("Jokowi meresmikan Bendungan Karian di Lebak.", "meresmikan", "AID", jokowi),
        # another canonical name, the same kb_id
        named(
            "Presiden Joko Widodo meresmikan Bendungan Karian, Lebak, Banten.",
            "meresmikan",
            "AID",
            widodo,
        ),
        # same words, another person with another kb_id
        named(
            "Prabowo meresmikan Bendungan Karian di Lebak.",
            "meresmikan",
            "AID",
            ("Prabowo", "Prabowo Subianto", "PER", "Q529697", "IDN"),
        ),
    ]
    with Store(tmp_path / "s.duckdb") as st:
        st.write(d)
        cluster_events(st)
        assert _same(st, d) == [0, 1]


def test_alias_by_mention(tmp_path: Path) -> None:
    messi: Side = ("Lionel Messi", "Lionel Messi", "PER", None, "ARG")
    full = named(
        "Lionel Messi menyerang bek Real Madrid di laga El Clasico. Messi dikartu kuning.",
        "menyerang",
        "ASSAULT",
        messi,
    )
    m0 = full.entities[0].mentions[0]
    j = full.text.index("Messi", m0.end)
    full = full.replace(
        entities=(dataclasses.replace(full.entities[0], mentions=(m0, Mention(j, j + 5))),)
    )
    short = named(
        "Messi menyerang bek Real Madrid saat El Clasico.",
        "menyerang",
        "ASSAULT",
        ("Messi", "Messi", "PER", None, "ARG"),
    )
    bare = named(
        "Lionel Messi menyerang bek Real Madrid dalam El Clasico.", "menyerang", "ASSAULT", messi
    )
    with Store(tmp_path / "a.duckdb") as st:
        st.write([full, short])
        assert cluster_events(st) == (2, 1)  # "Messi" is a mention of Lionel Messi there
    with Store(tmp_path / "b.duckdb") as st:
        st.write([bare, short])
        assert cluster_events(st) == (2, 2)  # no alias known: not the same name
