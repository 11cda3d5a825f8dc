"""How sure an event score is: bootstrap intervals over articles for ``warta eval``.

A gold set of 50 articles and about 100 required events moves its event F1 by several
points when a handful of events change, so a difference between two runs means little
without its spread. :func:`intervals` resamples the articles with replacement (the
article is the unit: its events are not independent), recomputes each score from the
summed counts, and gives the central interval of the resampled values (percentile
bootstrap). Deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from warta._eval_common import PRF, Accuracy, Record
from warta._eval_events import EventScores
from warta.evaluate import article_events, pair_records

__all__ = ["MEASURES", "article_scores", "central", "difference", "intervals"]

#: the scores given an interval, as named in ``warta eval --json``
MEASURES = (
    "event_f1",
    "event_precision",
    "event_recall",
    "type_f1",
    "sector_accuracy",
    "date_accuracy",
    "historical_accuracy",
)


@dataclass(frozen=True)
class _Counts:
    """One article's counts behind the scores in :data:`MEASURES`."""

    overall: tuple[int, int, int, int]
    typed: tuple[int, int, int, int]
    sector: tuple[int, int]
    date: tuple[int, int]
    historical: tuple[int, int]


def article_scores(gold: Sequence[Record], pred: Sequence[Record]) -> list[EventScores]:
    """The event scores of each gold article against its prediction (none: no events)."""
    return [article_events(g, p or {}) for g, p in pair_records(gold, pred)]


def intervals(
    scores: Sequence[EventScores], resamples: int = 1000, seed: int = 0, level: float = 0.95
) -> dict[str, tuple[float, float]]:
    """The ``level`` percentile-bootstrap interval of each score in :data:`MEASURES`."""
    _check(resamples, level)
    counts = [_counts(s) for s in scores]
    if not counts:
        return {m: (0.0, 0.0) for m in MEASURES}
    rng = random.Random(seed)
    values: dict[str, list[float]] = {m: [] for m in MEASURES}
    for _ in range(resamples):
        sample = [counts[rng.randrange(len(counts))] for _ in counts]
        for m, v in _measures(sample).items():
            values[m].append(v)
    return {m: central(vs, level) for m, vs in values.items()}


def _check(resamples: int, level: float) -> None:
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, not {resamples}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, not {level}")


def central(values: list[float], level: float) -> tuple[float, float]:
    """The central ``level`` interval of resampled values (percentile bootstrap)."""
    values = sorted(values)
    lo_k = int((1.0 - level) / 2 * len(values))
    hi_k = min(len(values) - 1, int((1.0 + level) / 2 * len(values)))
    return round(values[lo_k], 4), round(values[hi_k], 4)


def difference(
    base: Sequence[EventScores],
    other: Sequence[EventScores],
    resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, tuple[float, float, float]]:
    """``other`` minus ``base`` for each score in :data:`MEASURES`, scored on the same
    articles (``base[i]`` and ``other[i]`` are one article): the difference and its
    ``level`` paired percentile-bootstrap interval. Resampling articles once for both
    runs keeps what they share out of the spread, so a real difference shows long before
    the two single-run intervals stop overlapping."""
    if len(base) != len(other):
        raise ValueError(f"paired scores need the same articles: {len(base)} vs {len(other)}")
    _check(resamples, level)
    a, b = [_counts(s) for s in base], [_counts(s) for s in other]
    point_a, point_b = _measures(a), _measures(b)
    rng = random.Random(seed)
    values: dict[str, list[float]] = {m: [] for m in MEASURES}
    for _ in range(resamples):
        idx = [rng.randrange(len(a)) for _ in a] if a else []
        ma, mb = _measures([a[i] for i in idx]), _measures([b[i] for i in idx])
        for m in MEASURES:
            values[m].append(mb[m] - ma[m])
    return {m: (round(point_b[m] - point_a[m], 4), *central(vs, level)) for m, vs in values.items()}


def _counts(s: EventScores) -> _Counts:
    def prf(x: PRF) -> tuple[int, int, int, int]:
        return (x.tp_p, x.n_pred, x.tp_r, x.n_gold)

    def acc(x: Accuracy) -> tuple[int, int]:
        return (x.correct, x.total)

    return _Counts(prf(s.overall), prf(s.typed), acc(s.sector), acc(s.date), acc(s.historical))


def _measures(sample: Sequence[_Counts]) -> dict[str, float]:
    overall, typed = PRF(), PRF()
    sector, date, hist = Accuracy(), Accuracy(), Accuracy()
    for c in sample:
        overall.add(PRF(*c.overall))
        typed.add(PRF(*c.typed))
        sector.add(Accuracy(*c.sector))
        date.add(Accuracy(*c.date))
        hist.add(Accuracy(*c.historical))
    return {
        "event_f1": overall.f1,
        "event_precision": overall.precision,
        "event_recall": overall.recall,
        "type_f1": typed.f1,
        "sector_accuracy": sector.value,
        "date_accuracy": date.value,
        "historical_accuracy": hist.value,
    }
