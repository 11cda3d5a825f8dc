"""The country an article is about, for names that carry no country of their own.

Indonesian news names its own people and institutions without a country word ("Danang
Parikesit", "Badan Pusat Statistik", "Mahkamah Agung"): on the project's corpus 182 of
673 gold entities of the dev split were Indonesian names that came out with no country.
A foreign story names its places, so the article's home country is the country most of
its place and state names belong to: states and their cities (GPE mentions), and regions,
provinces and towns that the place gazetteer puts in one country ("Alaska", "Jawa
Tengah"); an Indonesian-language article leans to Indonesia when it names few places.
An article that names no place at all takes the country of its knowledge-base people
and institutions ("the FBI"). A person or organisation that no knowledge base
entry, role or place gives a country takes the home country; a knowledge-base
institution whose name is generic (``resources/kb/generic.txt``: "Mahkamah Agung",
"Partai Demokrat") takes it too when the article is about another country.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

from warta import resources
from warta.model import Doc, Entity
from warta.stages._gazetteer import geonames_index
from warta.stages.places import Feature, Gazetteer, gazetteer, is_small

__all__ = [
    "choose_home",
    "doc_home_country",
    "entity_state",
    "generic_kb_ids",
    "home_country",
    "known_state",
    "largest_place_country",
    "place_country",
    "place_state",
]

#: how many GPE mentions an Indonesian article's own country is worth before any is seen
#: (1, losing ties: an article that names another state once is about that state; on the
#: corpus dev split priors of 1, 2 and 3 give the same entity countries)
_HOME_PRIOR = {"id": ("IDN", 1)}
_NOT_STATES = frozenset({"IGO", "NGO", "MNC"})


def home_country(gpe_countries: Iterable[str | None], lang: str) -> str | None:
    """The most frequent state among the article's place mentions (one item per mention),
    with the language's prior; None when there is neither."""
    counts: Counter[str] = Counter(c for c in gpe_countries if c and c not in _NOT_STATES)
    prior = _HOME_PRIOR.get(lang)
    if prior is not None:
        counts[prior[0]] += prior[1]
    if not counts:
        return None
    return max(counts, key=lambda c: (counts[c], c != (prior[0] if prior else "")))


def _places() -> Gazetteer:
    """The place gazetteer, with GeoNames' city list (``geonames_lookup``) loaded before it:
    the entity stage needs both, and parsing the city list takes about 50 MB for a moment,
    which would otherwise sit on top of the 120 MB gazetteer (peak 215 MB against 164 MB
    measured on the two alone)."""
    geonames_index()
    return gazetteer()


def choose_home(states: Iterable[str | None], known: Iterable[str | None], lang: str) -> str | None:
    """The home country from the states of the article's place mentions; when it names no
    state at all, from the states of its knowledge-base people and institutions (either
    with the language's prior: an Indonesian story about the FBI is American)."""
    named = [c for c in states if c and c not in _NOT_STATES]
    return home_country(named, lang) if named else home_country(known, lang)


def known_state(kb_id: str | None, label: str, country: str | None) -> str | None:
    """The state a knowledge-base person or institution stands for, for :func:`choose_home`
    (None for any other name: places count through their mentions)."""
    return country if kb_id and label in ("PER", "ORG") else None


@functools.lru_cache(maxsize=1 << 14)
def _readings(name: str, lang: str) -> tuple[Feature, ...]:
    """A place name's readings in the place gazetteer, small towns aside (one lookup for
    both :func:`place_country` and :func:`largest_place_country`)."""
    feats, _pinned = _places().lookup(name, lang)
    return tuple(f for f in feats if not is_small(f))


def place_country(name: str, lang: str) -> str | None:
    """The state of a place name that is no state itself ("Alaska", "Jawa Tengah"): the
    one country all its readings in the place gazetteer lie in, small towns aside; None
    when the name is unknown or lies in more than one ("Victoria", "Georgia")."""
    states = {f.country for f in _readings(name, lang)}
    return states.pop() if len(states) == 1 else None


def largest_place_country(name: str, lang: str) -> str | None:
    """The country of a place name's most populous reading in the place gazetteer (of any
    kind: "Arizona" the US state, not the Honduran town), small towns aside; None when the
    gazetteer has none."""
    feats = [f for f in _readings(name, lang) if f.country]
    return max(feats, key=lambda f: f.population).country if feats else None


def place_state(label: str, country: str | None, name: str, lang: str) -> str | None:
    """The state a name of type ``label`` names or lies in: a GPE's country, a LOC's
    through the place gazetteer when it has none; None for people and organisations."""
    if label == "GPE":
        return country
    if label == "LOC":
        return country or place_country(name, lang)
    return None


def entity_state(ent: Entity, lang: str) -> str | None:
    """:func:`place_state` of an entity of a coded article."""
    return place_state(ent.type, ent.country, ent.name, lang)


@functools.cache
def generic_kb_ids() -> frozenset[str]:
    """Knowledge-base ids whose name does not fix a country ("Mahkamah Agung")."""
    return frozenset(resources.load_lines("kb/generic.txt"))


def doc_home_country(doc: Doc) -> str | None:
    """The home country of a coded article (from its entity layer), as the entity stage
    finds it: its place mentions, else its knowledge-base people and institutions."""
    lang = "en" if doc.language == "en" else "id"
    states = (entity_state(e, lang) for e in doc.entities for _m in e.mentions)
    known = (known_state(e.kb_id, e.type, e.country) for e in doc.entities for _m in e.mentions)
    return choose_home(states, known, lang)
