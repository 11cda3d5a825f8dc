"""Completing an event's parties when the sentence structure leaves them open.

An actor may come from the quote the trigger stands in, from the main clause of a fronted
subordinate clause, from another mention of the same act in the sentence, from the
article's last attack, or from the main clause's subject (subject control). A recipient
may be the person a ``-nya`` refers to, the victims of an attack, or the actor of the
event an anaphoric noun ("langkah tersebut") points back to. Each helper returns the
completed list, or the list it was given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from warta.events.lexicon import Grammar, Trigger
from warta.events.structure import actors_of, group_at, object_group, phrase_index_at, subject_group
from warta.events.view import (
    DEMONSTRATIVES,
    STATE_SECTORS,
    SUBORDINATORS,
    Candidate,
    Phrase,
    SentenceView,
    verbish,
)
from warta.model import Actor

__all__ = [
    "anaphoric_parties",
    "fill_actors",
    "fill_recipients",
    "quote_speaker",
    "settle_type",
]

_REACTIONS = frozenset({"ACCUSE", "REJECT", "SUPPORT", "REQUEST"})
_EVENT_NOUNS = frozenset(
    {
        "hal",
        "langkah",
        "keputusan",
        "pernyataan",
        "tindakan",
        "kebijakan",
        "rencana",
        "aksi",
        "sikap",
        "pengakuan",
        "serangan",
        "pemungutan",
        "resolusi",
        "usulan",
        "tuduhan",
        "tudingan",
        "move",
        "decision",
        "statement",
        "step",
        "action",
    }
)
# acts whose object, not subject, does what a following "untuk" clause says
_OBJECT_CONTROL = frozenset({"REQUEST", "COERCE", "AID", "SANCTION"})
_BOTH = frozenset({"kedua", "keduanya", "both"})


def anaphoric_parties(
    sv: SentenceView, ti: int, actor: list[Phrase], earlier: Sequence[Candidate]
) -> tuple[list[Phrase], Candidate | None]:
    """ "kedua negara / keduanya": the parties of the last event with two parties.

    Returns the actor phrases left ("kedua Menlu" names no one: its country guessed from
    context is no evidence) and the antecedent event when the act is anaphoric."""
    if (
        actor
        and sv.low[actor[0].i] in _BOTH
        and (not actor[0].actor.country or actor[0].actor.entity is None)
    ):
        actor = []
    if actor or not any(sv.low[m] in _BOTH for m in range(max(0, ti - 4), ti)):
        return actor, None
    for c in reversed(earlier):
        if len(c.actors) + len(c.recipients) >= 2:
            return actor, c
    return actor, None


def quote_speaker(sv: SentenceView, ti: int) -> list[Actor]:
    """The resolved speaker of the quote the trigger stands in."""
    s = sv.toks[ti][0]
    for q in sv.doc.quotes:
        if q.start <= s < q.end and q.speaker:
            ent = sv.doc.entity(q.speaker)
            if ent is not None and (ent.country or ent.sector):
                text = q.speaker_text or ent.name
                return [Actor(text=text, entity=ent.id, country=ent.country, sector=ent.sector)]
    return []


def _fronted_clause_subject(sv: SentenceView, ti: int, tj: int, gr: Grammar) -> list[Actor]:
    """ "Setelah menangkap X, Kepolisian Inggris ...": the main clause's subject."""
    q = ti - 1
    while q >= 0 and sv.low[q] not in SUBORDINATORS and sv.low[q] not in {",", ";"}:
        pq = phrase_index_at(sv, q)
        if (
            pq is not None
            and sv.phrases[pq].actor.country
            and not (sv.phrases[pq].i > 0 and sv.low[sv.phrases[pq].i - 1] in gr["location_preps"])
        ):
            break
        q -= 1
    if q < 0 or sv.low[q] not in SUBORDINATORS:
        return []
    for comma in (m for m in range(tj, len(sv.low)) if sv.low[m] == ","):
        pi = phrase_index_at(sv, comma + 1)
        if pi is None:
            break
        end_ = sv.phrases[pi].j
        if end_ < len(sv.low) and sv.low[end_] == ",":
            # "Ketika bertemu Menlu Yordania, Ayman Safadi, Retno ...": an apposition
            continue
        return actors_of(group_at(sv, pi, gr, +1))
    return []


def fill_actors(
    sv: SentenceView,
    ti: int,
    tj: int,
    form: str,
    etype: str,
    gr: Grammar,
    acts: list[Actor],
    sent_cands: Sequence[Candidate],
) -> list[Actor]:
    """An actor from the quote, a fronted clause's main clause or a second mention."""
    # inside a quote with no subject: the speaker (or "saya/kami" in the quote); a reported
    # event noun ("X menyebutkan ... tewas dalam bentrokan") is not the speaker's act
    if not acts and form != "nominal":
        acts = quote_speaker(sv, ti)
    if not acts and form in ("active", "bare"):
        acts = _fronted_clause_subject(sv, ti, tj, gr)
    # a second mention in the sentence ("serangan AS, termasuk serangan ... terhadap Y")
    if not acts:
        for c in reversed(sent_cands):
            if c.type == etype and c.actors:
                return list(c.actors)
    return acts


def continued_attack(
    sv: SentenceView, form: str, etype: str, acts: list[Actor], doc_cands: Sequence[Candidate]
) -> list[Actor]:
    """An agentless "serangan" continues the article's last attack by a known actor."""
    if acts or form != "nominal" or etype != "ASSAULT":
        return acts
    for c in reversed(doc_cands[-8:]):
        if c.type == etype and c.actors and sv.sent.start - c.sent.sent.start < 1500:
            return list(c.actors)
    return acts


def controlled_subject(
    sv: SentenceView,
    ti: int,
    form: str,
    gr: Grammar,
    actor: list[Phrase],
    acts: list[Actor],
    sent_cands: Sequence[Candidate],
) -> list[Actor]:
    """Subject control: "X melakukan serangan terhadap pangkalan AS untuk mendukung Z" - the
    purpose clause's doer is the main clause's subject, not the noun before "untuk" (orders
    and requests control their object instead: "mendesak Israel untuk menghentikan")."""
    if form not in ("active", "bare") or ti == 0 or sv.low[ti - 1] not in gr["purpose_control"]:
        return acts
    main = next((c for c in reversed(sent_cands) if c.actors and c.trig[0] < ti), None)
    if (
        main is not None
        and main.type not in _OBJECT_CONTROL
        and (not actor or actor[0].i > main.trig[0])
        # (another verb in between heads its own clause: "menuduh lawannya telah
        # memanfaatkan krisis untuk mendesak ..." - the rivals press, not the accuser)
        and not any(verbish(w) for w in sv.low[main.trig[1] : ti - 1])
    ):
        return list(main.actors)
    return acts


def _anaphoric_target(
    sv: SentenceView, acts: list[Actor], doc_cands: Sequence[Candidate]
) -> list[Actor]:
    """ "Hal itu memicu kecaman ...", "X mengecam langkah tersebut": the target is the actor
    of the event the anaphoric noun points back to."""
    anaph = any(
        sv.low[m] in _EVENT_NOUNS
        and (sv.low[m + 1] in DEMONSTRATIVES or sv.low[m + 2 : m + 3] == ["itu"])
        for m in range(len(sv.low) - 1)
    )
    if not anaph:
        return []
    own = {a.country for a in acts}
    for c in reversed(doc_cands):
        if c.sent.sent.start < sv.sent.start and c.actors:
            other = [a for a in c.actors if a.country and a.country not in own]
            if not other:
                # the actor's own earlier act ("X mengecam rencana Y ... X menolak pemungutan
                # suara itu"): the same stance towards the same party
                other = [a for a in c.recipients if a.country and a.country not in own]
            return other
    return []


def fill_recipients(
    sv: SentenceView,
    tj: int,
    trig: Trigger,
    form: str,
    etype: str,
    gr: Grammar,
    lang: str,
    parties: tuple[list[Phrase], list[Phrase]],
    acts: list[Actor],
    recs: list[Actor],
    doc_cands: Sequence[Candidate],
) -> list[Actor]:
    """The recipients, with the actor itself removed and open slots filled."""
    actor, recip = parties
    if (
        not recs
        and lang == "id"
        and form in ("active", "bare")
        and sv.low[tj - 1].endswith("nya")
        and sv.last_person
        and trig.frame != "intrans"
    ):
        recs = [sv.last_person[0]]
    # drop a recipient that is the actor itself; a bare noun ("pemerintah", "kepala") given
    # the actor's own country and sector is no second party either (orders within one
    # government are REQUESTs)
    own_codes = {(a.country, a.sector) for a in acts if a.country} if etype != "REQUEST" else set()

    def same(r: Actor) -> bool:
        return any(
            r.start == a.start or (r.entity is not None and r.entity == a.entity) for a in acts
        ) or (r.entity is None and (r.country, r.sector) in own_codes)

    if recip and all(same(p.actor) for p in recip) and form != "passive":
        # "Kami meminta ... kami": look past the actor's own mention for the recipient
        recs = actors_of(object_group(sv, recip[-1].j, gr))
    recs = [r for r in recs if not same(r)]
    if not recs and etype == "ASSAULT" and actor and form in ("active", "bare"):
        # "Y terluka ketika X melepaskan tembakan": the wounded are the recipients
        q = actor[0].i - 1
        if q >= 0 and sv.low[q] in SUBORDINATORS | gr["victim_preps"]:
            vic = [m for m in range(max(0, q - 4), q) if sv.low[m] in gr["victim_words"]]
            if vic:
                recs = actors_of(subject_group(sv, vic[0], gr))
    if not recs and etype in _REACTIONS and doc_cands:
        recs = _anaphoric_target(sv, acts, doc_cands) or recs
    return [] if trig.frame == "intrans" else recs


def settle_type(
    etype: str, trig: Trigger, acts: list[Actor], recs: list[Actor]
) -> tuple[str, list[Actor]]:
    """A state's "protest" is an ACCUSE; an unnamed detainee of a state's arrest is that
    state's."""
    if etype == "PROTEST" and any(a.sector in STATE_SECTORS for a in acts):
        etype = "ACCUSE"
    if (
        etype == "COERCE"
        and trig.mode == "arrest"
        and recs
        and not any(r.country for r in recs)
        and any(a.country and a.sector in STATE_SECTORS for a in acts)
    ):
        home = next(a.country for a in acts if a.country and a.sector in STATE_SECTORS)
        recs = [replace(r, country=home) for r in recs]
    return etype, recs
