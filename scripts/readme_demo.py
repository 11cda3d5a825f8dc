#!/usr/bin/env python3
"""The README's demo output, made by running warta on the packaged sample.

    python scripts/readme_demo.py            exit 1 when README.md's demo block is stale
    python scripts/readme_demo.py --write    rewrite the block in README.md

The block between ``<!-- demo:begin -->`` and ``<!-- demo:end -->`` holds the events part
of ``warta run`` on ``src/warta/resources/samples/`` (the article ``make demo`` codes),
as the default configuration codes it today. ``tests/test_readme_demo.py`` runs the same
function, so the README cannot drift from what warta prints.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SAMPLE = ROOT / "src" / "warta" / "resources" / "samples" / "purna-warta-irak-as-2024-01-26.txt"
BEGIN, END = "<!-- demo:begin -->", "<!-- demo:end -->"


def demo_events() -> str:
    """The ``-- events`` section of ``warta run SAMPLE`` (summary format)."""
    from warta.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["run", str(SAMPLE)])
    if code != 0:
        raise SystemExit(f"warta run failed ({code}): {err.getvalue()}")
    lines = out.getvalue().splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("-- events"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("   ")), None)
    return "\n".join(lines[start:end]).rstrip() + "\n"


def block(events: str) -> str:
    return f"{BEGIN}\n```\n{events}```\n{END}"


def current(readme: str) -> str:
    i, j = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[i:j]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    readme = README.read_text(encoding="utf-8")
    fresh = block(demo_events())
    if current(readme) == fresh:
        print("README.md: demo block is current")
        return 0
    if args.write:
        README.write_text(readme.replace(current(readme), fresh), encoding="utf-8")
        print("README.md: demo block rewritten")
        return 0
    print("README.md: demo block is stale; run scripts/readme_demo.py --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
