"""A sentence as the event coder reads it: tokens, actor phrases, candidates."""

from __future__ import annotations

import bisect
import datetime as dt
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from warta.model import (
    Actor,
    Doc,
    Granularity,
    Sentence,
)
from warta.spans import span_index

STATE_SECTORS = frozenset({"GOV", "LEG", "MIL", "IGO", "JUD", "COP"})


Resolver = Callable[[Doc, int, int], tuple[str | None, str | None, str | None]]


def entity_resolver() -> Resolver | None:
    """The entity layer's ``resolve_actor_text`` when that layer is installed."""
    try:
        from warta.actors import resolve_actor_text  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    fn: Resolver = resolve_actor_text
    return fn


@dataclass
class Phrase:
    """An actor phrase: tokens [i, j) of the sentence, resolved to an Actor."""

    i: int
    j: int
    actor: Actor
    head: bool = False  # starts with a common actor noun (pasukan, polisi ...)


@dataclass
class SentenceView:
    doc: Doc
    sent: Sentence
    toks: list[tuple[int, int]]
    low: list[str]
    phrases: list[Phrase] = field(default_factory=list)
    last_person: list[Actor] = field(default_factory=list)
    #: entity id -> (country, sector) learned from a role phrase ("Dubes Korut, Ja Song Nam")
    inherited: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    #: the article's home country (warta.stages._home), for actors named by a common noun
    home: str | None = None

    def text(self, i: int) -> str:
        s, e = self.toks[i]
        return self.doc.text[s:e]


@dataclass
class Candidate:
    """An event candidate before coreference."""

    type: str
    mode: str | None
    trig: tuple[int, int]  # token range
    sent: SentenceView
    actors: list[Actor]
    recipients: list[Actor]
    frame: str
    form: str
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    confidence: float = 0.5
    others: tuple[int, ...] = ()  # token positions of the other triggers of the sentence
    #: the event whose parties an anaphoric "kedua negara" takes, and this event's date
    antecedent: Candidate | None = None
    dated: tuple[str | None, Granularity] | None = None


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|[^\w\s]")


def sentence_view(doc: Doc, sent: Sentence, lang: str) -> SentenceView:
    toks = [(t.start, t.end) for t in doc.tokens_in(sent.start, sent.end)]
    if not toks:
        toks = [(m.start(), m.end()) for m in _TOKEN.finditer(doc.text, sent.start, sent.end)]
    low = [doc.text[s:e].lower() for s, e in toks]
    return SentenceView(doc=doc, sent=sent, toks=toks, low=low)


_tok_start = operator.itemgetter(0)
_tok_end = operator.itemgetter(1)


def tok_range(sv: SentenceView, start: int, end: int) -> tuple[int, int] | None:
    """The tokens overlapping ``[start, end)`` (the tokens are ordered and disjoint)."""
    i = bisect.bisect_right(sv.toks, start, key=_tok_end)
    j = bisect.bisect_left(sv.toks, end, key=_tok_start)
    return (i, j) if i < j else None


def tok_within(sv: SentenceView, start: int, end: int) -> range:
    """The tokens inside ``[start, end)``."""
    return range(
        bisect.bisect_left(sv.toks, start, key=_tok_start),
        bisect.bisect_right(sv.toks, end, key=_tok_end),
    )


def tok_starting(sv: SentenceView, start: int, end: int) -> range:
    """The tokens starting in ``[start, end)``."""
    return range(
        bisect.bisect_left(sv.toks, start, key=_tok_start),
        bisect.bisect_left(sv.toks, end, key=_tok_start),
    )


DEMONSTRATIVES = frozenset({"itu", "tersebut", "ini"})


SUBORDINATORS = frozenset(
    {
        "setelah",
        "sebelum",
        "usai",
        "seusai",
        "ketika",
        "saat",
        "sambil",
        "sesudah",
        "after",
        "before",
        "while",
        "when",
    }
)


ADVERBS = frozenset(
    {
        "telah",
        "sudah",
        "juga",
        "pun",
        "masih",
        "terus",
        "langsung",
        "akan",
        "kerap",
        "sering",
        "baru",
        "kemudian",
        "lalu",
        "segera",
        "tidak",
        "tak",
        "belum",
        "bahkan",
        "hanya",
        "sempat",
        "secara",
        "resmi",
        "akhirnya",
        "kembali",
        "pernah",
        "sedang",
        "tengah",
        "mulai",
        "ikut",
        "has",
        "have",
        "had",
        "also",
        "then",
        "later",
        "already",
        "not",
        "reportedly",
    }
)


def verbish(w: str) -> bool:
    """An Indonesian verb form by its prefix (meN-, ber-, di-), loanword nouns excluded
    ("diplomasi", "diskusi", "dialog", "direktur")."""
    if w.endswith(("si", "log", "ktur", "nas", "rektorat")):
        return False
    return len(w) > 4 and w.startswith(("me", "ber", "di"))


def iso(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published) if published else None
    except ValueError:
        return None


def period_end(value: str) -> dt.date | None:
    try:
        if len(value) == 4:
            return dt.date(int(value), 12, 31)
        if len(value) == 7:
            y, mo = int(value[:4]), int(value[5:7])
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def sent_index(doc: Doc, offset: int) -> int:
    hits = span_index(doc.sentences).containing(offset)
    return hits[0] if hits else 0


def quote_index(doc: Doc, start: int) -> int | None:
    hits = span_index(doc.quotes).containing(start)
    return hits[0] if hits else None
