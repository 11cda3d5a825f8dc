"""Counts behind every score of ``warta eval``: precision/recall/F1 and accuracies."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["PRF", "Accuracy", "Record", "norm"]

Record = Mapping[str, Any]

_WS = re.compile(r"\s+")


def norm(s: object) -> str:
    """Whitespace-collapsed, case-folded text for comparing surfaces."""
    return _WS.sub(" ", str(s or "")).strip().casefold()


@dataclass
class PRF:
    """Counts behind precision, recall and F1.

    ``tp_p`` counts predictions that matched (precision side); ``tp_r`` counts gold items
    that were found (recall side). They differ when recall counts only required gold.
    """

    tp_p: int = 0
    n_pred: int = 0
    tp_r: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_p / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp_p += other.tp_p
        self.n_pred += other.n_pred
        self.tp_r += other.tp_r
        self.n_gold += other.n_gold

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp_pred": self.tp_p,
            "n_pred": self.n_pred,
            "tp_gold": self.tp_r,
            "n_gold": self.n_gold,
        }


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def count(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.total += other.total

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": round(self.value, 4), "correct": self.correct, "total": self.total}
