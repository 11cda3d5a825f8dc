"""Document-level language identification (Indonesian, English, Malay) with lingua."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from warta.model import Doc
from warta.pipeline import register
from warta.stages._base import BaseStage

__all__ = ["LanguageStage", "detect_language"]

#: how much text the detector reads; the start of an article is enough
_SAMPLE_CHARS = 3000


@functools.cache
def _detector(languages: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text: str, languages: tuple[str, ...] = ("id", "en", "ms")) -> str | None:
    """ISO 639-1 code of ``text``'s language among ``languages``, or None if unsure."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 3:
        return None
    lang = _detector(tuple(languages)).detect_language_of(sample)
    if lang is None:
        return None
    return str(lang.iso_code_639_1.name).lower()


class LanguageStage(BaseStage):
    name = "warta.language"
    version = 1
    assigns = ("language",)

    def __init__(self, languages: tuple[str, ...] = ("id", "en", "ms"), trust_input: bool = True):
        self.languages = tuple(languages)
        self.trust_input = trust_input

    def __call__(self, doc: Doc) -> Doc:
        if self.trust_input and doc.language:
            return doc
        return doc.replace(language=detect_language(doc.text, self.languages))


@register(LanguageStage.name)
def _make(settings: Mapping[str, Any]) -> LanguageStage:
    return LanguageStage(
        languages=tuple(settings.get("languages", ("id", "en", "ms"))),
        trust_input=bool(settings.get("trust_input", True)),
    )
