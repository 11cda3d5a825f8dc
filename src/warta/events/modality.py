"""Negated, future and hypothetical events; promises and warnings re-typed."""

from __future__ import annotations

from warta.events.lexicon import Grammar
from warta.events.view import Candidate, SentenceView

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})


FORCEFUL = frozenset({"SANCTION", "ASSAULT", "COERCE", "MOBILIZE"})


def is_alleged(sv: SentenceView, ti: int, gr: Grammar) -> bool:
    """Whether the trigger stands in the content of an accusation: right after a passive
    allegation verb ("dituduh mendukung") or in a "bahwa" clause after an allegation word
    ("tudingan bahwa X mendukung")."""
    if ti > 0 and sv.low[ti - 1] in gr["allegation_passive"]:
        return True
    for m in range(ti - 1, max(-1, ti - 10), -1):
        w = sv.low[m]
        if w in gr["relative"] or w in {";", "."}:
            return False
        if w == "bahwa":
            return any(x in gr["allegation"] for x in sv.low[max(0, m - 2) : m])
    return False


def modal(c: Candidate, gr: Grammar, lang: str) -> Candidate:
    sv, (ti, tj) = c.sent, c.trig
    lo = max(0, ti - 3)
    window = sv.low[lo:ti]
    # the clause so far, for conditionals
    m = ti - 1
    clause: list[str] = []
    while m >= 0 and sv.low[m] not in {";", "."}:
        clause.append(sv.low[m])
        if sv.low[m] in gr["clause_breaks"] - gr["hypothetical"] and sv.low[m] not in {","}:
            break
        m -= 1
    if any(w in gr["hypothetical"] for w in clause):
        c.hypothetical = True
    verbal = c.form in ("active", "passive", "bare")
    if verbal and any(w in gr["possibility"] for w in sv.low[max(0, ti - 2) : ti]):
        # "bisa mengancam", "dapat memicu": a possibility, not an event
        c.hypothetical = True
    if is_alleged(sv, ti, gr):
        # "tudingan bahwa Doha mendukung terorisme", "dituduh mendukung": the alleged act is
        # the content of an accusation, not an event of its own
        c.hypothetical = True
    if c.type not in ("AGREE", "REQUEST", "THREATEN", "REJECT") and any(
        w in gr["purpose_clause"] for w in clause
    ):
        # "mendesak agar Trump menarik pernyataannya dan meminta maaf": the wished act
        c.future = True
    if c.type not in ("REQUEST", "THREATEN", "REJECT") and any(
        w in gr["obligation"] for w in clause
    ):
        # "mesti diputuskan melalui perundingan": an obligation, not an event
        c.future = True
    after4 = sv.low[tj : tj + 5]
    if any(
        after4[k : k + 2] in (["belum", "berhasil"], ["tidak", "berhasil"], ["tak", "berhasil"])
        for k in range(len(after4))
    ):
        # "berusaha menghubungi Filipina belum berhasil": a failed attempt
        c.negated = True
    if sv.low[tj : tj + 2] in (["atau", "tidak"], ["atau", "tak"], ["or", "not"]):
        # "terlepas PBB mengakuinya atau tidak": an alternative, not an event
        c.hypothetical = True
    if any(w in gr["negation"] for w in window):
        c.negated = True
    if lang == "id" and ti >= 2 and sv.low[ti - 2] == "menolak" and sv.low[ti - 1] == "untuk":
        c.negated = True
    if c.negated and c.type in ("AGREE", "SUPPORT") and not c.hypothetical:
        # "tidak sepakat / tidak mendukung": disapproval is an ACCUSE
        c.type, c.mode, c.negated = "ACCUSE", "disapprove", False
    fut = any(w in gr["future"] for w in window)
    plan = any(w in gr["plan_nouns"] for w in sv.low[max(0, ti - 3) : ti])
    purpose = False
    for w in reversed(sv.low[max(0, ti - 4) : ti]):
        if w in gr["purpose"]:
            purpose = True
            break
        if w in gr["clause_breaks"] and w not in {","}:
            break
    if c.form == "nominal" and not fut:
        after = []
        for w in sv.low[tj : tj + 14]:
            if w in gr["clause_breaks"] and w not in {","}:
                break
            after.append(w)
        if any(w in gr["future"] for w in after) and any(w in gr["light_verbs"] for w in after):
            fut = True
    if fut and not c.negated:
        if c.type in COOPERATIVE:
            # "akan bekerja sama", "siap membantu": a promise is an AGREE
            c.type, c.mode = "AGREE", None
        elif c.type in FORCEFUL and c.form in ("active", "bare"):
            # "akan menjatuhkan sanksi": a coercive warning
            c.type, c.mode = "THREATEN", None
        elif c.type not in ("AGREE", "REQUEST", "THREATEN"):
            c.future = True
    if (plan or purpose) and c.type not in ("AGREE", "REQUEST", "THREATEN", "REJECT"):
        c.future = True
    if c.type == "AGREE" and c.future:
        c.future = False
    return c
