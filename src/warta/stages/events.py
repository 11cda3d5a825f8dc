"""The ``warta.events`` stage: PLOVER events through a configurable backend."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from warta.events import EventBackend, make_backend
from warta.model import Doc
from warta.pipeline import register
from warta.stages._base import BaseStage

__all__ = ["EventStage"]


class EventStage(BaseStage):
    name = "warta.events"
    version = 1
    requires = ("sentences", "tokens", "entities", "times")
    assigns = ("events",)

    def __init__(self, backend: EventBackend) -> None:
        self.backend = backend

    def __call__(self, doc: Doc) -> Doc:
        return doc.replace(events=self.backend.code(doc))

    @property
    def provenance_tag(self) -> str:
        """What the record's provenance names: the stage and the backend that coded."""
        return f"{self.name}@{self.version}:{self.backend.name}@{self.backend.version}"

    def __repr__(self) -> str:
        return (
            f"<stage {self.name}@{self.version} backend={self.backend.name}@{self.backend.version}>"
        )


@register(EventStage.name)
def _make_events(settings: Mapping[str, Any]) -> EventStage:
    name = str(settings.get("backend", "learned"))
    return EventStage(make_backend(name, settings.get(name, {})))
