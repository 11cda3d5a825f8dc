"""English-only parts of the entity stage: possessive clitics and "Iraqi parliament".

English differs from Indonesian in two ways the stage has to know: the possessive "'s" is
written onto the name ("Iraq's"), and the country comes before the institution it owns
("Iraqi parliament", "Russian Foreign Ministry"; Indonesian "parlemen Irak").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from warta.model import Token

if TYPE_CHECKING:  # pragma: no cover
    from warta.stages._gazetteer import Lexicon
    from warta.stages.entities import _Work

__all__ = ["clitic_split", "institutions", "tail_sector"]

_CLITICS = ("'s", "’s")
_MAX_WORDS = 3  # words allowed between the country and an institution noun that takes them


def clitic_split(text: str, t: Token) -> tuple[Token, ...]:
    """The token ``t`` cut before a possessive clitic: "Iraq's" -> "Iraq" + "'s".

    The tokenizer keeps apostrophes inside words (Indonesian "Ma'ruf", "Jum'at"); in English
    the possessive is not part of the name it follows, and a name with it attached matches
    no lexicon entry.
    """
    word = text[t.start : t.end]
    if len(word) > 2 and word.endswith(_CLITICS) and word[-3].isalnum():
        return (Token(t.start, t.end - 2), Token(t.end - 2, t.end))
    return (t,)


def tail_sector(lex: Lexicon, lower: list[str]) -> str | None:
    """The sector of an institution noun that ends an unknown English organisation name
    ("Foreign Ministry" -> GOV, "Supreme Court" -> JUD), if it ends in one."""
    for n in range(min(lex.role_max_len, len(lower)), 0, -1):
        for role in lex.roles.get(tuple(lower[-n:]), ()):
            if role.kind == "inst":
                return role.sector
    return None


def institutions(work: _Work) -> None:
    """A country followed by an institution noun is one ORG entity of that country.

    "Iraqi parliament" (a description): an ORG mention over "parliament", named "Iraqi
    parliament", IRQ LEG; "Iraqi" stays a mention of Iraq, as "Irak" does in "parlemen
    Irak". "Russian Foreign Ministry" (title case, a proper name): one ORG over the whole
    name, country included, as "Angkatan Laut AS" in Indonesian. Nouns marked
    ``allow_words`` take up to three words before them ("Iraqi foreign ministry").
    """
    from warta.stages.entities import inst_cand

    lex = work.lex
    for c in list(work.cands):
        if c.i >= c.j or c.source != "country" or not c.country:
            continue
        found = None
        after = c.j + (c.j < len(work.toks) and work.words[c.j] in _CLITICS)  # "Iraq's army"
        for extra in range(_MAX_WORDS + 1):
            p = after + extra
            if p >= len(work.toks) or not work.same_seg(c.i, p) or work.cand_at(p) is not None:
                break
            m = lex.roles_at(work.lower, p, ("inst",))
            if m is not None and (extra == 0 or m[1].allow_words):
                found = (p + m[0], m[1])
                break
            if not work.words[p].isalpha() or work.lower[p] in lex.nonname:
                break
        if found is None:
            continue
        end, role = found
        if not work.free(after, end) or not work.same_seg(c.i, end - 1):
            continue
        name = work.text(c.i, end)
        start = after
        if after == c.j and all(w[:1].isupper() for w in work.words[c.j : end]):
            start = c.i
            work.remove(work.covered[c.i])
        work.add(inst_cand(start, end, name, c.country, role.sector))
