"""Event scoring of ``warta eval`` (design.md section 7, made strict).

A predicted event matches a gold event when

- the types are equal, the actor country sets overlap and the recipient country sets
  overlap (an empty gold side matches anything; a joint action whose recipients are its
  own actors also matches a prediction with no recipients; a null country is a value of
  its own), and
- the prediction is about the gold sentence: its sentence, or one of its evidence
  sentences (other mentions of the same event), overlaps the gold event's sentence. A
  gold event whose sentence cannot be located in the text is not constrained.

Each gold event counts once (one-to-one matching, maximum cardinality, required gold
first); recall counts required gold events, precision accepts a match with any gold event.
Predictions flagged ``future``, ``hypothetical`` or ``negated`` are not scored (gold codes
only realised events, promises and requests); they are counted on their own.

*Type* scores match on type and sentence alone (no countries): they say whether the coder
found the event, apart from who did it. Sector, date, date precision and historical
accuracy are computed on matched pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from warta._eval_common import PRF, Accuracy, Record

__all__ = [
    "EventScores",
    "events_match",
    "same_sentence",
    "score_events",
    "scored_prediction",
]


def _countries(actors: Iterable[Record]) -> set[str]:
    return {a.get("country") or "" for a in actors}


def _sectors(actors: Iterable[Record]) -> set[str]:
    return {a.get("sector") or "" for a in actors}


def _is_joint(gold: Record) -> bool:
    recips = _countries(gold.get("recipients") or [])
    return bool(recips) and recips <= _countries(gold.get("actors") or [])


def events_match(gold: Record, pred: Record) -> bool:
    """Type equal, actor countries overlap, recipient countries overlap (section 7)."""
    if gold.get("type") != pred.get("type"):
        return False
    g_act = gold.get("actors") or []
    if g_act and not (_countries(g_act) & _countries(pred.get("actors") or [])):
        return False
    g_rec = gold.get("recipients") or []
    p_rec = pred.get("recipients") or []
    if not g_rec:
        return True
    if not p_rec:
        return _is_joint(gold)
    return bool(_countries(g_rec) & _countries(p_rec))


def scored_prediction(pred: Record) -> bool:
    """Predictions that gold can contain: realised events, promises and requests."""
    return not (pred.get("future") or pred.get("hypothetical") or pred.get("negated"))


# -- sentences --------------------------------------------------------------------------


def _gold_span(gold: Record, text: str) -> tuple[int, int] | None:
    off = gold.get("sentence_offsets")
    if isinstance(off, Sequence) and len(off) == 2:
        return int(off[0]), int(off[1])
    sent = str(gold.get("sentence") or "").strip()
    if not sent or not text:
        return None
    i = text.find(sent)
    return (i, i + len(sent)) if i >= 0 else None


def _pred_spans(pred: Record) -> list[tuple[int, int]]:
    out = []
    for s in [pred.get("sentence"), *(pred.get("evidence") or [])]:
        if isinstance(s, Mapping) and isinstance(s.get("start"), int):
            out.append((int(s["start"]), int(s["end"])))
    return out


def same_sentence(gold: Record, pred: Record, text: str) -> bool:
    """The prediction's sentence or evidence overlaps the gold sentence."""
    g = _gold_span(gold, text)
    if g is None:
        return True
    return any(s < g[1] and g[0] < e for s, e in _pred_spans(pred))


# -- matching ---------------------------------------------------------------------------


def _pair_affinity(gold: Record, pred: Record) -> int:
    """How well a matching pred fits a gold event beyond the match rule (for tie-breaks)."""
    score = 0
    trig = str(gold.get("trigger") or "").lower()
    ptrig = pred.get("trigger") or {}
    ptext = str(ptrig.get("text") or "").lower() if isinstance(ptrig, Mapping) else ""
    if trig and ptext and (ptext in trig or trig in ptext):
        score += 2
    if gold.get("date") == pred.get("date"):
        score += 1
    return score


Pairing = Callable[[Record, Record], bool]


def _match(golds: Sequence[Record], preds: Sequence[Record], ok: Pairing) -> dict[int, int]:
    """One-to-one maximum matching gold index -> pred index, required gold first."""
    cands: list[list[int]] = []
    for g in golds:
        js = [j for j, p in enumerate(preds) if ok(g, p)]
        js.sort(key=lambda j: -_pair_affinity(g, preds[j]))
        cands.append(js)
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(gi: int, seen: set[int]) -> bool:
        for pj in cands[gi]:
            if pj in seen:
                continue
            seen.add(pj)
            if pj not in owner or augment(owner[pj], seen):
                owner[pj] = gi
                return True
        return False

    order = [i for i, g in enumerate(golds) if g.get("required", True)]
    order += [i for i, g in enumerate(golds) if not g.get("required", True)]
    for gi in order:
        augment(gi, set())
    return {gi: pj for pj, gi in owner.items()}


# -- scores -----------------------------------------------------------------------------


@dataclass
class EventScores:
    overall: PRF = field(default_factory=PRF)
    per_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    #: type + sentence only (no countries)
    typed: PRF = field(default_factory=PRF)
    typed_per_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    #: predictions flagged future / hypothetical / negated (not scored)
    flagged: int = 0
    sector: Accuracy = field(default_factory=Accuracy)
    date: Accuracy = field(default_factory=Accuracy)
    date_precision: Accuracy = field(default_factory=Accuracy)
    historical: Accuracy = field(default_factory=Accuracy)
    #: (article id, "missed" | "spurious", event) for error analysis
    errors: list[tuple[str, str, Record]] = field(default_factory=list)

    def add(self, other: EventScores) -> None:
        self.overall.add(other.overall)
        self.typed.add(other.typed)
        for mine, theirs in (
            (self.per_type, other.per_type),
            (self.typed_per_type, other.typed_per_type),
        ):
            for t, prf in theirs.items():
                mine[t].add(prf)
        self.flagged += other.flagged
        self.sector.add(other.sector)
        self.date.add(other.date)
        self.date_precision.add(other.date_precision)
        self.historical.add(other.historical)
        self.errors.extend(other.errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.overall.to_dict(),
            "per_type": {t: self.per_type[t].to_dict() for t in sorted(self.per_type)},
            "type_only": self.typed.to_dict(),
            "type_only_per_type": {
                t: self.typed_per_type[t].to_dict() for t in sorted(self.typed_per_type)
            },
            "flagged_predictions": self.flagged,
            "sector_accuracy": self.sector.to_dict(),
            "date_accuracy": self.date.to_dict(),
            "date_precision_accuracy": self.date_precision.to_dict(),
            "historical_accuracy": self.historical.to_dict(),
        }


def _sector_ok(gold: Record, pred: Record) -> bool:
    """Sectors agree on both sides (an empty gold side is not checked)."""
    for side in ("actors", "recipients"):
        g = gold.get(side) or []
        if not g:
            continue
        p = pred.get(side) or []
        if not p and side == "recipients" and _is_joint(gold):
            continue
        if not (_sectors(g) & _sectors(p)):
            return False
    return True


def _count(
    prf: PRF,
    per_type: dict[str, PRF],
    golds: Sequence[Record],
    preds: Sequence[Record],
    pairs: dict[int, int],
) -> None:
    matched = set(pairs.values())
    for gi, g in enumerate(golds):
        if g.get("required", True):
            t = str(g.get("type"))
            prf.n_gold += 1
            per_type[t].n_gold += 1
            if gi in pairs:
                prf.tp_r += 1
                per_type[t].tp_r += 1
    for pj, p in enumerate(preds):
        t = str(p.get("type"))
        prf.n_pred += 1
        per_type[t].n_pred += 1
        if pj in matched:
            prf.tp_p += 1
            per_type[t].tp_p += 1


def score_events(
    gold_events: Sequence[Record],
    pred_events: Sequence[Record],
    *,
    text: str = "",
    article: str = "",
) -> EventScores:
    """Score one article's predicted events against its gold events."""
    sc = EventScores()
    preds = [p for p in pred_events if scored_prediction(p)]
    sc.flagged = len(pred_events) - len(preds)
    golds = list(gold_events)

    def full(g: Record, p: Record) -> bool:
        return events_match(g, p) and same_sentence(g, p, text)

    def typed(g: Record, p: Record) -> bool:
        return g.get("type") == p.get("type") and same_sentence(g, p, text)

    pairs = _match(golds, preds, full)
    _count(sc.overall, sc.per_type, golds, preds, pairs)
    _count(sc.typed, sc.typed_per_type, golds, preds, _match(golds, preds, typed))
    for gi, g in enumerate(golds):
        if gi not in pairs:
            if g.get("required", True):
                sc.errors.append((article, "missed", g))
            continue
        p = preds[pairs[gi]]
        sc.sector.count(_sector_ok(g, p))
        sc.date.count(str(g.get("date")) == str(p.get("date")))
        sc.date_precision.count(g.get("date_precision") == p.get("date_precision"))
        sc.historical.count(bool(g.get("historical")) == bool(p.get("historical")))
    matched = set(pairs.values())
    sc.errors += [(article, "spurious", p) for j, p in enumerate(preds) if j not in matched]
    return sc
