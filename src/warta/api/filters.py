"""Event filters as the API and the pages read them from the query string.

The JSON API answers a malformed value with 422 (:func:`event_filter`); a page keeps what
was asked, applies the well-formed values and shows a message per malformed one on its
form (:class:`PageFilter`), and lists every active filter with a link that removes it
(:func:`filter_ctx`).
"""

from __future__ import annotations

import urllib.parse
from typing import Annotated, Any

from fastapi import Depends, Query

from warta.api.queries import FILTER_LABELS, EventFilter, FilterError

__all__ = ["Filter", "PageF", "PageFilter", "event_filter", "filter_ctx", "page_filter"]


def event_filter(
    type: Annotated[list[str] | None, Query(description="PLOVER type(s), comma list")] = None,
    actor: Annotated[list[str] | None, Query(description="actor country code(s)")] = None,
    recipient: Annotated[list[str] | None, Query(description="recipient country")] = None,
    country: Annotated[list[str] | None, Query(description="actor or recipient")] = None,
    date_from: Annotated[str | None, Query(description="event date from")] = None,
    date_to: Annotated[str | None, Query(description="event date to (inclusive)")] = None,
    historical: Annotated[
        str | None, Query(description="true: background events only; false: news only")
    ] = None,
    source: Annotated[str | None, Query(description="news source, exact")] = None,
    q: Annotated[str | None, Query(description="full-text query on article text")] = None,
    article: Annotated[str | None, Query(description="article id")] = None,
    place: Annotated[str | None, Query(description="GeoNames id of event location")] = None,
    include_unrealised: Annotated[
        bool, Query(description="also planned, hypothetical and negated mentions")
    ] = False,
    include_duplicates: Annotated[
        bool, Query(description="also events of articles marked as near-duplicates")
    ] = False,
) -> EventFilter:
    f, errors = EventFilter.parse(_raw_filter(locals()))
    if errors:
        raise FilterError("; ".join(errors.values()))
    return f


_FILTER_KEYS = (
    "type",
    "actor",
    "recipient",
    "country",
    "date_from",
    "date_to",
    "historical",
    "source",
    "q",
    "article",
    "place",
    "include_unrealised",
    "include_duplicates",
)


def _raw_filter(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in _FILTER_KEYS}


class PageFilter:
    """The filter of a page: what was asked (to show in the form, malformed values
    included), what is applied, and a message per malformed value."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.f, self.errors = EventFilter.parse(raw)


def page_filter(
    type: Annotated[list[str] | None, Query()] = None,
    actor: Annotated[list[str] | None, Query()] = None,
    recipient: Annotated[list[str] | None, Query()] = None,
    country: Annotated[list[str] | None, Query()] = None,
    date_from: str | None = None,
    date_to: str | None = None,
    historical: str | None = None,
    source: str | None = None,
    q: str | None = None,
    article: str | None = None,
    place: str | None = None,
    include_unrealised: bool = False,
    include_duplicates: bool = False,
) -> PageFilter:
    return PageFilter(_raw_filter(locals()))


Filter = Annotated[EventFilter, Depends(event_filter)]
PageF = Annotated[PageFilter, Depends(page_filter)]


def filter_ctx(pf: PageFilter, base: str, **keep: Any) -> dict[str, Any]:
    """What every filtered page shows: the form values as asked, the messages for
    malformed ones, and one removable entry per active filter."""
    f = pf.f
    active = []
    for key, value in f.query_items():
        rest = [(k, v) for k, v in f.query_items() if k != key]
        rest += [(k, str(v)) for k, v in keep.items() if v is not None]
        href = base + ("?" + urllib.parse.urlencode(rest) if rest else "")
        active.append({"key": key, "label": FILTER_LABELS[key], "value": value, "remove": href})
    return {
        "f": f,
        "raw": pf.raw,
        "errors": pf.errors,
        "active": active,
        "qs": urllib.parse.urlencode(f.query_items()),
    }
