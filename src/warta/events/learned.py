"""The learned event coder (backend ``learned``).

Per sentence: the rules coder reads its lexicon triggers first (their types, flags and
parties become features); the trigger model tags every token with a PLOVER type or none;
for each tagged trigger the role model scores every actor phrase of the sentence as
actor, recipient or neither, and the mode model picks its mode. The shared coder then
completes open parties, flags modality, and the rules' dating and merging finish the
article (:mod:`warta.events.merge`). A language without trained models is coded by the
rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from warta.events import register_backend
from warta.events.candidates import as_trigger, spans_from_tags
from warta.events.coder import ImplicitActor, RoleReader, code_one
from warta.events.dating import date_items, date_options, historical_by_date, historical_items
from warta.events.features import (
    Discourse,
    SentenceHints,
    actor_items,
    implicit_items,
    mode_items,
    pair_items,
    sentence_hints,
    token_items,
)
from warta.events.lexicon import Grammar, Lexicon, Trigger, grammar, lexicon
from warta.events.merge import Dater, finalise
from warta.events.models import EventModels, cluster_lexicon, load_models, packaged_models
from warta.events.phrases import main_country_before, sentence_views
from warta.events.roles import Groups, read_roles
from warta.events.rules import code_events, political
from warta.events.structure import group_at
from warta.events.triggers import find_triggers
from warta.events.view import Candidate, Phrase, SentenceView
from warta.model import Actor, Doc, Event, Granularity, Time

__all__ = ["LearnedBackend", "code_events_learned"]


class LearnedBackend:
    name = "learned"
    version = 1

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        settings = settings or {}
        self.keep_unresolved = bool(settings.get("keep_unresolved", False))
        self.min_confidence = float(settings.get("min_confidence", 0.0))
        folder = settings.get("model_dir")
        self._folder = Path(folder) if folder else None
        self._models: dict[str, EventModels | None] = {}

    def models(self, lang: str) -> EventModels | None:
        if lang not in self._models:
            self._models[lang] = (
                load_models(lang, self._folder) if self._folder else packaged_models(lang)
            )
        return self._models[lang]

    def code(self, doc: Doc) -> tuple[Event, ...]:
        lang = "en" if (doc.language or "id") == "en" else "id"
        models = self.models(lang)
        if models is None:
            events = code_events(doc, keep_unresolved=self.keep_unresolved)
        else:
            events = code_events_learned(doc, models, keep_unresolved=self.keep_unresolved)
        return tuple(e for e in events if e.confidence >= self.min_confidence)


@register_backend("learned")
def _make_learned(settings: Mapping[str, Any]) -> LearnedBackend:
    return LearnedBackend(settings)


def rules_pass(
    sv: SentenceView, lex: Lexicon, gr: Grammar, lang: str, doc_cands: list[Candidate]
) -> tuple[list[tuple[int, int, Trigger]], SentenceHints]:
    """The rules' reading of one sentence: its lexicon triggers and the hints they give."""
    found = find_triggers(sv, lex, lang)
    coded: dict[tuple[int, int], Candidate | None] = {}
    sent_cands: list[Candidate] = []
    for ti, tj, trig in found:
        c = code_one(sv, ti, tj, trig, gr, lang, sent_cands, doc_cands)
        coded[(ti, tj)] = c
        if c is not None:
            c.others = tuple(x[0] for x in found if x[0] != ti)
            sent_cands.append(c)
    doc_cands.extend(sent_cands)
    return found, sentence_hints(sv, lex, lang, found, coded)


def model_reader(models: EventModels, hints: SentenceHints) -> RoleReader:
    """A role reader that asks the role model, with the structural reading as a feature."""
    t_actor = models.threshold("actor", 0.5)
    t_recipient = models.threshold("recipient", 0.5)
    fallback = bool(models.meta.get("role_fallback", False))

    def read(
        sv: SentenceView, ti: int, tj: int, trig: Trigger, form: str, gr: Grammar, lang: str
    ) -> Groups:
        s_act, s_rec, conf = read_roles(sv, ti, tj, trig, form, gr, lang)
        if not sv.phrases or models.roles is None:
            return s_act, s_rec, conf
        items = pair_items(sv, ti, tj, trig.type, form, gr, hints, (s_act, s_rec))
        probs = models.role_probabilities(items)
        acts = _best_group(sv, gr, probs, "A", "R", t_actor, exclude=())
        recs = _best_group(sv, gr, probs, "R", "A", t_recipient, exclude=acts)
        if fallback:
            # the model doubts every phrase: the structural reading stands
            acts = acts or [p for p in s_act if p not in recs]
            recs = recs or [p for p in s_rec if p not in acts]
        return acts, recs, conf

    return read


def _best_group(
    sv: SentenceView,
    gr: Grammar,
    probs: list[dict[str, float]],
    label: str,
    other: str,
    threshold: float,
    exclude: Sequence[Phrase],
) -> list[Phrase]:
    """The most probable phrase for ``label`` and the phrases coordinated with it ("X dan
    Y"), when it reaches the threshold: one party (or one compound party), not every
    phrase the model half believes."""
    best: tuple[float, int] | None = None
    for n, (p, pr) in enumerate(zip(sv.phrases, probs, strict=True)):
        score = pr.get(label, 0.0)
        if p in exclude or score < threshold or score < pr.get(other, 0.0):
            continue
        if best is None or score > best[0]:
            best = (score, n)
    if best is None:
        return []
    group = group_at(sv, best[1], gr, -1) + group_at(sv, best[1], gr, +1)
    return sorted({id(p): p for p in group if p not in exclude}.values(), key=lambda p: p.i)


def implicit_reader(models: EventModels, lang: str) -> ImplicitActor:
    """The actor of an event the sentence does not name, from the implicit-actor models."""
    heads = lexicon(lang).heads

    def implicit(
        sv: SentenceView, ti: int, etype: str, form: str, recipients: list[Actor]
    ) -> list[Actor]:
        got = models.implicit_actor(implicit_items(sv, ti, etype, form, recipients, heads, lang))
        if got is None:
            return []
        sector, source = got
        if source == "last" and sv.last_person:
            return [replace(sv.last_person[0], sector=sector)]
        country = None
        if source == "main":
            country = main_country_before(sv.doc, sv.sent.end) or sv.home
        if source == "recip" or (source == "main" and country is None):
            country = next((r.country for r in recipients if r.country), None)
        return [Actor(text="", country=country, sector=sector)]

    return implicit


def code_events_learned(
    doc: Doc, models: EventModels, *, keep_unresolved: bool = False
) -> tuple[Event, ...]:
    lang = "en" if (doc.language or "id") == "en" else "id"
    lex, gr = lexicon(lang), grammar(lang)
    clusters = cluster_lexicon(lang)
    rules_cands: list[Candidate] = []
    cands: list[Candidate] = []
    rules_first = models.meta.get("strategy", "model") == "rules-first"
    implicit = implicit_reader(models, lang)
    told = Discourse()
    for sv in sentence_views(doc, lang):
        before = len(rules_cands)
        found, hints = rules_pass(sv, lex, gr, lang, rules_cands)
        items = token_items(sv, hints, lang, clusters, told, models.trigger_attributes)
        told.add(hints)
        spans = spans_from_tags(models.tag_tokens(items))
        reader = model_reader(models, hints)
        sent_cands: list[Candidate] = []
        # the rules' candidates of this sentence: the ones rules_pass just added
        by_rules = {c.trig[0]: c for c in rules_cands[before:]} if rules_first else {}
        for ti, tj, etype in spans:
            known = by_rules.get(ti)
            if known is not None and known.type == etype:
                sent_cands.append(known)
                continue
            trig = as_trigger(sv, ti, tj, etype, found, lex, lang)
            if models.modes is not None:
                trig = replace(trig, mode=models.mode(mode_items(sv, ti, tj, etype, lang)))
            c = code_one(
                sv, ti, tj, trig, gr, lang, sent_cands, cands, keep_unresolved,
                reader=reader, implicit=implicit,
            )  # fmt: skip
            if c is not None:
                c.others = tuple(s[0] for s in spans if s[0] != ti)
                sent_cands.append(c)
        cands.extend(sent_cands)
    kept = [c for c in cands if c.actors and political(c)]
    for c in kept:
        c.actors = [_with_sector(models, doc, a, c.type, "A") for a in c.actors]
        c.recipients = [_with_sector(models, doc, a, c.type, "R") for a in c.recipients]
    return finalise(doc, kept, gr, lang, model_dater(models, gr))


def model_dater(models: EventModels, gr: Grammar) -> Dater | None:
    """The dating decision of the date and historical models (None: the rules' dates)."""
    dates, hist = models.dates, models.historical
    if dates is None:
        return None

    def dater(
        doc: Doc,
        c: Candidate,
        rules: tuple[str | None, Granularity, bool],
        prev: tuple[str | None, Granularity] | None,
        news: Time | None,
    ) -> tuple[str | None, Granularity, bool]:
        options = date_options(doc, c, rules[:2], prev, news)
        choice = models.one(dates, date_items(doc, c, options, gr))
        opt = options.get(choice) or options.get("rules") or options["unknown"]
        if hist is None:
            return opt.value, opt.precision, historical_by_date(doc, opt)
        flag = models.one(hist, historical_items(doc, c, choice, opt, rules[2], gr)) == "yes"
        return opt.value, opt.precision, flag

    return dater


def _with_sector(models: EventModels, doc: Doc, actor: Actor, etype: str, role: str) -> Actor:
    """The actor with a sector from the actor-sector model when the entity layer gave none."""
    if actor.sector is not None or models.actorsec is None:
        return actor
    sector = models.actor_sector(actor_items(doc, actor, etype, role))
    return replace(actor, sector=sector) if sector else actor
