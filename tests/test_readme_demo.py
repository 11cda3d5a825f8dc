"""The README's demo block is what `warta run` prints on the packaged sample today."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from script_loader import load_script

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    return load_script("readme_demo")


def test_readme_demo_block_is_regenerated_output() -> None:
    demo = _script()
    events = demo.demo_events()
    assert events.startswith("-- events (")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert demo.current(readme) == demo.block(events), (
        "README.md's demo block is stale: run `python scripts/readme_demo.py --write`"
    )
