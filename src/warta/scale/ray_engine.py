"""The Ray engine: the same stages, spread over a Ray cluster with ``ray.data``.

The driver reads the input (so resume, skipping stored ids, works exactly as in the
local engine), cuts the article stream into windows of ``window`` articles, and runs each
window through ``Dataset.map_batches`` with an actor pool. Each actor builds the pipeline
from the plain config dict once, in ``__init__`` (models load lazily inside the worker;
nothing but the config dict and article fields is pickled). Records come back as JSON,
in input order (``preserve_order``), and only the driver writes the store.

Memory on the driver is bounded by one window, not the corpus. The actor pool is rebuilt
per window, so a window should hold many batches (default 5,000 articles).

``warta run ... --engine ray`` starts a local Ray (all cores, no dashboard) unless
``--address`` names a cluster to join (``auto`` or ``ray://host:10001``); the workers
of a remote cluster need warta installed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from warta.config import Config
from warta.errors import InputError, PipelineError, WartaError
from warta.model import Article, Doc

__all__ = ["RayCoder", "ray_results", "start_ray"]

_FIELDS = ("text", "id", "source", "url", "title", "published", "language", "origin")


class RayCoder:
    """A Ray Data actor: builds the pipeline once, codes numpy batches of articles."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        from warta._api import load_pipeline
        from warta.config import from_dict

        self.pipeline = load_pipeline(from_dict(config))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        n = len(batch["article"])
        records: list[str | None] = []
        errors: list[str | None] = []
        for i in range(n):
            art = Article(**json.loads(str(batch["article"][i])))
            try:
                doc = self.pipeline.run(Doc.from_article(art))
            except PipelineError as exc:
                records.append(None)
                errors.append(str(exc))
                continue
            records.append(json.dumps(doc.to_record(), ensure_ascii=False))
            errors.append(None)
        return {
            "idx": batch["idx"],
            "record": np.array(records, dtype=object),
            "error": np.array(errors, dtype=object),
        }


def start_ray(address: str | None = None, num_cpus: int | None = None) -> None:
    """Join the cluster at ``address``, or start a local Ray; no-op when already up."""
    try:
        import ray
    except ImportError as exc:
        raise WartaError(
            "the Ray engine needs Ray: pip install 'warta[ray]' (or use --engine local)"
        ) from exc
    if ray.is_initialized():
        return
    # workers import this very warta (a source checkout, not only an installed one)
    src = str(Path(__file__).resolve().parents[2])
    pypath = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    kwargs: dict[str, Any] = {
        "runtime_env": {"env_vars": {"PYTHONPATH": pypath}},
        "log_to_driver": False,
        "logging_level": "ERROR",
    }
    if address:
        ray.init(address=address, **kwargs)
    else:
        ray.init(num_cpus=num_cpus, include_dashboard=False, **kwargs)
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)


def ray_results(
    items: Iterator[Article | InputError],
    config: Config,
    *,
    address: str | None = None,
    window: int | None = None,
    batch_size: int | None = None,
    concurrency: int | None = None,
) -> Iterator[tuple[Any, Any]]:
    """(item, coded Doc or PipelineError) pairs; docs in input order, errors as met."""
    import ray

    start_ray(address)
    settings = config.raw.get("ray", {})
    window = int(window or settings.get("window", 5000))
    batch_size = int(batch_size or settings.get("batch_size", 100))
    if concurrency is None:
        concurrency = int(settings.get("concurrency", 0)) or max(
            1,
            int(ray.cluster_resources().get("CPU", 1)),  # type: ignore[no-untyped-call]
        )
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    cfg = config.to_dict()
    buf: list[Article] = []
    for item in items:
        if isinstance(item, InputError):
            yield item, None
            continue
        buf.append(item)
        if len(buf) >= window:
            yield from _code_window(buf, cfg, batch_size, concurrency)
            buf = []
    if buf:
        yield from _code_window(buf, cfg, batch_size, concurrency)


def _code_window(
    arts: list[Article], cfg: dict[str, Any], batch_size: int, concurrency: int
) -> Iterator[tuple[Any, Any]]:
    import ray

    # one JSON column: Arrow would turn an all-null string column into floats (NaN)
    rows = [
        {"idx": i, "article": json.dumps({f: getattr(a, f) for f in _FIELDS})}
        for i, a in enumerate(arts)
    ]
    size = min(concurrency, max(1, -(-len(arts) // batch_size)))
    blocks = max(1, -(-len(arts) // batch_size))
    ds = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
        RayCoder,
        fn_constructor_kwargs={"config": cfg},
        batch_size=batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=size),
        num_cpus=1,
    )
    for row in ds.iter_rows():
        art = arts[int(row["idx"])]
        if row["error"] is not None:
            yield art, PipelineError(str(row["error"]))
        else:
            yield art, Doc.from_record(json.loads(row["record"]))
