"""Actor helpers for the event coder and the quotes stage (on top of ``warta.entities``).

* :func:`entity_at` -- the entity one of whose mentions overlaps a character span;
* :func:`resolve_actor_text` -- the PLOVER (country, sector, entity id) of the words naming
  an actor: a named person/organisation gives its own codes; a collective noun with a
  country gives that country and the noun's sector ("pasukan Amerika" = USA MIL,
  "warga Palestina" = PSE CVL); a country or capital alone is the state (GOV).
"""

from __future__ import annotations

import functools

from warta.model import Doc, Entity
from warta.spans import mention_index
from warta.stages._gazetteer import get_lexicon
from warta.stages.text import tokenize

__all__ = ["entities_in", "entity_at", "resolve_actor_text"]


def entities_in(doc: Doc, start: int, end: int) -> list[tuple[int, Entity]]:
    """(mention start, entity) for every mention overlapping ``[start, end)``, in text order."""
    ents = doc.entities
    idx = mention_index(ents)
    out: list[tuple[int, Entity]] = []
    for i in idx.spans.overlapping(start, end):  # entity-then-mention order, as a scan
        ei, mi = idx.refs[i]
        out.append((ents[ei].mentions[mi].start, ents[ei]))
    out.sort(key=lambda x: x[0])
    return out


def entity_at(doc: Doc, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping ``[start, end)``; the first such mention wins,
    preferring people and organisations over places."""
    hits = entities_in(doc, start, end)
    for _, ent in hits:
        if ent.type in ("PER", "ORG"):
            return ent
    return hits[0][1] if hits else None


def _group_sector(doc: Doc, start: int, end: int) -> str | None:
    """The sector of the first role or collective noun in the span ("pasukan", "warga")."""
    return _words_group_sector(doc.language or "id", doc.text[start:end])


@functools.lru_cache(maxsize=1 << 14)
def _words_group_sector(lang: str, text: str) -> str | None:
    """:func:`_group_sector` of a span's text (memoised: actor phrases repeat)."""
    lex = get_lexicon(lang)
    words = [text[t.start : t.end].lower() for t in tokenize(text, 0, len(text))]
    for i in range(len(words)):
        m = lex.roles_at(words, i, ("group", "inst", "title", "former"))
        if m is not None:
            return m[1].sector
    return None


def resolve_actor_text(doc: Doc, start: int, end: int) -> tuple[str | None, str | None, str | None]:
    """(country, sector, entity id) of the actor named by ``doc.text[start:end]``.

    Unknown words give ``(None, sector-or-None, None)``: no guess.
    """
    hits = entities_in(doc, start, end)
    group = _group_sector(doc, start, end)
    for _, ent in hits:
        if ent.type in ("PER", "ORG"):
            return ent.country, ent.sector or group, ent.id
    for _, ent in hits:
        if ent.type in ("GPE", "NORP") and (ent.country or ent.type == "NORP"):
            if group is not None:
                return ent.country, group, ent.id
            return ent.country, ("GOV" if ent.country else None), ent.id
    for _, ent in hits:
        return ent.country, group, ent.id
    return None, group, None
