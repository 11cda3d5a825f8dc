"""The one exception tree of warta.

Every error warta raises on purpose derives from :class:`WartaError`, so a caller can
catch the whole family with one ``except`` and still tell the kinds apart.
"""

from __future__ import annotations

__all__ = [
    "BudgetError",
    "ConfigError",
    "InputError",
    "PipelineError",
    "ResourceError",
    "StoreError",
    "WartaError",
]


class WartaError(Exception):
    """Base class of every error warta raises on purpose."""


class ConfigError(WartaError):
    """A configuration file or value is invalid."""


class ResourceError(WartaError):
    """A packaged resource (lexicon, gazetteer, model) is missing or malformed."""


class PipelineError(WartaError):
    """A pipeline cannot be built (unknown stage, unmet requirement) or a stage failed."""


class BudgetError(PipelineError):
    """One article is over the per-article budget (``[budget]`` in the config): too long
    to code, or its coding took too long. The message names the article; a batch goes on."""


class StoreError(WartaError):
    """The store cannot be opened, read or written."""


class InputError(WartaError):
    """One input record is unusable.

    ``source`` names the file (or ``<stdin>``, or a URL) and ``record`` the line number or
    record index inside it, so that the message points at exactly what to fix.
    """

    def __init__(self, source: str, reason: str, record: int | str | None = None) -> None:
        self.source = source
        self.record = record
        self.reason = reason
        where = source if record is None else f"{source}:{record}"
        super().__init__(f"{where}: {reason}")
