"""Shared scaffolding for built-in stages."""

from __future__ import annotations

from typing import ClassVar

from warta.model import Doc

__all__ = ["BaseStage"]


class BaseStage:
    """A stage declares ``name``, ``version``, ``requires`` and ``assigns`` as class data."""

    name: ClassVar[str]
    version: ClassVar[int]
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<stage {self.name}@{self.version}>"
