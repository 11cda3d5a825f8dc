"""One trigger to one event candidate: roles read, parties completed, modality flagged.

Both backends code a trigger the same way; they differ in who reads the roles: the
``rules`` backend reads them off the sentence structure (:func:`warta.events.roles.read_roles`),
the ``learned`` backend asks its role model. Everything after that (completing open
parties, re-typing, modality) is shared.
"""

from __future__ import annotations

from collections.abc import Callable

from warta.events.lexicon import Grammar, Trigger
from warta.events.modality import modal
from warta.events.parties import (
    anaphoric_parties,
    continued_attack,
    controlled_subject,
    fill_actors,
    fill_recipients,
    settle_type,
)
from warta.events.roles import Groups, not_an_event, read_roles
from warta.events.structure import actors_of, nominal_actor, subject_group
from warta.events.triggers import trigger_form
from warta.events.view import Candidate, SentenceView
from warta.model import Actor

__all__ = ["ImplicitActor", "RoleReader", "code_one"]

#: (sentence, ti, tj, trigger, form, grammar, language) -> (actors, recipients, confidence)
RoleReader = Callable[[SentenceView, int, int, Trigger, str, Grammar, str], Groups]
#: (sentence, ti, type, form, recipients) -> the actor the sentence does not name
ImplicitActor = Callable[[SentenceView, int, str, str, list[Actor]], list[Actor]]


def code_one(
    sv: SentenceView,
    ti: int,
    tj: int,
    trig: Trigger,
    gr: Grammar,
    lang: str,
    sent_cands: list[Candidate],
    doc_cands: list[Candidate],
    keep_actorless: bool = False,
    reader: RoleReader = read_roles,
    implicit: ImplicitActor | None = None,
) -> Candidate | None:
    """The event candidate of the trigger at tokens [ti, tj), or None when it is none."""
    form = trigger_form(sv, ti, trig, lang)
    if not_an_event(sv, ti, tj, trig, form, gr, lang):
        return None
    actor, recip, conf = reader(sv, ti, tj, trig, form, gr, lang)
    actor, antecedent = anaphoric_parties(sv, ti, actor, sent_cands + doc_cands)
    if antecedent is not None:
        parties = list(antecedent.actors) + list(antecedent.recipients)
        cand = Candidate(
            trig.type, trig.mode, (ti, tj), sv, parties, [], trig.frame, form,
            confidence=conf, antecedent=antecedent,
        )  # fmt: skip
        return modal(cand, gr, lang)
    etype = trig.type
    acts, recs = actors_of(actor), actors_of(recip)
    acts = fill_actors(sv, ti, tj, form, etype, gr, acts, sent_cands)
    etype, acts, recs = _voted_withdrawal(sv, ti, tj, form, etype, gr, acts, recs)
    before = acts
    acts = continued_attack(sv, form, etype, acts, doc_cands)
    if acts is not before:
        conf -= 0.15
    acts = controlled_subject(sv, ti, form, gr, actor, acts, sent_cands)
    if not acts and implicit is not None:
        acts = implicit(sv, ti, etype, form, actors_of(recip))
    if not acts and not keep_actorless:
        return None
    recs = fill_recipients(
        sv, tj, trig, form, etype, gr, lang, (actor, recip), acts, recs, doc_cands
    )
    etype, recs = settle_type(etype, trig, acts, recs)
    if recs:
        conf += 0.1
    cand = Candidate(etype, trig.mode, (ti, tj), sv, acts, recs, trig.frame, form, confidence=conf)
    return modal(cand, gr, lang)


def _voted_withdrawal(
    sv: SentenceView,
    ti: int,
    tj: int,
    form: str,
    etype: str,
    gr: Grammar,
    acts: list[Actor],
    recs: list[Actor],
) -> tuple[str, list[Actor], list[Actor]]:
    """Voting for a withdrawal ("memilih penarikan pasukan") is demanding it."""
    if (
        form != "nominal"
        or etype != "RETREAT"
        or ti == 0
        or sv.low[ti - 1] not in {"memilih", "voted"}
    ):
        return etype, acts, recs
    recs = actors_of(nominal_actor(sv, tj, gr)) or recs
    acts = actors_of(subject_group(sv, ti - 1, gr)) or acts
    return "REQUEST", acts, recs
