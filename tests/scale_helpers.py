"""Helpers shared by the scale tests: synthetic articles and coded docs with events."""

from __future__ import annotations

import json
import random
from pathlib import Path

from warta.model import Actor, Article, Doc, Event, EventLocation, Sentence, Span

WORDS = tuple(
    [
        "pemerintah",
        "menteri",
        "presiden",
        "rapat",
        "kota",
        "warga",
        "polisi",
        "tentara",
        "sidang",
        "partai",
        "ekonomi",
        "harga",
        "pasar",
        "jalan",
        "banjir",
        "sekolah",
        "rumah",
        "sakit",
        "desa",
        "kabupaten",
        "provinsi",
        "anggaran",
        "proyek",
        "bantuan",
        "negara",
        "dunia",
        "laut",
        "udara",
        "kapal",
        "pesawat",
        "bandara",
        "stasiun",
        "kereta",
        "listrik",
        "air",
        "gas",
    ]
)


def text_of(seed: int, n_words: int = 120) -> str:
    rnd = random.Random(seed)
    sents = []
    while n_words > 0:
        k = min(n_words, rnd.randint(8, 18))
        words = [rnd.choice(WORDS) for _ in range(k)]
        words[0] = words[0].capitalize()
        sents.append(" ".join(words) + f" {seed}.")
        n_words -= k
    return " ".join(sents)


def write_jsonl(path: Path, n: int, n_words: int = 120) -> list[str]:
    """n distinct articles as JSONL; returns their texts."""
    texts = [text_of(i, n_words) for i in range(n)]
    with path.open("w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            rec = {"text": t, "language": "id", "published": "2024-01-26", "source": f"s{i % 3}"}
            fh.write(json.dumps(rec) + "\n")
    return texts


def event(
    eid: str,
    type_: str,
    actors: tuple[str, ...],
    recipients: tuple[str, ...] = (),
    date: str | None = "2024-01-25",
    precision: str = "day",
    geonameid: int | None = None,
    place: str | None = None,
) -> Event:
    loc = EventLocation(name=place, geonameid=geonameid) if (place or geonameid) else None
    return Event(
        id=eid,
        type=type_,
        trigger=Span(0, 5),
        sentence=Sentence(0, 10),
        actors=tuple(Actor(text=c, country=c) for c in actors),
        recipients=tuple(Actor(text=c, country=c) for c in recipients),
        date=date,
        date_precision=precision,  # type: ignore[arg-type]
        location=loc,
    )


def doc(text: str, *events: Event, published: str = "2024-01-26", source: str = "x") -> Doc:
    art = Article.create(text, published=published, source=source)
    return Doc.from_article(art).replace(
        sentences=(Sentence(0, len(art.text)),), events=tuple(events)
    )
