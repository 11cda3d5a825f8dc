"""The README's demo block is what `warta run` prints on the packaged sample today."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "readme_demo", ROOT / "scripts" / "readme_demo.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_demo_block_is_regenerated_output() -> None:
    demo = _script()
    events = demo.demo_events()
    assert events.startswith("-- events (")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert demo.current(readme) == demo.block(events), (
        "README.md's demo block is stale: run `python scripts/readme_demo.py --write`"
    )
