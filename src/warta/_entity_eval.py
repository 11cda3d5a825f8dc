"""Surface-form scoring of the entity layer against gold `entities` (design.md section 7).

A gold entity is found when some predicted entity has a mention whose text equals the gold
text (case-insensitive); a predicted entity is correct when one of its mention texts equals
some gold text. Country and type accuracy are over found gold entities (a null gold
country must be predicted as null).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.model import Article, Doc, Entity
from warta.pipeline import Pipeline, Stage, build_pipeline

__all__ = ["EntityScore", "score_doc", "score_gold_file"]

_ORGS = frozenset({"IGO", "NGO", "MNC"})
_PRE = ("warta.language", "warta.dateline", "warta.sentences", "warta.tokens")


@dataclass
class EntityScore:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    country_ok: int = 0
    country_ok_igo_null: int = 0
    type_ok: int = 0
    sentences: int = 0
    docs: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def country_accuracy(self) -> float:
        return self.country_ok / self.found if self.found else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_ok / self.found if self.found else 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "country_accuracy": round(self.country_accuracy, 4),
            "country_accuracy_igo_as_null": round(
                self.country_ok_igo_null / self.found if self.found else 0.0, 4
            ),
            "type_accuracy": round(self.type_accuracy, 4),
            "gold": self.gold,
            "predicted": self.predicted,
            "docs": self.docs,
            "sentences_per_s": round(self.sentences / self.seconds, 1) if self.seconds else 0.0,
            "articles_per_s": round(self.docs / self.seconds, 2) if self.seconds else 0.0,
        }


def score_doc(doc: Doc, gold_entities: Iterable[Mapping[str, Any]], acc: EntityScore) -> None:
    pred: dict[str, Entity] = {}
    for e in doc.entities:
        for m in e.mentions:
            pred.setdefault(doc.span_text(m).lower(), e)
    gold = {str(ge["text"]).lower(): ge for ge in gold_entities}
    for text, ge in gold.items():
        acc.gold += 1
        hit = pred.get(text)
        if hit is None:
            acc.errors.append(f"MISS {ge['text']!r} {ge.get('type')} {ge.get('country')}")
            continue
        acc.found += 1
        acc.country_ok += int(hit.country == ge.get("country"))
        # the dev gold leaves IGO/NGO entities' country null; warta codes them IGO/NGO
        pc = None if hit.country in _ORGS else hit.country
        gc = None if ge.get("country") in _ORGS else ge.get("country")
        acc.country_ok_igo_null += int(pc == gc)
        acc.type_ok += int(hit.type == ge.get("type"))
        if hit.country != ge.get("country"):
            acc.errors.append(f"COUNTRY {ge['text']!r} gold {ge.get('country')} got {hit.country}")
    for e in doc.entities:
        acc.predicted += 1
        if {doc.span_text(m).lower() for m in e.mentions} & gold.keys():
            acc.correct += 1
        else:
            acc.errors.append(f"FP {e.name!r} {e.type} {e.country}")


def score_gold_file(path: Path, entity_stage: Stage | None = None) -> EntityScore:
    """Run the pre-entity stages and the entity stage over every gold article and score."""
    pre: Pipeline = build_pipeline(list(_PRE))
    stage = entity_stage or build_pipeline([*list(_PRE), "warta.entities"]).stages[-1]
    acc = EntityScore()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        art = Article.create(g["text"], published=g.get("published"), language="id")
        doc = pre.run(Doc.from_article(art))
        t0 = time.perf_counter()
        doc = stage(doc)
        acc.seconds += time.perf_counter() - t0
        acc.sentences += len(doc.sentences)
        acc.docs += 1
        score_doc(doc, g.get("entities", []), acc)
    return acc
