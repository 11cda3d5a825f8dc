"""Event coding: PLOVER v2 events from a Doc with its entity, time and place layers.

The ``warta.events`` stage (``warta.stages.events``) delegates to one
:class:`EventBackend`, chosen by config (``[stages."warta.events"] backend = "rules"``).
A backend is anything with ``name``, ``version`` and ``code(doc) -> tuple[Event, ...]``;
register another one (an LLM backend, a trained model) with :func:`register_backend`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

from warta.errors import ConfigError
from warta.model import Doc, Event

__all__ = ["EventBackend", "backend_names", "make_backend", "register_backend"]


@runtime_checkable
class EventBackend(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> int: ...

    def code(self, doc: Doc) -> tuple[Event, ...]: ...


BackendFactory = Callable[[Mapping[str, Any]], EventBackend]
_BACKENDS: dict[str, BackendFactory] = {}


def register_backend(name: str) -> Callable[[BackendFactory], BackendFactory]:
    def deco(factory: BackendFactory) -> BackendFactory:
        _BACKENDS[name] = factory
        return factory

    return deco


def _builtin() -> None:
    from warta.events import learned, rules  # noqa: F401  (register "learned", "rules")


def backend_names() -> list[str]:
    _builtin()
    return sorted(_BACKENDS)


def make_backend(name: str, settings: Mapping[str, Any] | None = None) -> EventBackend:
    _builtin()
    factory = _BACKENDS.get(name)
    if factory is None:
        raise ConfigError(f"unknown event backend {name!r}; known: {', '.join(sorted(_BACKENDS))}")
    return factory(settings or {})
