"""Event candidates of the learned coder: trigger spans tagged by the trigger model.

The trigger model sees every token of a sentence (deliberately generous: any word may be
an event, the lexicon and the rules' reading are features), so a candidate is whatever
it tags ``B-<TYPE>``. Each becomes a :class:`~warta.events.lexicon.Trigger` so that the
shared coder can read it: the lexicon entry of that type when the word has one (its
frame and mode), else the type's most common frame.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence

from warta.events.lexicon import Lexicon, Trigger, lexicon
from warta.events.morph import candidates, strip_clitics
from warta.events.view import SentenceView

__all__ = ["as_trigger", "spans_from_tags"]


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, TYPE)`` token spans of BIO tags; an ``I-`` without ``B-`` opens one."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for k, t in enumerate([*tags, "O"]):
        if t.startswith("I-") and label == t[2:]:
            continue
        if label:
            spans.append((start, k, label))
            label = ""
        if t.startswith(("B-", "I-")):
            start, label = k, t[2:]
    return spans


@functools.cache
def _default_frames(lang: str) -> dict[str, str]:
    lex = lexicon(lang)
    counts: dict[str, Counter[str]] = {}
    for trigs in lex.by_first.values():
        for t in trigs:
            counts.setdefault(t.type, Counter())[t.frame] += 1
    for t in lex.exact.values():
        counts.setdefault(t.type, Counter())[t.frame] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def as_trigger(
    sv: SentenceView,
    ti: int,
    tj: int,
    etype: str,
    found: Sequence[tuple[int, int, Trigger]],
    lex: Lexicon,
    lang: str,
) -> Trigger:
    """The lexicon's trigger for the tagged span, else one made for it."""
    for fi, fj, t in found:
        if fi < tj and ti < fj and t.type == etype:
            return t
    word = sv.low[ti]
    roots = candidates(word, lang)
    for root in roots:
        for t in lex.by_first.get(root, ()):
            if t.type == etype:
                return Trigger((root,), False, etype, t.mode, t.frame)
    ex = lex.exact.get(strip_clitics(word))
    if ex is not None and ex.type == etype:
        return ex
    root = min((r for r in roots if len(r) >= 3), key=len, default=word)
    return Trigger((root,), False, etype, None, _default_frames(lang).get(etype, "dir"))
