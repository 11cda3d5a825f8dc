"""Packaged data: lexicons, gazetteers, codebooks, models, the record schema.

Every loader is cached, so a resource is read at most once per process, and only when a
stage first needs it (never at import time).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from warta.errors import ResourceError

__all__ = ["load_json", "load_lines", "load_tsv", "path", "read_text"]


def path(relpath: str) -> Traversable:
    """The packaged file ``relpath`` (``"id/abbreviations.txt"``)."""
    node = resources.files(__name__)
    for part in relpath.split("/"):
        node = node / part
    return node


@functools.cache
def read_text(relpath: str) -> str:
    node = path(relpath)
    try:
        return node.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise ResourceError(f"packaged resource {relpath!r} is missing") from exc


@functools.cache
def load_json(relpath: str) -> Any:
    try:
        return json.loads(read_text(relpath))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"packaged resource {relpath!r} is not valid JSON: {exc}") from exc


@functools.cache
def load_lines(relpath: str) -> tuple[str, ...]:
    """Non-empty lines without ``#`` comments."""
    out = []
    for line in read_text(relpath).splitlines():
        line = line.split("#", 1)[0].strip() if not line.startswith("\\#") else line[1:]
        if line:
            out.append(line)
    return tuple(out)


@functools.cache
def load_tsv(relpath: str) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated file with a header line; ``#`` lines are comments."""
    lines = [ln for ln in read_text(relpath).splitlines() if ln and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")
    return tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)
