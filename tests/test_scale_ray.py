"""The Ray engine codes the same records as the local engine (skipped without Ray)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from scale_helpers import write_jsonl

ray = pytest.importorskip("ray")


@pytest.fixture(scope="session")
def ray_local() -> Iterator[None]:
    from warta.scale.ray_engine import start_ray

    start_ray(num_cpus=2)
    yield
    ray.shutdown()


def _sorted_records(path: Path) -> list[str]:
    return sorted(
        json.dumps(json.loads(line), sort_keys=True) for line in path.read_text().splitlines()
    )


def test_ray_engine_gives_the_same_records(ray_local: None, tmp_path: Path) -> None:
    from warta.cli import main

    data = tmp_path / "in.jsonl"
    write_jsonl(data, 20, n_words=80)
    with data.open("a", encoding="utf-8") as fh:  # one record without a language
        fh.write(json.dumps({"text": "Presiden Jokowi bertemu menteri di Jakarta, Senin."}) + "\n")
        fh.write("{broken\n")  # and one input error
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["run", str(data), "-o", str(local), "--format", "jsonl", "-q"]) == 1
    rc = main(["run", str(data), "-o", str(remote), "--format", "jsonl", "-q", "--engine", "ray"])
    assert rc == 1  # the broken line fails in both engines
    recs = _sorted_records(local)
    assert len(recs) == 21
    assert _sorted_records(remote) == recs


def test_ray_engine_stores_and_resumes(ray_local: None, tmp_path: Path) -> None:
    from warta.cli import main
    from warta.store import Store

    data = tmp_path / "in.jsonl"
    write_jsonl(data, 12, n_words=50)
    store = tmp_path / "s.duckdb"
    assert main(["run", str(data), "--store", str(store), "-q", "--engine", "ray"]) == 0
    assert main(["run", str(data), "--store", str(store), "-q", "--engine", "ray"]) == 0
    with Store(store, read_only=True) as st:
        assert st.count() == 12
        assert st.count("minhash") == 12
