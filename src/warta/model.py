"""The document model: frozen dataclasses, no I/O.

A :class:`Doc` owns the article text. Every annotation (sentence, mention, time, place,
quote, quantity, event trigger ...) is a view into that text given by ``start`` and
``end``, Python ``str`` indices into the NFC-normalised text. Annotations do not copy the
text; :meth:`Doc.span_text` and the serialised record fill it in, so a record always
satisfies ``text[start:end] == span_text``.

Stages never mutate a Doc: they return a new one with :meth:`Doc.replace`.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import types
import typing
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, Union

from warta.spans import cached

__all__ = [
    "Actor",
    "Article",
    "Dateline",
    "Doc",
    "Entity",
    "Event",
    "EventLocation",
    "EventSize",
    "LoadedTerm",
    "Mention",
    "Place",
    "Quantity",
    "Quote",
    "Sentence",
    "Span",
    "Time",
    "Token",
    "article_id",
    "legacy_article_ids",
    "normalise_text",
]

Granularity = Literal["day", "month", "year", "unknown"]


def normalise_text(text: str) -> str:
    """NFC-normalise, unify line endings and drop a BOM; the text every offset refers to."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


def _start(span: _SpanLike) -> int:
    return span.start


def article_id(text: str) -> str:
    """The article id: first 16 hex digits of the SHA-256 of the normalised text without
    leading and trailing white space, so a .txt file, a JSONL line, the paste form and
    :func:`warta.code` give the same text the same id."""
    return _digest(normalise_text(text).strip())


def legacy_article_ids(text: str) -> tuple[str, ...]:
    """Ids the same (normalised, stripped) text got before ids ignored surrounding white
    space, for the endings a paste or a JSONL text usually carries: stores written then
    recognise the article instead of storing it twice (``docs/decisions.md``)."""
    return tuple(_digest(text + end) for end in ("\n", "\n\n", " "))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class _SpanLike:
    """Mixin for annotations that are a view ``[start, end)`` into the doc text."""

    start: int
    end: int
    #: whether the serialised form carries the covered text under ``"text"``
    with_text: ClassVar[bool] = True

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Span(_SpanLike):
    """A plain character span (an event trigger, an actor mention ...)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence(_SpanLike):
    start: int
    end: int
    with_text: ClassVar[bool] = False


@dataclass(frozen=True, slots=True)
class Token(_SpanLike):
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Dateline(_SpanLike):
    """The dateline that opens many news texts ("JAKARTA, KOMPAS.com -")."""

    start: int
    end: int
    place: str | None = None
    source: str | None = None
    with_text: ClassVar[bool] = False


@dataclass(frozen=True, slots=True)
class Mention(_SpanLike):
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A named person, organisation, country or place, with every mention in the text."""

    id: str
    name: str
    type: str  # PER, ORG, GPE, LOC, NORP
    mentions: tuple[Mention, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-3, or IGO/NGO/MNC
    sector: str | None = None  # PLOVER sector code
    role: str | None = None
    kb_id: str | None = None  # Wikidata QID when known


@dataclass(frozen=True, slots=True)
class Time(_SpanLike):
    """A time expression resolved against the publication date."""

    start: int
    end: int
    value: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    granularity: Granularity = "unknown"
    direction: Literal["past", "present", "future"] | None = None
    anchor: str | None = None  # "published" or "event" for relative expressions


@dataclass(frozen=True, slots=True)
class Place(_SpanLike):
    """A toponym resolved to GeoNames."""

    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None  # country, admin1, admin2, city, region, other


@dataclass(frozen=True, slots=True)
class Quote(_SpanLike):
    """Quoted or reported speech; ``speaker`` is an entity id when resolved."""

    start: int
    end: int
    speaker: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    direct: bool = True


@dataclass(frozen=True, slots=True)
class Quantity(_SpanLike):
    start: int
    end: int
    value: float | None = None
    unit: str | None = None
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class LoadedTerm(_SpanLike):
    """A word that carries the outlet's judgement rather than fact."""

    start: int
    end: int
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """One side of an event: the words naming it and its resolved codes."""

    text: str
    entity: str | None = None
    country: str | None = None
    sector: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class EventLocation:
    place: int | None = None  # index into Doc.places
    name: str | None = None
    country: str | None = None
    geonameid: int | None = None


@dataclass(frozen=True, slots=True)
class EventSize:
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER v2 event with the text that supports it."""

    id: str
    type: str
    trigger: Span
    sentence: Sentence
    mode: str | None = None
    context: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()
    date: str | None = None
    date_precision: Granularity = "unknown"
    historical: bool = False
    future: bool = False
    hypothetical: bool = False
    negated: bool = False
    location: EventLocation | None = None
    size: EventSize = field(default_factory=EventSize)
    quote: int | None = None  # index into Doc.quotes
    confidence: float = 0.5
    evidence: tuple[Sentence, ...] = ()  # further sentences stating the same event
    event_cluster: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An input article as read, before any stage ran. ``text`` is already normalised."""

    text: str
    id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    language: str | None = None
    origin: str | None = None  # where it was read from: "file:line"

    @classmethod
    def create(
        cls,
        text: str,
        *,
        id: str | None = None,
        source: str | None = None,
        url: str | None = None,
        title: str | None = None,
        published: str | None = None,
        language: str | None = None,
        origin: str | None = None,
    ) -> Article:
        """Normalise the text (and strip surrounding white space: offsets refer to the
        stripped text) and derive the id from it when none is given."""
        norm = normalise_text(text).strip()
        return cls(
            text=norm,
            id=id or article_id(norm),
            source=source,
            url=url,
            title=title,
            published=published,
            language=language,
            origin=origin,
        )


_Layer = Union[Sentence, Token, Entity, Time, Place, Quote, Quantity, LoadedTerm, Event]  # noqa: UP007


@dataclass(frozen=True, slots=True)
class Doc:
    """An article with the layers the pipeline assigned so far."""

    text: str
    id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    dateline: Dateline | None = None
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[Time, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    loaded_language: tuple[LoadedTerm, ...] = ()
    events: tuple[Event, ...] = ()
    duplicate_of: str | None = None
    provenance: tuple[tuple[str, str], ...] = ()  # (layer, "stage@version")

    #: record keys that are not serialised (internal layers)
    internal: ClassVar[frozenset[str]] = frozenset({"tokens"})

    @classmethod
    def from_article(cls, article: Article) -> Doc:
        return cls(
            text=article.text,
            id=article.id,
            source=article.source,
            url=article.url,
            title=article.title,
            published=article.published,
            language=article.language,
        )

    def replace(self, **changes: Any) -> Doc:
        """A copy with some fields changed (stages use this to add layers)."""
        return dataclasses.replace(self, **changes)

    def span_text(self, span: _SpanLike) -> str:
        return self.text[span.start : span.end]

    def sentence_of(self, offset: int) -> Sentence | None:
        """The sentence that contains character ``offset``, if any (sentences are in text
        order and do not overlap, so a binary search finds it)."""
        sents = self.sentences
        k = bisect.bisect_right(sents, offset, key=_start) - 1
        if k >= 0 and sents[k].start <= offset < sents[k].end:
            return sents[k]
        return None

    def tokens_in(self, start: int, end: int) -> Iterator[Token]:
        """The tokens inside ``[start, end)``; tokens are in text order (by ``start``)."""
        toks = self.tokens
        for k in range(bisect.bisect_left(toks, start, key=_start), len(toks)):
            tok = toks[k]
            if tok.start > end:
                break
            if tok.end <= end:
                yield tok

    def entity(self, entity_id: str | None) -> Entity | None:
        """The first entity with id ``entity_id`` (a dict lookup, built once per layer)."""
        if entity_id is None:
            return None
        ents = self.entities
        by_id = cached(ents, "entity-by-id", lambda: {e.id: e for e in reversed(ents)})
        return by_id.get(entity_id)

    @property
    def stages(self) -> dict[str, str]:
        return dict(self.provenance)

    def to_record(self) -> dict[str, Any]:
        """The JSONL record of design.md section 3."""
        from warta import __version__

        rec: dict[str, Any] = {"id": self.id}
        for f in dataclasses.fields(self):
            if f.name in ("id", "provenance") or f.name in self.internal:
                continue
            rec[f.name] = _dump(getattr(self, f.name), self.text)
        rec["provenance"] = {"warta": __version__, "stages": self.stages}
        return rec

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Doc:
        """Rebuild a Doc from its record (the ``text`` keys of spans are ignored)."""
        kwargs: dict[str, Any] = {}
        hints = _hints(cls)
        for f in dataclasses.fields(cls):
            if f.name == "provenance":
                stages = (record.get("provenance") or {}).get("stages") or {}
                kwargs["provenance"] = tuple((str(k), str(v)) for k, v in stages.items())
            elif f.name in record:
                kwargs[f.name] = _load(hints[f.name], record[f.name])
        return cls(**kwargs)


# -- generic (de)serialisation over the dataclasses above ---------------------------------


_SCALARS = frozenset({str, int, float, bool, type(None)})
#: per dataclass type: its field names and whether its record carries the covered text
_PLANS: dict[type, tuple[tuple[str, ...], bool]] = {}


def _dump(value: Any, text: str) -> Any:
    tp = type(value)
    if tp in _SCALARS:
        return value
    plan = _PLANS.get(tp)
    if plan is None:
        if not (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            if isinstance(value, tuple | list):
                return [_dump(v, text) for v in value]
            return value
        names = tuple(f.name for f in dataclasses.fields(value))
        plan = _PLANS[tp] = (names, isinstance(value, _SpanLike) and value.with_text)
    names, with_text = plan
    out: dict[str, Any] = {}
    for name in names:
        v = getattr(value, name)
        out[name] = v if type(v) in _SCALARS else _dump(v, text)
        if with_text and name == "end":
            out["text"] = text[value.start : value.end]
    return out


_T = TypeVar("_T")
_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _load(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        return _load(members[0], value) if len(members) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], v) for v in value)
        return tuple(_load(a, v) for a, v in zip(args, value, strict=True))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _load(hints[k], v) for k, v in value.items() if k in names})
    return value


def _reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickle a model dataclass as its constructor call ``cls(*field values)``.

    The ``__getstate__``/``__setstate__`` pair that ``dataclass(frozen=True, slots=True)``
    generates calls ``dataclasses.fields`` for every object; calling the constructor with
    the field values in order builds an equal object at about half the cost each way
    (Ray actors pickle every coded Doc and the driver reads it back).
    """
    cls = type(obj)
    return cls, tuple([getattr(obj, name) for name in _FIELD_NAMES[cls]])


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
for _cls in (
    Span,
    Sentence,
    Token,
    Dateline,
    Mention,
    Entity,
    Time,
    Place,
    Quote,
    Quantity,
    LoadedTerm,
    Actor,
    EventLocation,
    EventSize,
    Event,
    Article,
    Doc,
):
    _FIELD_NAMES[_cls] = tuple(f.name for f in dataclasses.fields(_cls))
    _cls.__reduce__ = _reduce  # type: ignore[assignment,method-assign]
