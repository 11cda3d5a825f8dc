"""SQL for the API, always with parameters: filters arrive as values, never as SQL.

Column names and sort orders are chosen from fixed whitelists; user input only ever
fills ``?`` placeholders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from warta.api.db import StoreAccess, ilike_terms
from warta.errors import WartaError

__all__ = ["FILTER_LABELS", "SORTABLE", "EventFilter", "FilterError", "where_events"]


class FilterError(WartaError):
    """A filter value is malformed (answered with 422)."""


#: sortable event columns (query value -> SQL expression)
SORTABLE: dict[str, str] = {
    "date": "e.date",
    "published": "e.published",
    "type": "e.type",
    "actor": "e.actor_country",
    "recipient": "e.recipient_country",
    "source": "e.source",
    "confidence": "e.confidence",
    "location": "e.location",
}


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out += [p.strip() for p in v.split(",") if p.strip()]
    return out


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if len(value) == n:
            return value
    raise FilterError(f"{name}: expected YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")


#: query name -> what the pages call it (the active-filter line)
FILTER_LABELS: dict[str, str] = {
    "type": "type",
    "actor": "actor country",
    "recipient": "recipient country",
    "country": "actor or recipient country",
    "date_from": "from",
    "date_to": "to",
    "historical": "historical",
    "source": "source",
    "q": "text",
    "article": "article",
    "place": "place (GeoNames id)",
    "include_unrealised": "with planned / negated",
    "include_duplicates": "with duplicates",
}


def _bool(value: str | None, name: str) -> bool | None:
    if not value:
        return None
    h = value.strip().lower()
    if h in ("true", "1", "yes", "y"):
        return True
    if h in ("false", "0", "no", "n"):
        return False
    if h in ("", "any", "all"):
        return None
    raise FilterError(f"{name}: expected true or false, got {value!r}")


def _geonameid(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise FilterError(f"place: expected a GeoNames id, got {value!r}") from exc


@dataclass
class EventFilter:
    """The event filters shared by the table, downloads, timeline, map and network."""

    type: list[str] = field(default_factory=list)
    actor: list[str] = field(default_factory=list)  # actor country codes
    recipient: list[str] = field(default_factory=list)  # recipient country codes
    country: list[str] = field(default_factory=list)  # actor OR recipient country
    date_from: str | None = None
    date_to: str | None = None
    historical: bool | None = None
    source: str | None = None
    q: str | None = None
    article: str | None = None
    place: int | None = None  # geonameid of the event location
    #: planned, hypothetical and negated mentions are not events unless asked for
    include_unrealised: bool = False
    #: events of near-duplicate articles (wire copies) are not counted unless asked for
    include_duplicates: bool = False

    @classmethod
    def make(
        cls,
        *,
        type: list[str] | None = None,
        actor: list[str] | None = None,
        recipient: list[str] | None = None,
        country: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        historical: bool | None = None,
        source: str | None = None,
        q: str | None = None,
        article: str | None = None,
        place: int | None = None,
        include_unrealised: bool = False,
        include_duplicates: bool = False,
    ) -> EventFilter:
        return cls(
            type=[t.upper() for t in _split(type)],
            actor=[c.upper() for c in _split(actor)],
            recipient=[c.upper() for c in _split(recipient)],
            country=[c.upper() for c in _split(country)],
            date_from=_date(date_from, "date_from"),
            date_to=_date(date_to, "date_to"),
            historical=historical,
            source=source or None,
            q=(q or "").strip() or None,
            article=article or None,
            place=place,
            include_unrealised=include_unrealised,
            include_duplicates=include_duplicates,
        )

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> tuple[EventFilter, dict[str, str]]:
        """A filter from query values as they arrive (strings), and the message for each
        malformed one (keyed by query name); malformed values are left out of the filter.
        """
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        checks = {
            "date_from": lambda v: _date(v, "date_from"),
            "date_to": lambda v: _date(v, "date_to"),
            "historical": lambda v: _bool(v, "historical"),
            "place": _geonameid,
        }
        for key, value in raw.items():
            check = checks.get(key)
            if check is None:
                clean[key] = value
                continue
            try:
                clean[key] = check(value)
            except FilterError as exc:
                errors[key] = str(exc)
        return cls.make(**clean), errors

    def query_items(self) -> list[tuple[str, str]]:
        """The filter as query-string pairs (for links that keep the filter)."""
        items: list[tuple[str, str]] = []
        for key in ("type", "actor", "recipient", "country"):
            vals = getattr(self, key)
            if vals:
                items.append((key, ",".join(vals)))
        for key in ("date_from", "date_to", "source", "q", "article"):
            if getattr(self, key):
                items.append((key, str(getattr(self, key))))
        if self.historical is not None:
            items.append(("historical", "true" if self.historical else "false"))
        if self.place is not None:
            items.append(("place", str(self.place)))
        for key in ("include_unrealised", "include_duplicates"):
            if getattr(self, key):
                items.append((key, "true"))
        return items


def _codes(column: str, values: list[str]) -> tuple[str, list[Any]]:
    """``column`` (a ';'-joined code set) contains any of ``values``."""
    return f"list_has_any(string_split(coalesce({column}, ''), ';'), ?::VARCHAR[])", [values]


def where_events(access: StoreAccess, f: EventFilter, alias: str = "e") -> tuple[str, list[Any]]:
    """A WHERE clause (with its parameters) selecting the events that pass ``f``."""
    conds: list[str] = []
    params: list[Any] = []
    a = alias
    if f.type:
        conds.append(f"{a}.type IN (SELECT unnest(?::VARCHAR[]))")
        params.append(f.type)
    if f.actor:
        c, p = _codes(f"{a}.actor_country", f.actor)
        conds.append(c)
        params += p
    if f.recipient:
        c, p = _codes(f"{a}.recipient_country", f.recipient)
        conds.append(c)
        params += p
    if f.country:
        c1, p1 = _codes(f"{a}.actor_country", f.country)
        c2, p2 = _codes(f"{a}.recipient_country", f.country)
        conds.append(f"({c1} OR {c2})")
        params += p1 + p2
    # event dates are ISO strings of day, month or year precision: compare as strings, a
    # bare month or year sorting at the start of its period.
    if f.date_from:
        conds.append(f"coalesce({a}.date, CAST({a}.published AS VARCHAR)) >= ?")
        params.append(f.date_from)
    if f.date_to:
        conds.append(f"coalesce({a}.date, CAST({a}.published AS VARCHAR)) <= ?")
        params.append(f.date_to + "\uffff")  # the whole of the last day/month/year
    if f.historical is not None:
        conds.append(f"coalesce({a}.historical, false) = ?")
        params.append(f.historical)
    if f.source:
        conds.append(f"{a}.source = ?")
        params.append(f.source)
    if f.article:
        conds.append(f"{a}.article_id = ?")
        params.append(f.article)
    if f.place is not None:
        conds.append(f"{a}.geonameid = ?")
        params.append(f.place)
    if not f.include_unrealised:
        conds.append(
            f"NOT (coalesce({a}.future, false) OR coalesce({a}.hypothetical, false)"
            f" OR coalesce({a}.negated, false))"
        )
    if not f.include_duplicates:
        conds.append(
            f"{a}.article_id NOT IN (SELECT d.id FROM articles d WHERE d.duplicate_of IS NOT NULL)"
        )
    if f.q:
        c, p = article_match(access, f.q, f"{a}.article_id")
        conds.append(c)
        params += p
    return " WHERE " + " AND ".join(conds), params


def article_match(access: StoreAccess, q: str, id_column: str) -> tuple[str, list[Any]]:
    """Condition: the article ``id_column`` matches the full-text query ``q``."""
    ids = access.search.ids(q)
    if ids is not None:
        return f"{id_column} IN (SELECT unnest(?::VARCHAR[]))", [ids]
    terms = ilike_terms(q)
    sub = " AND ".join("(x.text ILIKE ? ESCAPE '\\' OR x.title ILIKE ? ESCAPE '\\')" for _ in terms)
    params: list[Any] = []
    for t in terms:
        params += [t, t]
    return f"{id_column} IN (SELECT x.id FROM articles x WHERE {sub or 'true'})", params
