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

__all__ = ["MEASURES", "article_scores", "intervals"]

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
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, not {resamples}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    counts = [_counts(s) for s in scores]
    if not counts:
        return {m: (0.0, 0.0) for m in MEASURES}
    rng = random.Random(seed)
    values: dict[str, list[float]] = {m: [] for m in MEASURES}
    for _ in range(resamples):
        sample = [counts[rng.randrange(len(counts))] for _ in counts]
        for m, v in _measures(sample).items():
            values[m].append(v)
    lo_k = int((1.0 - level) / 2 * resamples)
    hi_k = min(resamples - 1, int((1.0 + level) / 2 * resamples))
    out = {}
    for m, vs in values.items():
        vs.sort()
        out[m] = (round(vs[lo_k], 4), round(vs[hi_k], 4))
    return out


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
