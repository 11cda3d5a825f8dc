"""Scores of ``warta eval`` for the layers beside events: entities, times, places, quotes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from warta._eval_common import PRF, Accuracy, Record, norm

__all__ = ["LayerScores", "score_entities", "score_places", "score_quotes", "score_times"]


def _pred_entity_surfaces(ent: Record) -> set[str]:
    out = {norm(ent.get("name"))}
    for m in ent.get("mentions") or []:
        out.add(norm(m.get("text")))
    out.discard("")
    return out


@dataclass
class LayerScores:
    """P/R/F1 of finding the items, plus accuracies of their values on matched items."""

    found: PRF = field(default_factory=PRF)
    values: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    errors: list[str] = field(default_factory=list)

    def add(self, other: LayerScores) -> None:
        self.found.add(other.found)
        for k, v in other.values.items():
            self.values[k].add(v)
        self.errors.extend(other.errors)

    def to_dict(self) -> dict[str, Any]:
        out = self.found.to_dict()
        for k in sorted(self.values):
            out[f"{k}_accuracy"] = self.values[k].to_dict()
        return out


def score_entities(gold: Sequence[Record], pred: Sequence[Record]) -> LayerScores:
    """Entities: a gold entity is found when a predicted entity has its surface text
    (name or a mention); country and type accuracy on found entities. Misses, false
    positives and wrong countries are listed in ``errors``."""
    sc = LayerScores()
    surf = [_pred_entity_surfaces(p) for p in pred]
    for g in gold:
        key = norm(g.get("text"))
        hit = next((j for j, s in enumerate(surf) if key in s), None)
        sc.found.n_gold += 1
        if hit is None:
            sc.errors.append(f"MISS {g.get('text')!r} {g.get('type')} {g.get('country')}")
            continue
        sc.found.tp_r += 1
        gc, pc = g.get("country") or None, pred[hit].get("country") or None
        sc.values["country"].count(gc == pc)
        sc.values["type"].count(g.get("type") == pred[hit].get("type"))
        if gc != pc:
            sc.errors.append(f"COUNTRY {g.get('text')!r} gold {gc} got {pc}")
    gold_keys = {norm(g.get("text")) for g in gold}
    sc.found.n_pred = len(pred)
    for p, s in zip(pred, surf, strict=True):
        if s & gold_keys:
            sc.found.tp_p += 1
        else:
            sc.errors.append(f"FP {p.get('name')!r} {p.get('type')} {p.get('country')}")
    return sc


def _text_hit(gold_text: str, pred_texts: Sequence[str]) -> int | None:
    """Index of the predicted text equal to gold, else the first overlapping one."""
    g = norm(gold_text)
    if not g:
        return None
    for j, p in enumerate(pred_texts):
        if p == g:
            return j
    for j, p in enumerate(pred_texts):
        if p and (g in p or p in g):
            return j
    return None


def score_times(gold: Sequence[Record], pred: Sequence[Record]) -> LayerScores:
    """Times: found when a predicted expression equals or contains/overlaps the gold text;
    value accuracy on found expressions."""
    sc = LayerScores()
    ptexts = [norm(p.get("text")) for p in pred]
    for g in gold:
        sc.found.n_gold += 1
        j = _text_hit(str(g.get("text") or ""), ptexts)
        if j is not None:
            sc.found.tp_r += 1
            sc.values["value"].count((g.get("value") or None) == (pred[j].get("value") or None))
    gtexts = [norm(g.get("text")) for g in gold]
    sc.found.n_pred = len(pred)
    sc.found.tp_p = sum(1 for p in pred if _text_hit(str(p.get("text") or ""), gtexts) is not None)
    return sc


def score_places(gold: Sequence[Record], pred: Sequence[Record]) -> LayerScores:
    """Places: found by surface text; geonameid accuracy where gold is certain; country
    accuracy on all found places. Gold lists each place name once, so precision counts
    distinct predicted names, not mentions."""
    sc = LayerScores()
    ptexts = [norm(p.get("text")) for p in pred]
    for g in gold:
        sc.found.n_gold += 1
        j = next((k for k, t in enumerate(ptexts) if t == norm(g.get("text"))), None)
        if j is None:
            sc.errors.append(f"MISS {g.get('text')!r} {g.get('country')}")
            continue
        sc.found.tp_r += 1
        sc.values["country"].count((g.get("country") or None) == (pred[j].get("country") or None))
        if g.get("geonameid") is not None:
            sc.values["geonameid"].count(g.get("geonameid") == pred[j].get("geonameid"))
    gtexts = {norm(g.get("text")) for g in gold}
    distinct = {t for t in ptexts if t}
    sc.found.n_pred = len(distinct)
    sc.found.tp_p = len(distinct & gtexts)
    sc.errors += [f"FP {t!r}" for t in sorted(distinct - gtexts)]
    return sc


def _speaker_names(q: Record, entities: Sequence[Record]) -> set[str]:
    """The names of the predicted speaker: its entity's name and mentions, else its text."""
    sp = q.get("speaker")
    for e in entities:
        if sp and e.get("id") == sp:
            return _pred_entity_surfaces(e)
    return {n for n in (norm(q.get("speaker_text")),) if n}


def _speaker_ok(gold_speaker: str, names: set[str]) -> bool:
    """The same entity: the gold speaker is one of its names, or is written as a role
    followed by one of its names ("Menlu Turki Mevlut Cavusoglu"), or is the end of one of
    its names ("Trump" of "Donald Trump"). A shared word ("Presiden") is not enough."""
    g = norm(gold_speaker)
    if not g:
        return False
    for n in names:
        if n == g:
            return True
        if g.endswith(" " + n) and len(n) > 3:
            return True
        if n.endswith(" " + g) and len(g) > 3:
            return True
    return False


def score_quotes(
    gold: Sequence[Record], pred: Sequence[Record], entities: Sequence[Record] = ()
) -> LayerScores:
    """Quotes: recall by contained text (the gold opening words lie inside a predicted
    quote); speaker accuracy on found quotes; precision: predicted quotes containing a
    gold quote's text."""
    sc = LayerScores()
    ptexts = [norm(p.get("text")) for p in pred]
    for g in gold:
        sc.found.n_gold += 1
        gt = norm(g.get("text"))
        j = next((k for k, t in enumerate(ptexts) if gt and (gt in t or (t and t in gt))), None)
        if j is None:
            continue
        sc.found.tp_r += 1
        sc.values["speaker"].count(
            _speaker_ok(str(g.get("speaker") or ""), _speaker_names(pred[j], entities))
        )
    sc.found.n_pred = len(pred)
    gts = [norm(g.get("text")) for g in gold]
    sc.found.tp_p = sum(1 for t in ptexts if any(g and (g in t or (t and t in g)) for g in gts))
    return sc
