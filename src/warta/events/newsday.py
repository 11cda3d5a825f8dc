"""The article's news day and who speaks on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from warta.events.lexicon import Grammar
from warta.events.view import SentenceView, iso, quote_index
from warta.model import (
    Actor,
    Doc,
    Quote,
    Time,
)
from warta.spans import starting_in


@dataclass
class NewsDay:
    """The article's news day and who speaks or acts on it (entity ids; country and sector
    of parties named without an entity, "Pemerintah Israel")."""

    time: Time
    entities: set[str] = field(default_factory=set)
    sides: set[tuple[str, str]] = field(default_factory=set)

    def add(self, doc: Doc, actors: Sequence[Actor]) -> None:
        """A named person speaks for themself; a government or body ("Pemerintah Israel")
        for every official of its country and sector."""
        for a in actors:
            ent = doc.entity(a.entity) if a.entity else None
            if ent is not None and ent.type == "PER":
                self.entities.add(ent.id)
            elif a.country and a.sector:
                self.sides.add((a.country, a.sector))

    def speaks(self, doc: Doc, actors: Sequence[Actor]) -> bool:
        """One of the actors is a speaker of the day, or an official (a named person) of a
        government or body that spoke that day; a country named as such ("Irak mengutuk")
        is not tied to one day's statement."""
        for a in actors:
            if a.entity and a.entity in self.entities:
                return True
            ent = doc.entity(a.entity) if a.entity else None
            if ent is not None and ent.type == "PER" and (a.country, a.sector) in self.sides:
                return True
        return False


def news_day(doc: Doc, lead: Time | None) -> NewsDay | None:
    """The lead's news day, else the first day-precision time within a week before
    publication outside quotes; with the speakers of the quotes it attributes."""
    t = lead
    if t is None:
        pub = iso(doc.published)
        for x in doc.times:
            d = iso(x.value[:10]) if x.value and x.granularity == "day" else None
            if d is None or x.direction == "future" or pub is None or not 0 <= (pub - d).days <= 7:
                continue
            if quote_index(doc, x.start) is None:
                t = x
                break
    if t is None:
        return None
    nd = NewsDay(t)
    for q in doc.quotes:
        if q.speaker and attribution_time(doc, q) is t:
            nd.entities.add(q.speaker)
    return nd


def uttered(sv: SentenceView, ti: int, gr: Grammar) -> bool:
    """A verbal-act noun made a predicate by an uttering or light verb ("mengucapkan terima
    kasih", "melontarkan kecaman"); a bare noun ("berdasarkan perintah Presiden X") only
    refers to an act."""
    return ti > 0 and (
        sv.low[ti - 1] in gr["utterance_verbs"] or sv.low[ti - 1] in gr["light_verbs"]
    )


def perfect_report(sv: SentenceView, ti: int, gr: Grammar) -> bool:
    """The act itself is reported as done before ("Trump juga telah memerintahkan"): a
    perfect marker right before the trigger with no saying before it (in "X mengatakan
    bahwa Hamas telah berbohong" the marker belongs to the content)."""
    window = sv.low[max(0, ti - 3) : ti]
    if not any(w in gr["perfect"] for w in window):
        return False
    return not any(w in gr["speech_verbs"] or w in gr["complementisers"] for w in sv.low[:ti])


def speaker_side(doc: Doc, q: Quote, actors: Sequence[Actor]) -> bool:
    """The quote's speaker is (on the side of) one of the actors: the same entity, or the
    same country and sector ("Pemerintah tidak punya pilihan," ujar the government's
    negotiator). A quote with no resolved speaker is taken as the actor's own."""
    ent = doc.entity(q.speaker) if q.speaker else None
    if ent is None:
        return True
    return any(
        a.entity == ent.id or (a.country and a.country == ent.country and a.sector == ent.sector)
        for a in actors
    )


def attribution_time(doc: Doc, q: Quote) -> Time | None:
    """The time of a quote's postposed attribution: after the quote, in its last sentence."""
    sent = doc.sentence_of(max(q.start, q.end - 1))
    if sent is None:
        return None
    for t in starting_in(doc.times, q.end, sent.end):
        if t.value and t.direction != "future":
            return t
    return None


def day_before_publication(doc: Doc) -> Time | None:
    """The first day-precision time outside quotes within a week before publication."""
    pub = iso(doc.published)
    if pub is None:
        return None
    for t in doc.times:
        if t.granularity != "day" or not t.value or t.direction == "future":
            continue
        d = iso(t.value[:10])
        if d is None or not 0 < (pub - d).days <= 7:
            continue
        if quote_index(doc, t.start) is None:
            return t
    return None


def find_lead_time(doc: Doc) -> Time | None:
    """The news day: the first day-precision past time of the article within a week before
    publication, when it lies in the first ``_NEWS_DAY_SEARCH`` sentences."""
    pub = iso(doc.published)
    if pub is None or not doc.sentences:
        return None
    limit = doc.sentences[min(_NEWS_DAY_SEARCH, len(doc.sentences)) - 1].end
    for t in doc.times:
        if t.start >= limit:
            break
        if t.granularity != "day" or not t.value or t.direction == "future":
            continue
        d = iso(t.value[:10])
        if d is not None and 0 <= (pub - d).days <= 7:
            return t
    return None


_NEWS_DAY_SEARCH = 4


NEWS_DAY_SPAN = 3
