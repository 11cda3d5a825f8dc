"""The rule-based event coder (backend ``rules``).

For each sentence: find trigger words (lexicon + morphology), find actor phrases (entity
mentions and actor head nouns, resolved through the entity layer), read actor and
recipient from the sentence structure (active, passive, nominal, prepositions, joint
actions, relative clauses, reported speech), then flag modality (negated, future,
hypothetical), date the event from the times layer, attach place, size, context and
quote, and merge mentions of the same event within the article (coreference).

No parser is available offline for Indonesian, so structure is read from tokens and
function words kept in ``resources/{id,en}/event_grammar.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from warta.events import register_backend
from warta.events.coder import code_one
from warta.events.lexicon import grammar, lexicon
from warta.events.merge import finalise
from warta.events.phrases import actor_phrases
from warta.events.triggers import find_triggers
from warta.events.view import Candidate, entity_resolver, sentence_view
from warta.model import (
    Actor,
    Doc,
    Event,
)


class RulesBackend:
    name = "rules"
    version = 1

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        settings = settings or {}
        self.keep_unresolved = bool(settings.get("keep_unresolved", False))
        self.min_confidence = float(settings.get("min_confidence", 0.0))

    def code(self, doc: Doc) -> tuple[Event, ...]:
        events = code_events(doc, keep_unresolved=self.keep_unresolved)
        return tuple(e for e in events if e.confidence >= self.min_confidence)


@register_backend("rules")
def _make_rules(settings: Mapping[str, Any]) -> RulesBackend:
    return RulesBackend(settings)


def code_events(doc: Doc, *, keep_unresolved: bool = False) -> tuple[Event, ...]:
    lang = "en" if (doc.language or "id") == "en" else "id"
    lex, gr = lexicon(lang), grammar(lang)
    resolver = entity_resolver()
    cands: list[Candidate] = []
    last_person: list[Actor] = []
    inherited: dict[str, tuple[str | None, str | None]] = {}
    for sent in doc.sentences:
        stext = doc.text[sent.start : sent.end].strip().lower()
        if any(stext.startswith(p) for p in gr.link_prefixes):
            continue
        sv = sentence_view(doc, sent, lang)
        if not sv.toks:
            continue
        sv.last_person = list(last_person)
        sv.inherited = inherited
        sv.phrases = actor_phrases(sv, lex, gr, resolver, last_person)
        found = find_triggers(sv, lex, lang)
        sent_cands: list[Candidate] = []
        for ti, tj, trig in found:
            c = code_one(sv, ti, tj, trig, gr, lang, sent_cands, cands, keep_unresolved)
            if c is not None:
                c.others = tuple(x[0] for x in found if x[0] != ti)
                sent_cands.append(c)
        cands.extend(sent_cands)
        for ph in sv.phrases:
            ent = doc.entity(ph.actor.entity) if ph.actor.entity else None
            if ent is None or ent.type != "PER" or not ph.actor.country:
                continue
            # a person named only inside someone's direct quote does not become the
            # antecedent of the narrator's later pronouns
            start = ph.actor.start if ph.actor.start is not None else sv.toks[ph.i][0]
            if any(q.direct and q.start <= start < q.end for q in doc.quotes):
                continue
            last_person[:] = [ph.actor]
    kept = [c for c in cands if (keep_unresolved or _resolved(c)) and _political(c)]
    return finalise(doc, kept, gr, lang)


_NONPOLITICAL_SECTORS = frozenset({"MED", "CVL"})


def _political(c: Candidate) -> bool:
    """A meeting or visit needs a political party: journalists' and tourists' visits and
    interviews (all actors MED or CVL) are reporting and travel, not diplomacy."""
    if c.type != "CONSULT" or not c.actors:
        return True
    return not all(a.sector in _NONPOLITICAL_SECTORS for a in c.actors)


def _resolved(c: Candidate) -> bool:
    """An actor with a country, or a named non-state organisation (an armed group)."""
    for a in c.actors:
        if a.country:
            return True
        ent = c.sent.doc.entity(a.entity) if a.entity else None
        if ent is not None and ent.type == "ORG" and (a.sector or ent.sector):
            return True
    return False
