"""The Ray engine: the same stages, spread over a Ray cluster.

The driver reads the input (so resume, skipping stored ids, works exactly as in the
local engine) and streams it, in batches of ``batch_size`` articles, to ONE pool of Ray
actors that lives for the whole run. Each actor builds the pipeline from the plain config
dict once, in ``__init__``, and loads its resources there (models load inside the worker;
no model is ever pickled: only the config dict, article fields and the coded Docs travel,
the Docs without their internal token layer). Docs are yielded in input order; only the
driver writes the store, while the actors code the next batches.

Ray Data (``map_batches`` with an ``ActorPoolStrategy``) was the first engine: a Dataset
needs its input up front, so a stream had to be cut into windows and every window
started a new actor pool (process start, imports, resource loading). Plain actors with a
bounded number of batches in flight keep one pool, stream with bounded driver memory
(at most ``2 * inflight`` batches per actor), and have less per-batch overhead.

``warta run ... --engine ray`` starts a local Ray (all cores, no dashboard) unless
``--address`` names a cluster to join (``auto`` or ``ray://host:10001``); the workers
of a remote cluster need warta installed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from warta.config import Config
from warta.errors import InputError, PipelineError, WartaError
from warta.model import Article, Doc

__all__ = ["RayCoder", "ray_results", "start_ray"]

_FIELDS = ("text", "id", "source", "url", "title", "published", "language", "origin")


class RayCoder:
    """A Ray actor: builds the pipeline once (and loads its resources), codes batches.

    Articles travel as tuples of their plain fields and coded Docs come back; no model or
    resource is ever pickled (the config dict is sent once).
    """

    def __init__(self, config: Mapping[str, Any]) -> None:
        from warta._api import load_pipeline
        from warta.config import from_dict

        self.pipeline = load_pipeline(from_dict(config))
        # load the lazy resources now, while the other actors start too
        warm = Article.create(
            "Presiden Joko Widodo bertemu Menteri Luar Negeri AS di Jakarta.", language="id"
        )
        self.pipeline.run(Doc.from_article(warm))

    def code(self, batch: list[tuple[Any, ...]]) -> list[tuple[Doc | None, str | None]]:
        """(coded Doc, None) or (None, error message) per article, in batch order.

        The Doc travels without its internal token layer (the record does not carry it
        either); Ray pickles it, which the driver reads back ~3x faster than JSON."""
        out: list[tuple[Doc | None, str | None]] = []
        for fields in batch:
            art = Article(**dict(zip(_FIELDS, fields, strict=True)))
            try:
                doc = self.pipeline.run(Doc.from_article(art))
            except PipelineError as exc:
                out.append((None, str(exc)))
                continue
            out.append((doc.replace(tokens=()), None))
        return out

    def ready(self) -> bool:
        return True


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
    batch_size: int | None = None,
    concurrency: int | None = None,
    inflight: int | None = None,
    on_ready: Callable[[], None] | None = None,
) -> Iterator[tuple[Any, Any]]:
    """(item, coded Doc or PipelineError) pairs; docs in input order, input errors as met.

    One pool of ``concurrency`` actors codes the whole stream. Each actor has up to
    ``inflight`` batches queued, so it never waits for the driver, and completed batches
    wait in a reorder buffer (at most ``2 * inflight`` batches per actor) until the ones
    before them are done. Meanwhile the consumer of this iterator (the driver writing the
    store) runs, overlapping with the coding. With ``on_ready``, the first batches wait
    until every actor has built its pipeline, then ``on_ready()`` is called (``warta bench``
    times the actors' start-up apart from the coding).
    """
    import ray

    start_ray(address)
    settings = config.raw.get("ray", {})
    batch_size = max(1, int(batch_size or settings.get("batch_size", 25)))
    inflight = max(1, int(inflight or settings.get("inflight", 2)))
    if concurrency is None:
        concurrency = int(settings.get("concurrency", 0)) or max(
            1,
            int(ray.cluster_resources().get("CPU", 1)),  # type: ignore[no-untyped-call]
        )
    remote = ray.remote(num_cpus=1, max_restarts=0)(RayCoder)
    cfg = config.to_dict()
    actors: list[Any] = []
    try:
        it = iter(items)
        first = _next_batch(it, batch_size)
        yield from ((e, None) for e in first[1])
        if not first[0]:
            return
        actors = [remote.remote(cfg) for _ in range(concurrency)]  # type: ignore[attr-defined]
        if on_ready is not None:
            ray.get([a.ready.remote() for a in actors])
            on_ready()
        yield from _drive(actors, it, first[0], batch_size, inflight)
    finally:
        for a in actors:
            ray.kill(a)


def _next_batch(
    it: Iterator[Article | InputError], size: int
) -> tuple[list[Article], list[InputError]]:
    arts: list[Article] = []
    errs: list[InputError] = []
    for item in it:
        if isinstance(item, InputError):
            errs.append(item)
            continue
        arts.append(item)
        if len(arts) >= size:
            break
    return arts, errs


def _drive(
    actors: list[Any],
    it: Iterator[Article | InputError],
    first: list[Article],
    batch_size: int,
    inflight: int,
) -> Iterator[tuple[Any, Any]]:
    import ray

    n = len(actors)
    load = [0] * n
    running: dict[Any, tuple[int, int]] = {}  # ref -> (seq, actor)
    batches: dict[int, list[Article]] = {}
    done: dict[int, list[tuple[Doc | None, str | None]]] = {}
    next_seq = next_out = 0
    pending: list[Article] | None = first
    exhausted = False
    while True:
        # keep every actor busy, within the reorder-buffer bound
        while (
            not exhausted and len(running) < inflight * n and next_seq - next_out < 2 * inflight * n
        ):
            if pending is None:
                arts, errs = _next_batch(it, batch_size)
                yield from ((e, None) for e in errs)
                if not arts:
                    exhausted = True
                    break
                pending = arts
            k = min(range(n), key=load.__getitem__)
            ref = actors[k].code.remote([tuple(getattr(a, f) for f in _FIELDS) for a in pending])
            running[ref] = (next_seq, k)
            load[k] += 1
            batches[next_seq] = pending
            next_seq += 1
            pending = None
        while next_out in done:
            for art, (doc, err) in zip(batches.pop(next_out), done.pop(next_out), strict=True):
                yield art, (PipelineError(err or "?") if doc is None else doc)
            next_out += 1
        if not running:
            if exhausted and next_out == next_seq:
                return
            continue
        ready, _ = ray.wait(list(running), num_returns=1)
        for ref in ready:
            seq, k = running.pop(ref)
            load[k] -= 1
            done[seq] = ray.get(ref)
