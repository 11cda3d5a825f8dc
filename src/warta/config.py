"""Configuration: defaults shipped as package data, a user TOML file overrides keys.

A :class:`Config` is an immutable value passed explicitly; there is no global config.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from warta import resources
from warta.errors import ConfigError

__all__ = ["Budget", "Config", "load_config"]


@dataclass(frozen=True)
class Budget:
    """Per-article limits (``[budget]``): characters of text, and seconds of coding
    (checked after each stage). ``None``: no limit."""

    max_chars: int | None = None
    max_seconds: float | None = None


@dataclass(frozen=True)
class Config:
    stages: tuple[str, ...]
    stage_settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    store_batch_size: int = 200
    raw: Mapping[str, Any] = field(default_factory=dict)
    budget: Budget = field(default_factory=Budget)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (what a worker process needs to rebuild the pipeline)."""
        out: dict[str, Any] = _thaw(self.raw)
        return out


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, val in over.items():
        if isinstance(val, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], val)
        else:
            out[key] = val
    return out


def _freeze(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


def _thaw(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {k: _thaw(v) for k, v in obj.items()}
    if isinstance(obj, tuple):
        return [_thaw(v) for v in obj]
    return obj


def from_dict(data: Mapping[str, Any]) -> Config:
    try:
        stages = tuple(str(s) for s in data["pipeline"]["stages"])
        settings = data.get("stages", {})
        if not isinstance(settings, Mapping):
            raise TypeError("[stages] must be a table")
        batch = int(data.get("store", {}).get("batch_size", 200))
        budget = _budget(data.get("budget", {}))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"invalid configuration: {exc}") from exc
    if batch < 1:
        raise ConfigError("store.batch_size must be at least 1")
    return Config(
        stages=stages,
        stage_settings=_freeze(settings),
        store_batch_size=batch,
        raw=_freeze(data),
        budget=budget,
    )


def _budget(section: Mapping[str, Any]) -> Budget:
    chars = section.get("max_chars")
    secs = section.get("max_seconds")
    budget = Budget(
        max_chars=None if chars in (None, 0) else int(chars),
        max_seconds=None if secs in (None, 0) else float(secs),
    )
    if (budget.max_chars is not None and budget.max_chars < 0) or (
        budget.max_seconds is not None and budget.max_seconds < 0
    ):
        raise ConfigError("budget.max_chars and budget.max_seconds must be positive (0: none)")
    return budget


def load_config(
    path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> Config:
    """The default configuration, with keys from ``path`` and ``overrides`` on top."""
    data = tomllib.loads(resources.read_text("config/default.toml"))
    if path is not None:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read config: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: invalid TOML: {exc}") from exc
        data = _merge(data, user)
    if overrides:
        data = _merge(data, overrides)
    return from_dict(data)
