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
    """A non-capturing alternation, longest first, spaces matching any white space."""
    uniq = sorted({w.lower() for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in uniq) + ")"


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
