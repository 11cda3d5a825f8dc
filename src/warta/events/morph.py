"""Light morphology: the candidate roots of a word, for lexicon look-up.

Indonesian affixation is regular enough that stripping clitics, suffixes and prefixes
(with the nasal sound changes of meN-/peN-) and checking each candidate against the
trigger lexicon finds the lemma: serang/menyerang/diserang/serangan/penyerangan -> serang,
kutuk/mengutuk/dikutuk/kutukan -> kutuk, sepakat/menyepakati/kesepakatan -> sepakat.
Over-generation is harmless because only candidates present in the lexicon are used;
risky roots are listed as exact forms in the lexicon instead.

English gets simple inflection stripping (-s, -es, -ed, -ing, doubled consonants, -ied).
"""

from __future__ import annotations

import functools

__all__ = ["candidates", "candidates_en", "candidates_id", "strip_clitics"]

_CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
_SUFFIXES = ("kan", "an", "i")
_VOWELS = "aeiou"


@functools.lru_cache(maxsize=1 << 16)
def strip_clitics(word: str) -> str:
    """The word without a trailing possessive/emphatic clitic (dihubunginya -> dihubungi)."""
    w = word.lower()
    for c in _CLITICS:
        if w.endswith(c) and len(w) - len(c) >= 4:
            return w[: -len(c)]
    return w


def _prefix_strip(w: str) -> dict[str, None]:
    """Roots left after one derivational prefix, with nasal restoration, in the order
    they are found (a dict, not a set: the order must not depend on string hashing, or
    the same word would get differently ordered candidates in another process)."""
    out: dict[str, None] = {}

    def add(s: str) -> None:
        if len(s) >= 3:
            out[s] = None

    for pre in ("memper", "diper", "memper", "ber", "ter", "per", "di", "ke", "se", "be"):
        if w.startswith(pre):
            rest = w[len(pre) :]
            add(rest)
            if pre in ("ber", "ter", "per") and rest[:1] == "r":
                add(rest[1:])
    for nasal in ("me", "pe"):
        if not w.startswith(nasal):
            continue
        rest = w[2:]
        add(rest)  # meminta -> minta, melarang -> larang, merampas -> rampas
        if rest.startswith("nge"):  # menge-/penge- before one-syllable roots (mengebom)
            add(rest[3:])
        if rest.startswith("ng"):
            r = rest[2:]
            add(r)  # mengancam -> ancam, menggelar -> gelar
            if r[:1] in _VOWELS:
                add("k" + r)  # mengutuk -> kutuk, mengecam -> kecam
        elif rest.startswith("ny"):
            r = rest[2:]
            if r[:1] in _VOWELS:
                add("s" + r)  # menyerang -> serang
        elif rest.startswith("m"):
            r = rest[1:]
            add(r)  # membom -> bom, memblokir -> blokir
            if r[:1] in _VOWELS:
                add("p" + r)  # memukul -> pukul, memutus -> putus
        elif rest.startswith("n"):
            r = rest[1:]
            add(r)  # mendesak -> desak, menjatuhkan -> jatuh
            if r[:1] in _VOWELS:
                add("t" + r)  # menuduh -> tuduh, menembak -> tembak
        elif rest[:1] in "lrwy":
            add(rest)  # melarang -> larang, merampas -> rampas
    return out


@functools.lru_cache(maxsize=65536)
def candidates_id(word: str) -> tuple[str, ...]:
    """Candidate Indonesian roots of ``word``, most literal first (the word itself first)."""
    w = strip_clitics(word)
    seen: dict[str, None] = {word.lower(): None, w: None}
    stems = [w]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stems.append(w[: -len(suf)])
    # ke-an / pe-an / per-an confixes are covered by suffix + prefix stripping
    for s in stems:
        seen[s] = None
    for s in list(stems):
        for r in _prefix_strip(s):
            seen[r] = None
            # a second prefix layer: memper-, diper-, ber- + ke- ...
            for r2 in _prefix_strip(r):
                seen[r2] = None
    return tuple(seen)


@functools.lru_cache(maxsize=65536)
def candidates_en(word: str) -> tuple[str, ...]:
    w = word.lower()
    out: dict[str, None] = {w: None}
    if w.endswith("ies") and len(w) > 4:
        out[w[:-3] + "y"] = None
    if w.endswith("ied") and len(w) > 4:
        out[w[:-3] + "y"] = None
    for suf in ("es", "s", "ed", "d", "ing"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stem = w[: -len(suf)]
            out[stem] = None
            out[stem + "e"] = None
            if len(stem) > 3 and stem[-1] == stem[-2]:
                out[stem[:-1]] = None
    return tuple(out)


def candidates(word: str, language: str) -> tuple[str, ...]:
    return candidates_en(word) if language == "en" else candidates_id(word)
