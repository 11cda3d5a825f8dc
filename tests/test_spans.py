"""Position indexes answer like the plain scans they replace (same items, same order)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from warta.model import Entity, Mention, Quote
from warta.spans import SpanIndex, cached, mention_index, span_index

spans_st = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=30,
)


@given(spans_st, st.integers(-2, 80), st.integers(0, 20))
def test_queries_equal_scans(spans: list[tuple[int, int]], a: int, width: int) -> None:
    b = a + width
    idx = SpanIndex(spans)
    n = range(len(spans))
    assert idx.starting_in(a, b) == [i for i in n if a <= spans[i][0] < b]
    assert idx.overlapping(a, b) == [i for i in n if spans[i][0] < b and a < spans[i][1]]
    assert idx.containing(a) == [i for i in n if spans[i][0] <= a < spans[i][1]]
    assert idx.within(a, b) == [i for i in n if a <= spans[i][0] and spans[i][1] <= b]


def test_cache_by_identity() -> None:
    layer = (Quote(0, 5), Quote(3, 9))
    assert span_index(layer) is span_index(layer)
    assert span_index(tuple(layer)) is span_index(layer)  # tuple() of a tuple is itself
    assert span_index(list(layer)) is not span_index(list(layer))  # lists are not cached
    calls = []
    assert cached(layer, "x", lambda: calls.append(1) or 7) == 7
    assert cached(layer, "x", lambda: calls.append(1) or 8) == 7 and calls == [1]


def test_mention_index_order() -> None:
    ents = (
        Entity("a", "A", "PER", (Mention(10, 12), Mention(0, 2))),
        Entity("b", "B", "GPE", (Mention(1, 3),)),
    )
    idx = mention_index(ents)
    hits = [idx.refs[i] for i in idx.spans.overlapping(0, 11)]
    assert hits == [(0, 0), (0, 1), (1, 0)]  # entity-then-mention order, as a nested scan
