"""Stages and pipelines.

A stage is a callable ``Doc -> Doc`` that declares its ``name``, ``version``, the layers
it ``requires`` and the layers it ``assigns``. Stages are registered under versioned names
(``warta.sentences``) by factories that take the stage's config section, so a worker
process can rebuild the same pipeline from config alone (nothing is pickled).

Third-party stages use the same registry, through :func:`register` or the
``warta.stages`` entry-point group.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Protocol, runtime_checkable

from warta.config import Budget
from warta.errors import BudgetError, PipelineError
from warta.model import Doc

__all__ = [
    "BASE_LAYERS",
    "Pipeline",
    "Stage",
    "StageFactory",
    "build_pipeline",
    "register",
    "registered",
]

#: layers every Doc has before any stage ran
BASE_LAYERS = frozenset({"text", "published", "source", "title", "url"})


@runtime_checkable
class Stage(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def requires(self) -> tuple[str, ...]: ...
    @property
    def assigns(self) -> tuple[str, ...]: ...

    def __call__(self, doc: Doc) -> Doc: ...


StageFactory = Callable[[Mapping[str, Any]], Stage]

_REGISTRY: dict[str, StageFactory] = {}
_ENTRY_POINTS_LOADED = False


def register(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under ``name`` (a decorator)."""

    def deco(factory: StageFactory) -> StageFactory:
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise PipelineError(f"stage {name!r} is already registered")
        _REGISTRY[name] = factory
        return factory

    return deco


def _load_builtin_and_plugins() -> None:
    global _ENTRY_POINTS_LOADED
    # Importing the stages package registers the built-in stages.
    import warta.stages  # noqa: F401

    if _ENTRY_POINTS_LOADED:
        return
    _ENTRY_POINTS_LOADED = True
    for ep in metadata.entry_points(group="warta.stages"):
        if ep.name not in _REGISTRY:
            _REGISTRY[ep.name] = ep.load()


def registered() -> list[str]:
    """Names of every registered stage."""
    _load_builtin_and_plugins()
    return sorted(_REGISTRY)


@dataclass(frozen=True)
class StageTiming:
    name: str
    seconds: float
    docs: int


class Pipeline:
    """An ordered list of stages whose requirements have been checked, and the
    per-article :class:`~warta.config.Budget` it codes within."""

    def __init__(self, stages: Iterable[Stage], budget: Budget | None = None) -> None:
        self.stages: tuple[Stage, ...] = tuple(stages)
        self.budget = budget or Budget()
        have = set(BASE_LAYERS)
        for st in self.stages:
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise PipelineError(
                    f"stage {st.name}@{st.version} requires {', '.join(missing)}, "
                    f"which no earlier stage assigns (have: {', '.join(sorted(have))})"
                )
            have.update(st.assigns)
        self.assigns = frozenset(have)
        self._seconds = {st.name: 0.0 for st in self.stages}
        self._docs = 0

    @property
    def names(self) -> list[str]:
        return [f"{st.name}@{st.version}" for st in self.stages]

    def run(self, doc: Doc) -> Doc:
        """Run every stage on one Doc; provenance records ``name@version`` per layer.

        Raises :class:`~warta.errors.BudgetError` (naming the article) when the text is
        longer than ``budget.max_chars``, or when coding has taken longer than
        ``budget.max_seconds`` at the end of a stage (a running stage is not interrupted;
        every stage is linear in the text, so it overruns by at most one stage)."""
        limit = self.budget.max_chars
        if limit is not None and len(doc.text) > limit:
            raise BudgetError(
                f"article {doc.id}: {len(doc.text):,} characters, over the budget of "
                f"{limit:,} (budget.max_chars in the config); not coded"
            )
        prov = dict(doc.provenance)
        started = time.perf_counter()
        for st in self.stages:
            t0 = time.perf_counter()
            try:
                doc = st(doc)
            except Exception as exc:  # a stage bug must name the stage and the article
                raise PipelineError(
                    f"stage {st.name}@{st.version} failed on article {doc.id}: "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            now = time.perf_counter()
            self._seconds[st.name] += now - t0
            secs = self.budget.max_seconds
            if secs is not None and now - started > secs and st is not self.stages[-1]:
                raise BudgetError(
                    f"article {doc.id}: coding took {now - started:.1f} s, over the budget of "
                    f"{secs:g} s (budget.max_seconds in the config), stopped after stage "
                    f"{st.name}; not coded"
                )
            tag = getattr(st, "provenance_tag", None) or f"{st.name}@{st.version}"
            for layer in st.assigns:
                prov[layer] = tag
        self._docs += 1
        return doc.replace(provenance=tuple(sorted(prov.items())))

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for doc in docs:
            yield self.run(doc)

    def timings(self) -> list[StageTiming]:
        return [StageTiming(n, s, self._docs) for n, s in self._seconds.items()]


def build_pipeline(
    stages: Iterable[str | Stage],
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    budget: Budget | None = None,
) -> Pipeline:
    """Build a pipeline from registered stage names (or ready stage objects).

    ``settings`` maps a stage name to the keyword settings of its factory; ``budget``
    limits each article (none by default; the shipped config sets one).
    """
    _load_builtin_and_plugins()
    settings = settings or {}
    built: list[Stage] = []
    for item in stages:
        if isinstance(item, str):
            factory = _REGISTRY.get(item)
            if factory is None:
                raise PipelineError(
                    f"unknown stage {item!r}; registered: {', '.join(sorted(_REGISTRY))}"
                )
            built.append(factory(settings.get(item, {})))
        else:
            built.append(item)
    return Pipeline(built, budget)
