"""Who did it to whom: the actor and recipient groups of one trigger, read off the sentence.

Each form of the trigger has its reader: the saying itself (speech and label frames), the
passive (``dibom``: the subject suffered it, ``oleh X`` did it), the nominal (``serangan
X terhadap Y``, ``melakukan serangan``) and the active or bare verb (``X menyerang Y``).
They return actor phrases, recipient phrases and a confidence; what to do when they find
no actor is :mod:`warta.events.parties`' job.
"""

from __future__ import annotations

from warta.events.lexicon import Grammar, Trigger
from warta.events.morph import strip_clitics
from warta.events.phrases import PARTITIVES
from warta.events.structure import (
    agent_group,
    group_at,
    in_place,
    names_danger,
    nominal_actor,
    object_group,
    phrase_index_at,
    relative_agent,
    subject_group,
)
from warta.events.view import Phrase, SentenceView

__all__ = ["not_an_event", "read_roles"]

Groups = tuple[list[Phrase], list[Phrase], float]

_VICTIM_NOUNS = frozenset({"target", "sasaran", "korban", "victim", "victims"})
_NAMELY = frozenset({"yakni", "yaitu", "seperti", "namely", "including"})
_COUNTING = frozenset({"serangkaian", "sejumlah", "aksi", "puluhan", "ratusan", "berbagai"})


def not_an_event(
    sv: SentenceView, ti: int, tj: int, trig: Trigger, form: str, gr: Grammar, lang: str
) -> bool:
    """Trigger words that name no new act where they stand."""
    if form == "nominal" and tj < len(sv.low) and sv.low[tj] in {"itu", "tersebut", "that"}:
        # "pengakuan itu", "serangan tersebut": a reference back to a known event
        return True
    if form == "nominal" and trig.type == "THREATEN" and names_danger(sv, ti, tj, gr):
        # "di tengah ancaman rudal", "evaluasi ancaman yang ditimbulkan oleh ISIS": a danger
        # faced, not a warning issued
        return True
    if (
        form == "passive"
        and lang == "id"
        and sv.low[ti].startswith("ter")
        and ti > 1
        and sv.low[ti - 1] in gr["relative"]
        and in_place(sv, ti - 2)
        and not any(w in gr["agent_markers"] for w in sv.low[tj : tj + 3])
    ):
        # "Jalur Gaza yang terkepung": a stative participle describing a place, no act
        return True
    if trig.type == "REJECT":
        nxt = [w for w in sv.low[tj : tj + 3] if w not in {"untuk", "to"}]
        # "menolak berkomentar", "menolak makan": declining to comment or to eat is no
        # political refusal
        return bool(nxt) and nxt[0] in gr["reject_nonevent"]
    return False


def read_roles(
    sv: SentenceView, ti: int, tj: int, trig: Trigger, form: str, gr: Grammar, lang: str
) -> Groups:
    """(actor phrases, recipient phrases, confidence) of the trigger at tokens [ti, tj)."""
    if trig.frame in ("label", "speech"):
        return _speech_roles(sv, ti, tj, trig, gr)
    if form == "passive":
        return _passive_roles(sv, ti, tj, gr, lang)
    if form == "nominal":
        return _nominal_roles(sv, ti, tj, trig, gr, lang)
    return _active_roles(sv, ti, tj, trig, form, gr, lang)


def _speech_roles(sv: SentenceView, ti: int, tj: int, trig: Trigger, gr: Grammar) -> Groups:
    """The act is the saying: the sayer acts; a label targets the actor it describes."""
    actor: list[Phrase] = []
    recip: list[Phrase] = []
    sp = [m for m in range(ti) if sv.low[m] in gr["speech_verbs"]]
    if sp:
        actor = subject_group(sv, sp[-1], gr)
        if not actor:
            actor = object_group(sv, sp[-1] + 1, gr, limit=4) if sp[-1] < ti - 1 else []
    else:
        # a postposed sayer: "“... provokasi ...,” kata X"
        post = [m for m in range(tj, len(sv.low)) if sv.low[m] in gr["speech_verbs"]]
        if post:
            actor = object_group(sv, post[0] + 1, gr, limit=4)
    if trig.frame == "label":
        lo = sp[-1] + 1 if sp else 0
        near = [p for p in sv.phrases if lo <= p.i < ti and p not in actor]
        recip = [near[-1]] if near else object_group(sv, tj, gr, limit=6)
    elif not actor:
        actor = subject_group(sv, ti, gr)
    return actor, recip, 0.55


def _passive_roles(sv: SentenceView, ti: int, tj: int, gr: Grammar, lang: str) -> Groups:
    """The subject suffered it; the agent ("oleh X", or the phrase right after) did it."""
    conf = 0.55
    recip = subject_group(sv, ti, gr)
    actor = agent_group(sv, tj, gr)
    if not actor and lang == "id" and sv.low[tj - 1].endswith("nya") and sv.last_person:
        # "dihubunginya": contacted by him/her
        actor = [Phrase(ti, tj, sv.last_person[0])]
    if not any(p.actor.country for p in recip):
        yk = next((m for m in range(tj, min(tj + 3, len(sv.low))) if sv.low[m] in _NAMELY), None)
        if yk is not None:
            recip = object_group(sv, yk + 1, gr, limit=4) or recip
    if not actor and tj < len(sv.low):
        pi = phrase_index_at(sv, tj)
        if pi is not None:
            actor = group_at(sv, pi, gr, +1)
    if not actor:
        # "X dibunuh dalam serangan (yang diperintahkan oleh) Y": leave to the nominal
        conf -= 0.15
    return actor, recip, conf


def _nominal_roles(
    sv: SentenceView, ti: int, tj: int, trig: Trigger, gr: Grammar, lang: str
) -> Groups:
    """An event noun: its possessor or relative-clause agent acts; a light verb's subject
    ("X melakukan serangan terhadap Y") or an active verb's subject ("X memulai latihan
    gabungan") too; a victim noun before it ("X menjadi korban serangan") receives it."""
    w0 = strip_clitics(sv.low[ti])
    patient_first = (
        lang == "id"
        and w0.startswith("pe")
        and w0.endswith("an")
        and trig.type in {"ASSAULT", "COERCE", "RETREAT", "SANCTION"}
    )
    rel_agent = relative_agent(sv, tj, gr)
    possessor = nominal_actor(sv, tj, gr)
    actor, recip = (rel_agent, possessor) if rel_agent or patient_first else (possessor, [])
    if not actor:
        actor = agent_group(sv, tj, gr)
    vic_noun = next((m for m in range(max(0, ti - 4), ti) if sv.low[m] in _VICTIM_NOUNS), None)
    if vic_noun is not None:
        recip = recip or subject_group(sv, vic_noun, gr)
        actor = [p for p in actor if p not in recip]
    before = sv.low[ti - 1] if ti > 0 and vic_noun is None else ""
    if not actor and vic_noun is None:
        actor, before = _verb_subject(sv, ti, gr, lang, before)
    if trig.frame == "joint" and not actor:
        bt = next(
            (m for m in range(tj, min(tj + 2, len(sv.low))) if sv.low[m] in gr["between"]), None
        )
        if bt is not None:
            actor = object_group(sv, bt + 1, gr, limit=3)
    recip = recip or object_group(sv, tj, gr, preps=gr["recipient_preps"])
    # victim before "dalam serangan": "X tewas dalam serangan Y"
    if not recip and before in gr["victim_preps"]:
        vic = [m for m in range(max(0, ti - 6), ti) if sv.low[m] in gr["victim_words"]]
        if vic:
            recip = subject_group(sv, vic[0], gr)
    if not actor and (
        before in gr["light_verbs"] or (ti > 0 and sv.low[ti - 1] in {"telah", "sudah", "juga"})
    ):
        actor = subject_group(sv, ti, gr)
    return actor, recip, 0.5


def _verb_subject(
    sv: SentenceView, ti: int, gr: Grammar, lang: str, before: str
) -> tuple[list[Phrase], str]:
    """The subject of the light verb or active verb that takes the event noun as object,
    and the word before the noun (the light verb when there is one)."""
    q = ti - 1
    while q >= 0 and (sv.low[q] in PARTITIVES or sv.low[q].isdigit() or sv.low[q] in _COUNTING):
        q -= 1
    if q >= 0 and sv.low[q] in gr["light_verbs"]:
        actor = subject_group(sv, q, gr)
        if actor:
            return actor, sv.low[q]
        before = sv.low[q]
    if lang != "id":
        return [], before
    # the object of an active verb: "X memulai program latihan gabungan"
    for q2 in range(ti - 1, max(-1, ti - 3), -1):
        if phrase_index_at(sv, q2) is not None:
            break
        if sv.low[q2].startswith(("me", "ber")) and len(sv.low[q2]) > 4:
            # ("membenarkan peretasan", "merespons tuntutan": confirming or answering an act
            # does not make one its doer)
            if sv.low[q2] not in gr["epistemic_verbs"]:
                return subject_group(sv, q2, gr), before
            break
    return [], before


def _active_roles(
    sv: SentenceView, ti: int, tj: int, trig: Trigger, form: str, gr: Grammar, lang: str
) -> Groups:
    """The subject acts on the object; a joint act's partner follows "dengan"."""
    rp = gr["recipient_preps"]
    recip: list[Phrase] = []
    actor = subject_group(sv, ti, gr)
    if not actor and form == "bare" and lang == "id":
        # a bare word with no subject is a noun: "mencuatnya protes AS terhadap Rusia"
        possessor = nominal_actor(sv, tj, gr)
        if possessor:
            actor = possessor
            recip = object_group(sv, possessor[-1].j, gr, preps=rp)
    if trig.frame == "joint" and not recip:
        if len(actor) < 2:
            recip = object_group(sv, tj, gr, preps=gr["joint_preps"] | rp | frozenset({""}))
            if not recip:
                recip = object_group(sv, tj, gr, limit=4)
    elif trig.frame == "dir" and not recip:
        recip = object_group(sv, tj, gr)
    return actor, recip, 0.6
