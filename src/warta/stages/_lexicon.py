"""Helpers shared by the stages whose grammar is a JSON lexicon (times, quantities).

Each language ships its own file (``id/time.json``, ``en/time.json`` ...); a stage merges
them into one grammar with :func:`merge_lexicons` and builds regular expressions from word
lists with :func:`alternation`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["alternation", "merge_lexicons", "norm"]


def norm(s: str) -> str:
    """Lower-case and collapse white space: the key form of every lexicon entry."""
    return " ".join(s.lower().split())


def alternation(words: Iterable[str]) -> str:
    """A non-capturing alternation of the words, spaces matching any white space.

    The words are compiled as a trie ("bu|bulan|bulanan" -> "bu(?:lan(?:an)?)?"): the
    regex engine then reads each character once instead of trying every word in turn.
    Every optional tail is greedy, so among the words that match at a position the
    longest is tried first and shorter ones on backtracking, exactly the order of a
    longest-first list: the matches are the same.
    """
    trie: dict[str, Any] = {}
    for w in {w.lower() for w in words if w}:
        node = trie
        for sym in _symbols(w):
            node = node.setdefault(sym, {})
        node[_END] = {}
    return "(?:" + _tail(trie) + ")"


_END = ""  # marks the end of a word in the trie
_SPACE = " "  # white space between a phrase's words


def _symbols(word: str) -> list[str]:
    out: list[str] = []
    for i, part in enumerate(word.split()):
        if i:
            out.append(_SPACE)
        out.extend(part)
    return out


def _tail(node: dict[str, Any]) -> str:
    """The regex of what may follow a trie node: its branches, optional if a word ends."""
    branches = [
        (r"\s+" if sym == _SPACE else re.escape(sym)) + _tail(child)
        for sym, child in sorted(node.items())
        if sym != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END not in node:
        return body
    return ("(?:" + body + ")" if len(branches) == 1 else body) + "?"


def merge_lexicons(*parts: Mapping[str, Any]) -> dict[str, Any]:
    """Merge lexicon files key by key; later files add to (and override) earlier ones.

    Keys starting with ``_`` are comments. Word lists are concatenated; mappings are merged
    with normalised keys, and a mapping's list values are concatenated too.
    """
    out: dict[str, Any] = {}
    for part in parts:
        for key, val in part.items():
            if key.startswith("_"):
                continue
            if isinstance(val, dict):
                slot = out.setdefault(key, {})
                for k, v in val.items():
                    if isinstance(v, list):
                        slot.setdefault(norm(k), []).extend(norm(x) for x in v)
                    else:
                        slot[norm(k)] = v
            elif isinstance(val, list):
                out.setdefault(key, []).extend(norm(v) for v in val)
    return out
