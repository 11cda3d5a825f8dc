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
from warta.events.phrases import sentence_views
from warta.events.triggers import find_triggers
from warta.events.view import Candidate
from warta.model import (
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
    cands: list[Candidate] = []
    for sv in sentence_views(doc, lang):
        found = find_triggers(sv, lex, lang)
        sent_cands: list[Candidate] = []
        for ti, tj, trig in found:
            c = code_one(sv, ti, tj, trig, gr, lang, sent_cands, cands, keep_unresolved)
            if c is not None:
                c.others = tuple(x[0] for x in found if x[0] != ti)
                sent_cands.append(c)
        cands.extend(sent_cands)
    kept = [c for c in cands if (keep_unresolved or resolved(c)) and political(c)]
    return finalise(doc, kept, gr, lang)


_NONPOLITICAL_SECTORS = frozenset({"MED", "CVL"})


def political(c: Candidate) -> bool:
    """A meeting or visit needs a political party: journalists' and tourists' visits and
    interviews (all actors MED or CVL) are reporting and travel, not diplomacy."""
    if c.type != "CONSULT" or not c.actors:
        return True
    return not all(a.sector in _NONPOLITICAL_SECTORS for a in c.actors)


def resolved(c: Candidate) -> bool:
    """An actor with a country, or a named non-state organisation (an armed group)."""
    for a in c.actors:
        if a.country:
            return True
        ent = c.sent.doc.entity(a.entity) if a.entity else None
        if ent is not None and ent.type == "ORG" and (a.sector or ent.sector):
            return True
    return False
