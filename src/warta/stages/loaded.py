"""Loaded language: words that carry a judgement rather than a fact.

A **lexicon flag, not a stance classifier**. Every hit means a listed word or phrase is in
the text; it says nothing about who holds the view (the outlet, or a speaker it quotes:
check ``doc.quotes``) nor whether the word is used literally. The lexicons are data
(``resources/id/loaded.tsv``, ``resources/en/loaded.tsv``), one entry per line with a
``category``:

* ``pejorative`` insult or contempt (pengecut, biadab, antek, cowardly, thugs)
* ``label`` a name that passes a verdict on a group (rezim, zionis, penjajah, teroris as
  a label, regime, terrorist)
* ``dehumanising`` (kecoak, vermin)
* ``scare-framing`` casts a claim as a pretext or sham (dengan dalih, berkedok, so-called)
* ``hedge`` distances the outlet from a claim (yang disebut-sebut, konon, alleged)
* ``glorifying`` sanctifies one side (syahid, martyr)
* ``charged`` emotive escalation (genosida, pembantaian, massacre)

Matching is case-insensitive on token boundaries; the longest entry wins where entries
overlap ("rezim zionis" is one hit). An entry's ``except`` phrases mark neutral uses
("terduga teroris" is a police term, not a label).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from warta import resources
from warta.model import Doc, LoadedTerm, Token
from warta.pipeline import register
from warta.stages._base import BaseStage

__all__ = ["LEXICONS", "LoadedLanguageStage", "find_loaded"]

LEXICONS = ("id/loaded.tsv", "en/loaded.tsv")


def _phrase(p: str) -> str:
    return r"\s+".join(re.escape(w) for w in p.lower().split())


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    category: Mapping[str, str]
    exceptions: re.Pattern[str] | None


@functools.cache
def _lexicon(paths: tuple[str, ...] = LEXICONS) -> _Lexicon:
    category: dict[str, str] = {}
    excepts: list[str] = []
    for p in paths:
        for row in resources.load_tsv(p):
            term = " ".join(row.get("term", "").lower().split())
            if not term:
                continue
            category[term] = row.get("category") or "loaded"
            excepts.extend(e.strip() for e in row.get("except", "").split("|") if e.strip())
    terms = sorted(category, key=lambda t: (-len(t), t))
    body = "|".join(_phrase(t) for t in terms)
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
    exc = None
    if excepts:
        ebody = "|".join(_phrase(e) for e in sorted(set(excepts), key=len, reverse=True))
        exc = re.compile(rf"(?<![\w-])(?:{ebody})(?![\w-])", re.IGNORECASE)
    return _Lexicon(pattern, category, exc)


def find_loaded(text: str, tokens: Iterable[Token] | None = None) -> list[LoadedTerm]:
    """Every lexicon hit in ``text``; with ``tokens``, only hits on token boundaries."""
    lex = _lexicon()
    neutral = []
    if lex.exceptions is not None:
        neutral = [(m.start(), m.end()) for m in lex.exceptions.finditer(text)]
    starts: set[int] | None = None
    ends: set[int] = set()
    if tokens is not None:
        toks = list(tokens)
        if toks:
            starts = {t.start for t in toks}
            ends = {t.end for t in toks}
    out: list[LoadedTerm] = []
    for m in lex.pattern.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s and e <= b for a, b in neutral):
            continue
        if starts is not None and (s not in starts or e not in ends):
            continue
        term = " ".join(m.group(0).lower().split())
        out.append(LoadedTerm(s, e, lex.category.get(term)))
    return out


class LoadedLanguageStage(BaseStage):
    name = "warta.loaded_language"
    version = 1
    requires = ("sentences", "tokens")
    assigns = ("loaded_language",)

    def __call__(self, doc: Doc) -> Doc:
        return doc.replace(loaded_language=tuple(find_loaded(doc.text, doc.tokens or None)))


@register(LoadedLanguageStage.name)
def _make(settings: Mapping[str, Any]) -> LoadedLanguageStage:
    return LoadedLanguageStage()
