"""The country an article is about, for names that carry no country of their own.

Indonesian news names its own people and institutions without a country word ("Danang
Parikesit", "Badan Pusat Statistik", "Mahkamah Agung"): on the project's corpus 182 of
673 gold entities of the dev split were Indonesian names that came out with no country.
A foreign story names its places, so the article's home country is the country most of
its place and state names (GPE mentions) belong to; an Indonesian-language article leans
to Indonesia when it names few places. A person or organisation that no knowledge base
entry, role or place gives a country takes the home country; a knowledge-base
institution whose name is generic (``resources/kb/generic.txt``: "Mahkamah Agung",
"Partai Demokrat") takes it too when the article is about another country.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

from warta import resources
from warta.model import Doc

__all__ = ["doc_home_country", "generic_kb_ids", "home_country"]

#: how many GPE mentions an Indonesian article's own country is worth before any is seen
#: (1, losing ties: an article that names another state once is about that state; on the
#: corpus dev split priors of 1, 2 and 3 give the same entity countries)
_HOME_PRIOR = {"id": ("IDN", 1)}
_NOT_STATES = frozenset({"IGO", "NGO", "MNC"})


def home_country(gpe_countries: Iterable[str | None], lang: str) -> str | None:
    """The most frequent state among the article's GPE mentions (one item per mention),
    with the language's prior; None when there is neither."""
    counts: Counter[str] = Counter(c for c in gpe_countries if c and c not in _NOT_STATES)
    prior = _HOME_PRIOR.get(lang)
    if prior is not None:
        counts[prior[0]] += prior[1]
    if not counts:
        return None
    return max(counts, key=lambda c: (counts[c], c != (prior[0] if prior else "")))


@functools.cache
def generic_kb_ids() -> frozenset[str]:
    """Knowledge-base ids whose name does not fix a country ("Mahkamah Agung")."""
    return frozenset(resources.load_lines("kb/generic.txt"))


def doc_home_country(doc: Doc) -> str | None:
    """The home country of a coded article (from its entity layer)."""
    lang = "en" if doc.language == "en" else "id"
    return home_country(
        (e.country for e in doc.entities if e.type == "GPE" for _m in e.mentions), lang
    )
