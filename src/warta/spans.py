"""Position indexes over a Doc's layers, so that stages look up "the spans in this
sentence" or "the quote around this offset" in O(log n + hits) instead of scanning the
whole layer for every sentence (which made coding quadratic in article length).

An index is built once per layer *object*: layers are immutable tuples, so the index is
cached by identity (a small cache that keeps the tuple alive, so its id is not reused).
Query results are item indices in ascending order, i.e. the order a plain scan of the
layer would visit them, so a loop switched to an index keeps its first-match semantics.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

__all__ = [
    "MentionIndex",
    "SpanIndex",
    "cached",
    "containing",
    "mention_index",
    "span_index",
    "starting_in",
]


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class SpanIndex:
    """Spans ``[start, end)`` sorted by start, with the running maximum of their ends.

    Overlap queries walk back from the last span starting before the query's end and stop
    as soon as no earlier span can reach the query's start: O(log n + hits) when spans
    rarely nest (mentions, quotes, places, times)."""

    __slots__ = ("_end_by", "_ends", "_maxend", "_order", "_starts")

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self._order = sorted(range(len(spans)), key=lambda i: spans[i])
        self._starts = [spans[i][0] for i in self._order]
        self._ends = [spans[i][1] for i in self._order]
        self._maxend = list(itertools.accumulate(self._ends, max))
        self._end_by = [e for _, e in spans]

    def __len__(self) -> int:
        return len(self._order)

    def starting_in(self, start: int, end: int) -> list[int]:
        """Indices of the spans whose start lies in ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return sorted(self._order[lo:hi])

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices of the spans with ``s < end and start < e``."""
        out = []
        k = bisect.bisect_left(self._starts, end) - 1
        while k >= 0 and self._maxend[k] > start:
            if self._ends[k] > start:
                out.append(self._order[k])
            k -= 1
        out.sort()
        return out

    def containing(self, pos: int) -> list[int]:
        """Indices of the spans with ``s <= pos < e``."""
        return self.overlapping(pos, pos + 1) if pos >= 0 else []

    def within(self, start: int, end: int) -> list[int]:
        """Indices of the spans with ``start <= s and e <= end``."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, end)
        return sorted(i for i in self._order[lo:hi] if self._end_by[i] <= end)


_T = TypeVar("_T")
_CACHE: OrderedDict[tuple[int, str], tuple[object, Any]] = OrderedDict()
_CACHE_SIZE = 32
_LOCK = threading.Lock()


def cached(seq: object, kind: str, build: Callable[[], _T]) -> _T:
    """``build()`` for the immutable ``seq``, memoised by identity (only for tuples: a
    list may change under the same id)."""
    if not isinstance(seq, tuple):
        return build()
    key = (id(seq), kind)
    # a dict read is atomic: the hit path needs no lock (eviction is oldest-first, and the
    # article being coded is always among the newest entries)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is seq:
        value: _T = hit[1]
        return value
    value = build()
    with _LOCK:
        _CACHE[key] = (seq, value)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def span_index(layer: Sequence[_Spanned]) -> SpanIndex:
    """The (cached) :class:`SpanIndex` of a layer of spans (places, quotes, times ...)."""
    return cached(layer, "spans", lambda: SpanIndex([(x.start, x.end) for x in layer]))


_S = TypeVar("_S", bound=_Spanned)


def starting_in(layer: Sequence[_S], start: int, end: int) -> list[_S]:
    """The items of ``layer`` whose start lies in ``[start, end)``, in layer order: what
    ``[x for x in layer if start <= x.start < end]`` gives, without scanning the layer."""
    return [layer[i] for i in span_index(layer).starting_in(start, end)]


def containing(layer: Sequence[_S], pos: int) -> list[_S]:
    """The items of ``layer`` with ``x.start <= pos < x.end``, in layer order."""
    return [layer[i] for i in span_index(layer).containing(pos)]


class _Entityish(Protocol):
    @property
    def mentions(self) -> Sequence[_Spanned]: ...


class MentionIndex:
    """Every mention of every entity: ``refs[i] = (entity index, mention index)`` for the
    i-th mention in entity-then-mention order, and a :class:`SpanIndex` over them, so a
    query answers in the order of a nested scan over ``entities`` and their mentions."""

    __slots__ = ("refs", "spans")

    def __init__(self, entities: Sequence[_Entityish]) -> None:
        self.refs: list[tuple[int, int]] = []
        flat: list[tuple[int, int]] = []
        for ei, ent in enumerate(entities):
            for mi, m in enumerate(ent.mentions):
                self.refs.append((ei, mi))
                flat.append((m.start, m.end))
        self.spans = SpanIndex(flat)


def mention_index(entities: Sequence[_Entityish]) -> MentionIndex:
    """The (cached) :class:`MentionIndex` of a Doc's ``entities``."""
    return cached(entities, "mentions", lambda: MentionIndex(entities))
