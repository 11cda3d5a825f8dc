"""``--repeat NAME=N,...`` of the training scripts: train on a part of the data N times.

Checked before any training: a name that is not one of the script's parts, or a count
that is not a positive whole number, stops the run instead of leaving that part at one
copy (or none).
"""

from __future__ import annotations

from collections.abc import Sequence


def parse_repeat(text: str, names: Sequence[str], prog: str, noun: str) -> dict[str, int]:
    """``"uner-pud=3"`` as ``{"uner-pud": 3}``; ``noun`` names a part in the messages."""
    repeat: dict[str, int] = {}
    for item in (x for x in text.split(",") if x):
        name, _, count = item.partition("=")
        if name not in names:
            raise SystemExit(f"{prog}: --repeat: {name!r} is not one of {', '.join(names)}")
        if not count.isdigit() or int(count) < 1:
            raise SystemExit(f"{prog}: --repeat: {item!r}: give {noun}=N with N >= 1")
        repeat[name] = int(count)
    return repeat
