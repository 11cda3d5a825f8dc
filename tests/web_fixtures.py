"""Hand-built coded articles for the API and browser tests.

The entity, time, place, quote and event stages are built in parallel; until they land,
these tests need stores with every layer filled, so the sample article is coded here by
hand (sentences come from the real pipeline, the other layers from the annotations
below, found in the text by string search so the offsets are always right).
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

import warta
from warta.model import (
    Actor,
    Doc,
    Entity,
    Event,
    EventLocation,
    EventSize,
    Mention,
    Place,
    Quote,
    Sentence,
    Span,
    Time,
)

SAMPLE = "purna-warta-irak-as-2024-01-26.txt"


def read_sample(path: Path) -> tuple[str, dict[str, str]]:
    raw = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    head, sep, body = raw.partition("\n---\n")
    if sep:
        for line in head.splitlines():
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip()
        return body, meta
    return raw, meta


def _find(text: str, needle: str, nth: int = 0, after: int = 0) -> tuple[int, int]:
    pos = after - 1
    for _ in range(nth + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise ValueError(f"{needle!r} (#{nth}) not in text")
    return pos, pos + len(needle)


def _sentence(doc: Doc, offset: int) -> Sentence:
    s = doc.sentence_of(offset)
    if s is None:
        raise ValueError(f"no sentence at {offset}")
    return s


def demo_doc(path: Path) -> Doc:
    """The sample article with entities, times, places, quotes and events coded by hand."""
    body, meta = read_sample(path)
    doc = warta.code(body, published=meta.get("published"), source=meta.get("source"))
    t = doc.text

    def span(needle: str, nth: int = 0, after: int = 0) -> Span:
        return Span(*_find(t, needle, nth, after))

    def mentions(*needles: tuple[str, int]) -> tuple[Mention, ...]:
        return tuple(Mention(*_find(t, n, k)) for n, k in needles)

    entities = (
        Entity("e1", "Irak", "GPE", mentions(("Irak", 0), ("Irak", 1), ("Irak", 4)), "IRQ", "GOV"),
        Entity("e2", "Baghdad", "GPE", mentions(("Baghdad", 1)), "IRQ", "GOV"),
        Entity("e3", "Washington", "GPE", mentions(("Washington", 0)), "USA", "GOV"),
        Entity(
            "e4",
            "Lloyd Austin",
            "PER",
            mentions(("Lloyd Austin", 0)),
            "USA",
            "GOV",
            role="Menteri Pertahanan AS",
            kb_id="Q1373383",
        ),
        Entity(
            "e5",
            "Mohammad Shia al-Sudani",
            "PER",
            mentions(("Mohammad Shia al-Sudani", 0)),
            "IRQ",
            "GOV",
            role="Perdana Menteri",
        ),
        Entity(
            "e6",
            "Unit Mobilisasi Populer",
            "ORG",
            mentions(("Unit Mobilisasi Populer (PMU)", 0), ("PMU", 1)),
            "IRQ",
            "PRM",
        ),
        Entity("e7", "Israel", "GPE", mentions(("Israel", 0), ("Israel", 1)), "ISR", "GOV"),
        Entity(
            "e8",
            "Qassem Soleimani",
            "PER",
            mentions(("Qassem Soleimani", 0)),
            "IRN",
            "MIL",
            role="komandan Pasukan Quds",
        ),
        Entity("e9", "Donald Trump", "PER", mentions(("Donald Trump", 0)), "USA", "GOV"),
        Entity(
            "e10",
            "Perlawanan Islam Irak",
            "ORG",
            mentions(("Perlawanan Islam Irak", 0)),
            "IRQ",
            "REB",
        ),
    )
    times = (
        Time(*_find(t, "pada hari Kamis"), value="2024-01-25", granularity="day"),
        Time(*_find(t, "pada bulan Agustus"), value="2023-08", granularity="month"),
        Time(*_find(t, "pada tahun 2014"), value="2014", granularity="year"),
        Time(*_find(t, "pada bulan November 2017"), value="2017-11", granularity="month"),
        Time(*_find(t, "Pada tahun 2020"), value="2020", granularity="year"),
    )
    places = (
        Place(*_find(t, "Baghdad"), "Baghdad", 98182, "IRQ", 33.3406, 44.4009, "city"),
        Place(*_find(t, "Davos"), "Davos", 2661039, "CHE", 46.8043, 9.8372, "city"),
        Place(*_find(t, "Bagdad", 0), "Baghdad", 98182, "IRQ", 33.3406, 44.4009, "city"),
        Place(*_find(t, "Jalur Gaza"), "Gaza Strip", 281133, "PSE", 31.5, 34.4667, "region"),
        Place(*_find(t, "Suriah"), "Syria", 163843, "SYR", 35.0, 38.0, "country"),
        Place(
            *_find(t, "bandara Bagdad"),
            "Baghdad International Airport",
            98182,
            "IRQ",
            33.3406,
            44.4009,
            "city",
        ),
    )
    q_start, q_end = _find(t, "“dalam beberapa hari mendatang”")
    quotes = (
        Quote(q_start, q_end, speaker="e4", speaker_text="Lloyd Austin", cue="mengonfirmasi"),
        Quote(
            *_find(t, "“contoh nyata genosida.”"),
            speaker="e1",
            speaker_text="Irak",
            cue="mengatakan",
        ),
    )

    def ev(
        i: int,
        type_: str,
        trig: Span,
        actors: tuple[Actor, ...],
        recips: tuple[Actor, ...],
        date: str,
        prec: str,
        *,
        historical: bool = False,
        future: bool = False,
        loc: EventLocation | None = None,
        dead: int | None = None,
        conf: float = 0.8,
    ) -> Event:
        return Event(
            id=f"ev{i}",
            type=type_,
            trigger=trig,
            sentence=_sentence(doc, trig.start),
            actors=actors,
            recipients=recips,
            date=date,
            date_precision=prec,  # type: ignore[arg-type]
            historical=historical,
            future=future,
            location=loc,
            size=EventSize(dead=dead),
            confidence=conf,
        )

    bgd = EventLocation(0, "Baghdad", "IRQ", 98182)
    irq = Actor("Baghdad", "e2", "IRQ", "GOV")
    usa = Actor("Washington", "e3", "USA", "GOV")
    events = (
        ev(1, "AGREE", span("sepakat"), (irq,), (usa,), "2024-01-25", "day", loc=bgd),
        ev(
            2,
            "CONSULT",
            span("membahas"),
            (Actor("Lloyd Austin", "e4", "USA", "GOV"),),
            (Actor("Irak", "e1", "IRQ", "GOV"),),
            "2024-01",
            "month",
            future=True,
        ),
        ev(
            3,
            "REQUEST",
            span("segera memulai dialog"),
            (Actor("Mohammad Shia al-Sudani", "e5", "IRQ", "GOV"),),
            (Actor("koalisi pimpinan AS", None, "USA", "MIL"),),
            "2024-01",
            "month",
            loc=EventLocation(1, "Davos", "CHE", 2661039),
        ),
        ev(
            4,
            "ACCUSE",
            span("mengutuk"),
            (Actor("Irak", "e1", "IRQ", "GOV"),),
            (Actor("AS", None, "USA", "MIL"),),
            "2024-01-25",
            "day",
        ),
        ev(
            5,
            "ASSAULT",
            span("serangan", 3),
            (Actor("AS", None, "USA", "MIL"),),
            (Actor("komandan senior PMU", "e6", "IRQ", "PRM"),),
            "2024-01",
            "month",
            loc=EventLocation(2, "Baghdad", "IRQ", 98182),
        ),
        ev(
            6,
            "ASSAULT",
            span("melakukan puluhan serangan"),
            (Actor("Perlawanan Islam Irak", "e10", "IRQ", "REB"),),
            (Actor("pangkalan-pangkalan AS", None, "USA", "MIL"),),
            "2024-01-26",
            "unknown",
        ),
        ev(
            7,
            "ASSAULT",
            span("pembunuhan massal"),
            (Actor("Israel", "e7", "ISR", "GOV"),),
            (Actor("warga Palestina", None, "PSE", "CVL"),),
            "2024-01-26",
            "unknown",
            loc=EventLocation(3, "Gaza Strip", "PSE", 281133),
        ),
        ev(
            8,
            "MOBILIZE",
            span("menempatkan"),
            (Actor("AS", None, "USA", "MIL"),),
            (Actor("Irak", "e1", "IRQ", "GOV"),),
            "2024-01-26",
            "unknown",
        ),
        ev(
            9,
            "REQUEST",
            span("memilih penarikan"),
            (Actor("parlemen Irak", None, "IRQ", "LEG"),),
            (Actor("pasukan AS", None, "USA", "MIL"),),
            "2020",
            "year",
            historical=True,
        ),
        ev(
            10,
            "ASSAULT",
            span("dibunuh"),
            (Actor("Donald Trump", "e9", "USA", "GOV"),),
            (
                Actor("Jenderal Soleimani", "e8", "IRN", "MIL"),
                Actor("Abu Mahdi Al-Muhandis", None, "IRQ", "PRM"),
            ),
            "2020",
            "year",
            historical=True,
            loc=EventLocation(5, "Baghdad", "IRQ", 98182),
            dead=2,
            conf=0.9,
        ),
    )
    return doc.replace(
        title="Irak dan AS sepakat membentuk komite penarikan pasukan",
        entities=entities,
        times=times,
        places=places,
        quotes=quotes,
        events=events,
    )


def script_doc() -> Doc:
    """An article whose text and title carry HTML: it must show as text."""
    text = (
        "Jakarta, Warta Uji – <script>alert('xss')</script> Presiden <b>Joko Widodo</b> "
        "bertemu Perdana Menteri Malaysia di Jakarta pada hari Senin."
    )
    doc = warta.code(text, published="2024-02-05", source="Warta Uji")
    t = doc.text
    event = _meeting(doc, "Joko Widodo", "Perdana Menteri Malaysia", "2024-02-05")
    return doc.replace(
        title="<img src=x onerror=alert(1)> Uji",
        entities=(
            Entity("e1", "Joko Widodo", "PER", (Mention(*_find(t, "Joko Widodo")),), "IDN", "GOV"),
        ),
        places=(
            Place(*_find(t, "Jakarta", 1), "Jakarta", 1642911, "IDN", -6.2146, 106.8451, "city"),
        ),
        events=(replace(event, location=EventLocation(0, "Jakarta", "IDN", 1642911)),),
    )


def _meeting(doc: Doc, actor: str, recipient: str, date: str) -> Event:
    """CONSULT ev1 on "bertemu": ``actor`` (entity e1, IDN GOV) meets ``recipient`` (MYS)."""
    trig = Span(*_find(doc.text, "bertemu"))
    return Event(
        id="ev1",
        type="CONSULT",
        trigger=trig,
        sentence=_sentence(doc, trig.start),
        actors=(Actor(actor, "e1", "IDN", "GOV"),),
        recipients=(Actor(recipient, None, "MYS", "GOV"),),
        date=date,
        date_precision="day",
    )


def dev_docs(shared: Path | None, limit: int = 25) -> list[Doc]:
    """The dev articles coded with whatever pipeline exists (layers as they land)."""
    import json

    if shared is None:
        return []
    p = shared / "eval" / "dev" / "articles.jsonl"
    if not p.exists():
        return []
    out = []
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= limit:
                break
            rec = json.loads(line)
            out.append(
                warta.code(
                    rec["text"],
                    published=rec.get("published"),
                    source=rec.get("source"),
                    title=rec.get("title"),
                    url=rec.get("url"),
                )
            )
    return out


HOSTILE_URL = "javascript:window.__pwned='url'"


def hostile_doc() -> Doc:
    """An article whose url, title, text, entity names and actor texts try to run script:
    the url must not become a link, everything else must show as text."""
    text = (
        "Jakarta, Warta Jahat – <script>window.__pwned='text'</script> Presiden "
        '<img src=x onerror="window.__pwned=\'img\'"> bertemu <a href="javascript:'
        "window.__pwned='a'\">klik</a> Perdana Menteri Malaysia di Jakarta pada hari Senin."
    )
    doc = warta.code(text, published="2024-02-06", source="Warta Jahat")
    t = doc.text
    evil_name = "\"><script>window.__pwned='entity'</script>"
    return doc.replace(
        url=HOSTILE_URL,
        title="<img src=x onerror=\"window.__pwned='title'\"> Jahat",
        entities=(Entity("e1", evil_name, "PER", (Mention(*_find(t, "Presiden")),), "IDN", "GOV"),),
        events=(_meeting(doc, evil_name, "<svg onload=\"window.__pwned='actor'\">", "2024-02-06"),),
    )


def call(app: Any, method: str, url: str, **kw: Any) -> httpx.Response:
    """One request to an ASGI app in-process (httpx.ASGITransport), from 127.0.0.1:8000."""

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as c:
            return await c.request(method, url, **kw)

    return asyncio.run(go())


def get_json(app: Any, url: str) -> Any:
    """GET ``url`` in-process, check it answered 200 and return the JSON body."""
    r = call(app, "GET", url)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    return r.json()


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (for a real server in a test)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def noisy_doc() -> Doc:
    """An article whose entity layer went wrong the ways issue 15 saw: "Rp" a person with
    many mentions, "WIB" an organisation, "Pasal 287" a person, an actor named "saya" and a
    bare title "Ketua" as entities; its event happened somewhere in Indonesia (a
    country-level place)."""
    text = (
        "Jakarta, Warta Uji – Saya menuduh Joko Widodo menaikkan harga Rp 5.000 pada pukul "
        "10.00 WIB, kata Ketua itu. Ia merujuk Pasal 287. Harga naik Rp 2.000 dan Rp 3.000 "
        "di seluruh Indonesia."
    )
    doc = warta.code(text, published="2024-02-06", source="Warta Bising")
    t = doc.text

    def ent(eid: str, name: str, etype: str, *spans: tuple[int, int]) -> Entity:
        return Entity(eid, name, etype, tuple(Mention(*s) for s in spans), "IDN")

    rp = [_find(t, "Rp", i) for i in range(3)]
    trig = Span(*_find(t, "menuduh"))
    event = Event(
        id="ev1",
        type="ACCUSE",
        trigger=trig,
        sentence=_sentence(doc, trig.start),
        actors=(Actor("Saya", "e1", "IDN", None, *_find(t, "Saya")),),
        recipients=(Actor("Joko Widodo", "e2", "IDN", "GOV", *_find(t, "Joko Widodo")),),
        date="2024-02-06",
        date_precision="day",
        location=EventLocation(0, "Indonesia", "IDN", 1643084),
        evidence=(_sentence(doc, t.index("Ia merujuk")),),
    )
    return doc.replace(
        entities=(
            ent("e1", "Saya", "PER", _find(t, "Saya")),
            ent("e2", "Joko Widodo", "PER", _find(t, "Joko Widodo")),
            ent("e3", "Rp", "PER", *rp),
            ent("e4", "WIB", "ORG", _find(t, "WIB")),
            ent("e5", "Pasal 287", "PER", _find(t, "Pasal 287")),
            ent("e6", "Ketua", "PER", _find(t, "Ketua")),
        ),
        places=(
            Place(
                *_find(t, "Indonesia"), "Indonesia", 1643084, "IDN", -6.2146, 106.8451, "country"
            ),
        ),
        events=(event,),
    )
