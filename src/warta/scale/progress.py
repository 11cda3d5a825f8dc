"""Progress display for long runs: articles/s and, when the total is known, an ETA."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["count_lines", "count_records", "make_progress"]

_ONE = (".txt", ".html", ".htm")


def count_lines(path: str | Path, chunk: int = 1 << 20) -> int:
    """Lines of a file (a last line without newline counts), read in 1 MiB chunks."""
    n = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while True:
            block = fh.read(chunk)
            if not block:
                break
            n += block.count(b"\n")
            last = block[-1:]
    return n + (0 if last == b"\n" else 1)


def count_records(inputs: Iterable[str]) -> int | None:
    """How many records the inputs hold, or None when that is not cheap to know
    (stdin, WARC archives). Blank JSONL lines count, so this is an upper bound."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        p = Path(item)
        files = (
            (f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            if p.is_dir()
            else [p]
        )
        for f in files:
            name = f.name.lower()
            if name.endswith(".jsonl"):
                try:
                    total += count_lines(f)
                except OSError:
                    total += 1
            elif name.endswith((".warc", ".warc.gz")):
                return None
            else:
                total += 1
    return total


def make_progress() -> Any:
    """A rich progress bar on stderr: done/total, articles/s, elapsed and ETA."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
