"""The trigger lexicon, grammar word lists and the PLOVER codebook, loaded lazily."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from warta import resources

__all__ = ["Grammar", "Lexicon", "Trigger", "codebook", "grammar", "lexicon"]


@dataclass(frozen=True, slots=True)
class Trigger:
    words: tuple[str, ...]  # roots or exact forms, lower case
    exact: bool  # single word that must match the surface form (after clitics)
    type: str
    mode: str | None
    frame: str  # dir | joint | intrans

    @property
    def length(self) -> int:
        return len(self.words)


@dataclass(frozen=True)
class Lexicon:
    by_first: Mapping[str, tuple[Trigger, ...]]  # first word (root) -> triggers
    exact: Mapping[str, Trigger]
    stop: tuple[tuple[str, ...], ...]
    heads: Mapping[str, str]  # actor head noun -> sector
    head_country: Mapping[str, str]  # head nouns that name one country's body (kbri -> IDN)
    head_stop: tuple[tuple[str, ...], ...] = ()  # head-noun compounds that name no actor


@functools.cache
def lexicon(language: str) -> Lexicon:
    lang = language if language in ("id", "en") else "id"
    by_first: dict[str, list[Trigger]] = {}
    exact: dict[str, Trigger] = {}
    for row in resources.load_tsv(f"{lang}/plover_triggers.tsv"):
        lemma = row.get("lemma", "").strip().lower()
        if not lemma:
            continue
        is_exact = lemma.startswith("=")
        words = tuple(lemma.lstrip("=").split())
        trig = Trigger(
            words=words,
            exact=is_exact and len(words) == 1,
            type=row["type"].strip(),
            mode=row.get("mode") or None,
            frame=row.get("frame") or "dir",
        )
        if trig.exact:
            exact.setdefault(words[0], trig)
        else:
            by_first.setdefault(words[0], []).append(trig)
    stop: tuple[tuple[str, ...], ...] = ()
    head_stop: tuple[tuple[str, ...], ...] = ()
    if lang == "id":
        stop = tuple(tuple(s.lower().split()) for s in resources.load_lines("id/trigger_stop.txt"))
        head_stop = tuple(
            tuple(s.lower().split()) for s in resources.load_lines("id/actor_head_stop.txt")
        )
    rows = resources.load_tsv(f"{lang}/actor_heads.tsv")
    heads = {r["word"].lower(): r["sector"] for r in rows}
    head_country = {r["word"].lower(): r["country"] for r in rows if r.get("country")}
    return Lexicon(
        by_first={k: tuple(sorted(v, key=lambda t: -t.length)) for k, v in by_first.items()},
        exact=exact,
        stop=stop,
        heads=heads,
        head_country=head_country,
        head_stop=head_stop,
    )


@dataclass(frozen=True)
class Grammar:
    sets: Mapping[str, frozenset[str]]
    casualty: Mapping[str, tuple[str, ...]]
    link_prefixes: tuple[str, ...]

    def __getitem__(self, key: str) -> frozenset[str]:
        return self.sets.get(key, frozenset())


@functools.cache
def grammar(language: str) -> Grammar:
    lang = language if language in ("id", "en") else "id"
    raw: dict[str, Any] = resources.load_json(f"{lang}/event_grammar.json")
    sets = {
        k: frozenset(str(x).lower() for x in v)
        for k, v in raw.items()
        if isinstance(v, list) and not k.startswith("_")
    }
    cas = {k: tuple(v) for k, v in raw.get("casualty", {}).items()}
    return Grammar(sets=sets, casualty=cas, link_prefixes=tuple(raw.get("link_line_prefixes", [])))


@functools.cache
def codebook() -> Mapping[str, Any]:
    """The PLOVER v2 codebook: types (quad class, modes), contexts with cue words."""
    data: Mapping[str, Any] = resources.load_json("plover/types.json")
    return data
