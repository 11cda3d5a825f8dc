"""``warta serve``: the JSON API (FastAPI) and the web UI it serves.

Importing this package loads nothing heavy; ``create_app`` imports FastAPI on first use,
so the rest of the ``warta`` command works without the web dependencies.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "is_loopback"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from warta.api import app

        return getattr(app, name)
    raise AttributeError(name)
