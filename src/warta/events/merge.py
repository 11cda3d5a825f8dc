"""Event records: place, size, context and date attached, mentions of one event merged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from warta.events.dates import VERBAL_ACTS, date_for
from warta.events.lexicon import Grammar, codebook
from warta.events.newsday import find_lead_time, news_day
from warta.events.view import Candidate, SentenceView, quote_index, tok_range
from warta.model import (
    Actor,
    Doc,
    Event,
    EventLocation,
    EventSize,
    Granularity,
    Quantity,
    Span,
    Time,
)
from warta.spans import span_index, starting_in


def event_location(doc: Doc, c: Candidate, gr: Grammar) -> EventLocation | None:
    sv = c.sent
    best: tuple[int, int] | None = None
    for n in span_index(doc.places).starting_in(sv.sent.start, sv.sent.end):
        p = doc.places[n]
        r = tok_range(sv, p.start, p.end)
        # "di X" / "in X" places the event; a bare name is usually an actor
        if r is None:
            continue
        if not any(r[0] - d >= 0 and sv.low[r[0] - d] in gr["location_preps"] for d in (1, 2)):
            continue
        dist = abs(r[0] - c.trig[0])
        if best is None or dist < best[1]:
            best = (n, dist)
    if best is None:
        return None
    p = doc.places[best[0]]
    return EventLocation(
        place=best[0], name=p.name or doc.span_text(p), country=p.country, geonameid=p.geonameid
    )


_MAX_PEOPLE = 10_000_000  # no casualty or arrest count is larger


def _people(q: Quantity, gr: Grammar) -> bool:
    """A count that can be of people: not money or a measure (the grammar's
    ``non_person_units``), and not astronomically big ("Rp 100 miliar" near "ditahan")."""
    unit = (q.unit or "").lower()
    return (
        unit not in gr["non_person_units"] and q.value is not None and 0 <= q.value <= _MAX_PEOPLE
    )


def _size(doc: Doc, c: Candidate, gr: Grammar) -> EventSize:
    sv = c.sent
    vals: dict[str, int] = {}
    for q in starting_in(doc.quantities, sv.sent.start, sv.sent.end):
        if q.value is None or not _people(q, gr):
            continue
        near = doc.text[max(sv.sent.start, q.start - 40) : min(sv.sent.end, q.end + 40)].lower()
        for kind, words in gr.casualty.items():
            if kind not in vals and any(w in near for w in words):
                vals[kind] = int(q.value)
                break
    return EventSize(
        dead=vals.get("dead"), injured=vals.get("injured"), arrested=vals.get("arrested")
    )


def _contexts(sv: SentenceView) -> tuple[str, ...]:
    text = " " + " ".join(sv.low) + " "
    out = []
    for name, spec in codebook()["contexts"].items():
        if any(f" {cue} " in text for cue in spec.get("cues", [])):
            out.append(name)
    return tuple(out[:4])


def _countries(actors: Sequence[Actor]) -> set[str]:
    return {a.country or a.text.lower() for a in actors}


_GENERIC_CODES = frozenset({"IGO", "NGO", "MNC"})


def _party(x: Actor) -> str:
    """A party's identity for coreference: its country, but an IGO, NGO or company by name
    (the UN and UNHCR share the code IGO but are different parties)."""
    if x.country and x.country not in _GENERIC_CODES:
        return x.country
    return x.entity or x.text.lower()


def _same_event(a: Event, b: Event, *, soft: bool = False) -> bool:
    """Two mentions of one event: same type and modality, compatible parties and dates.

    ``soft``: one of the two dates is only the news-day default (no time of its own), so it
    does not contradict the other's explicit time."""
    if a.type != b.type:
        return False
    if a.negated != b.negated or a.future != b.future or a.hypothetical != b.hypothetical:
        return False
    pa_a, pa_b = (
        _countries(a.actors) | _countries(a.recipients),
        _countries(b.actors) | _countries(b.recipients),
    )
    joint = a.type in ("AGREE", "CONSULT", "COOPERATE")
    if not (_countries(a.actors) & (_countries(b.actors) | (pa_b if joint else set()))):
        return False
    # the parties of one mention must all be parties of the other
    ca = {x.country for x in a.actors + a.recipients if x.country}
    cb = {x.country for x in b.actors + b.recipients if x.country}
    if not (ca <= cb or cb <= ca):
        return False
    ga = {_party(x) for x in a.actors + a.recipients if x.country in _GENERIC_CODES}
    gb = {_party(x) for x in b.actors + b.recipients if x.country in _GENERIC_CODES}
    if ga and gb and not (ga <= gb or gb <= ga):
        return False
    ra = {r.country for r in a.recipients if r.country}
    rb = {r.country for r in b.recipients if r.country}
    if ra and rb and not (ra & pa_b) and not (rb & pa_a):
        return False
    if (
        a.date_precision != "unknown"
        and b.date_precision != "unknown"
        and a.date != b.date
        and a.sentence != b.sentence
        and not soft
    ):
        # (within one sentence a second time word belongs to the other mention's clause)
        return False
    sa = {x.sector for x in a.actors if x.sector}
    sb = {x.sector for x in b.actors if x.sector}
    if sa and sb and not (sa & sb):
        # a government's call and an armed faction's call are two events
        return False
    return a.historical == b.historical or a.sentence == b.sentence


def _merge(a: Event, b: Event, *, prefer_b_date: bool = False) -> Event:
    def union(x: tuple[Actor, ...], y: tuple[Actor, ...]) -> tuple[Actor, ...]:
        have = _countries(x)
        add = tuple(r for r in y if (r.country or r.text.lower()) not in have)
        if any(a.country for a in x):
            add = tuple(r for r in add if r.country)
        return x + add

    date, prec, hist = a.date, a.date_precision, a.historical
    if b.date_precision != "unknown" and (prec == "unknown" or prefer_b_date):
        date, prec, hist = b.date, b.date_precision, b.historical
    return replace(
        a,
        actors=union(a.actors, b.actors),
        recipients=union(a.recipients, b.recipients) if b.recipients else a.recipients,
        date=date,
        date_precision=prec,
        historical=hist,
        location=a.location or b.location,
        size=EventSize(
            dead=a.size.dead if a.size.dead is not None else b.size.dead,
            injured=a.size.injured if a.size.injured is not None else b.size.injured,
            arrested=a.size.arrested if a.size.arrested is not None else b.size.arrested,
        ),
        context=tuple(dict.fromkeys(a.context + b.context)),
        evidence=a.evidence + ((b.sentence,) if b.sentence != a.sentence else ()) + b.evidence,
        confidence=min(0.95, max(a.confidence, b.confidence) + 0.05),
    )


#: (doc, candidate, the rules' (date, precision, historical), previous event's date) ->
#: (date, precision, historical): a learned dating decision (warta.events.dating)
#: (doc, candidate, the rules' date, precision and historical flag, the previous event's
#: date, the article's news day) -> date, precision, historical flag
Dater = Callable[
    [
        Doc,
        Candidate,
        tuple[str | None, Granularity, bool],
        tuple[str | None, Granularity] | None,
        Time | None,
    ],
    tuple[str | None, Granularity, bool],
]


def finalise(
    doc: Doc, cands: list[Candidate], gr: Grammar, lang: str, dater: Dater | None = None
) -> tuple[Event, ...]:
    events: list[Event] = []
    #: per event: its date is the news-day default, not a time of its own sentence
    soft: list[bool] = []
    prev: tuple[str | None, Granularity] | None = None
    lead = find_lead_time(doc)
    news = news_day(doc, lead)
    for c in cands:
        date, prec, hist, used, _inh = date_for(doc, c, gr, prev, lead, news)
        if dater is not None:
            date, prec, hist = dater(doc, c, (date, prec, hist), prev, news.time if news else None)
        c.dated = (date, prec)
        if (
            news is not None
            and used is news.time
            and c.type in VERBAL_ACTS
            and c.sent.sent.start <= used.start < c.sent.sent.end
            and not (c.future or c.hypothetical or c.negated)
        ):
            news.add(doc, c.actors)
        is_soft = (
            used is not None
            and used is lead
            and not (c.sent.sent.start <= used.start < c.sent.sent.end)
        )
        if prec != "unknown":
            prev = (date, prec)
        s, e = c.sent.toks[c.trig[0]][0], c.sent.toks[c.trig[1] - 1][1]
        quote = quote_index(doc, s)
        loc = event_location(doc, c, gr)
        if (
            c.type == "PROTEST"
            and not c.recipients
            and loc is not None
            and loc.country
            and loc.country not in {a.country for a in c.actors}
        ):
            # a protest held in another state ("mogok makan tahanan Palestina di Israel") is
            # addressed to that state's government
            c.recipients = [Actor(text=loc.name or "", country=loc.country, sector="GOV")]
        conf = c.confidence - (0.1 if quote is not None else 0.0)
        ev = Event(
            id="",
            type=c.type,
            trigger=Span(s, e),
            sentence=c.sent.sent,
            mode=c.mode,
            context=_contexts(c.sent),
            actors=tuple(c.actors),
            recipients=tuple(c.recipients),
            date=date,
            date_precision=prec,
            historical=hist,
            future=c.future,
            hypothetical=c.hypothetical,
            negated=c.negated,
            location=loc,
            size=_size(doc, c, gr),
            quote=quote,
            confidence=round(max(0.05, min(0.95, conf)), 2),
        )
        for n, earlier in enumerate(events):
            if _same_event(earlier, ev, soft=soft[n] or is_soft):
                # an explicit time of a restatement beats the news-day default
                take = soft[n] and not is_soft and prec != "unknown"
                events[n] = _merge(earlier, ev, prefer_b_date=take)
                soft[n] = soft[n] and not take
                break
        else:
            events.append(ev)
            soft.append(is_soft)
    return tuple(replace(ev, id=f"ev{n}") for n, ev in enumerate(events, 1))
