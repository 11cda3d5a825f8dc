"""``warta eval``: score coded records against gold data, per layer.

Gold lines follow design.md section 7 (and ``../shared/eval/ANNOTATION.md``); predictions
are warta JSONL records (design.md section 3). Both are read as plain dicts, so every
scorer here is reusable by quality gates and scripts without running the pipeline.

Event matching (design.md section 7): a predicted event matches a gold event when the
types are equal and the actor country sets overlap and the recipient country sets overlap.
Details decided here:

- an empty gold actor or recipient list matches anything (no constraint);
- a gold event whose recipients are the same parties as its actors (a joint action) also
  matches a prediction with no recipients ("both forms score the same", dev README);
- a null country is a value of its own (an unresolved armed group matches an unresolved
  prediction);
- predictions flagged ``future``, ``hypothetical`` or ``negated`` are not scored: gold
  codes only realised events, promises and requests;
- each gold event counts once (one-to-one matching, maximum cardinality, required gold
  events first): a second prediction of the same event is a false positive;
- recall counts required gold events; precision accepts a match with any gold event.

Sector, date, date precision and historical accuracy are computed on matched pairs.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.config import Config
from warta.errors import InputError

__all__ = [
    "PRF",
    "EventScores",
    "evaluate",
    "events_match",
    "format_report",
    "load_jsonl",
    "pair_records",
    "score_entities",
    "score_events",
    "score_places",
    "score_quotes",
    "score_times",
]

Record = Mapping[str, Any]


# -- small numbers ----------------------------------------------------------------------


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


# -- reading ----------------------------------------------------------------------------


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Every JSON object of a JSONL file (a broken line raises InputError naming it)."""
    out: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}", f"not valid JSON: {exc}") from exc
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{n}", "a line must hold a JSON object")
            out.append(obj)
    return out


def pair_records(
    gold: Sequence[Record], pred: Sequence[Record]
) -> Iterator[tuple[Record, Record | None]]:
    """Each gold record with its prediction: by id, else by identical text."""
    by_id = {str(p.get("id")): p for p in pred}
    by_text = {p.get("text"): p for p in pred if p.get("text")}
    for g in gold:
        p = by_id.get(str(g.get("id")))
        if p is None and g.get("text"):
            p = by_text.get(g["text"])
        yield g, p


# -- events -----------------------------------------------------------------------------


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


def _pair_affinity(gold: Record, pred: Record, text: str) -> int:
    """How well a matching pred fits a gold event beyond the match rule (for tie-breaks)."""
    score = 0
    sent = gold.get("sentence")
    psent = pred.get("sentence") or {}
    if sent and isinstance(psent, Mapping) and "start" in psent:
        if text[psent["start"] : psent["end"]].strip() == str(sent).strip():
            score += 4
        elif str(sent) and str(sent)[:40] in text[psent["start"] : psent["end"]]:
            score += 2
    trig = str(gold.get("trigger") or "").lower()
    ptrig = pred.get("trigger") or {}
    ptext = str(ptrig.get("text") or "").lower() if isinstance(ptrig, Mapping) else ""
    if trig and ptext and (ptext in trig or trig in ptext):
        score += 1
    if gold.get("date") == pred.get("date"):
        score += 1
    return score


def _match(golds: Sequence[Record], preds: Sequence[Record], text: str) -> dict[int, int]:
    """One-to-one maximum matching gold index -> pred index, required gold first."""
    cands: list[list[int]] = []
    for g in golds:
        ok = [j for j, p in enumerate(preds) if events_match(g, p)]
        ok.sort(key=lambda j: -_pair_affinity(g, preds[j], text))
        cands.append(ok)
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


@dataclass
class EventScores:
    overall: PRF = field(default_factory=PRF)
    per_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    sector: Accuracy = field(default_factory=Accuracy)
    date: Accuracy = field(default_factory=Accuracy)
    date_precision: Accuracy = field(default_factory=Accuracy)
    historical: Accuracy = field(default_factory=Accuracy)
    #: (article id, gold event or None, pred event or None) for error analysis
    errors: list[tuple[str, str, Record]] = field(default_factory=list)

    def add(self, other: EventScores) -> None:
        self.overall.add(other.overall)
        for t, prf in other.per_type.items():
            self.per_type[t].add(prf)
        self.sector.add(other.sector)
        self.date.add(other.date)
        self.date_precision.add(other.date_precision)
        self.historical.add(other.historical)
        self.errors.extend(other.errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.overall.to_dict(),
            "per_type": {t: self.per_type[t].to_dict() for t in sorted(self.per_type)},
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


def score_events(
    gold_events: Sequence[Record],
    pred_events: Sequence[Record],
    *,
    text: str = "",
    article: str = "",
) -> EventScores:
    """Score one article's predicted events against its gold events."""
    preds = [p for p in pred_events if scored_prediction(p)]
    golds = list(gold_events)
    pairs = _match(golds, preds, text)
    matched_preds = set(pairs.values())
    sc = EventScores()
    for gi, g in enumerate(golds):
        t = str(g.get("type"))
        if g.get("required", True):
            sc.overall.n_gold += 1
            sc.per_type[t].n_gold += 1
            if gi in pairs:
                sc.overall.tp_r += 1
                sc.per_type[t].tp_r += 1
            else:
                sc.errors.append((article, "missed", g))
        if gi in pairs:
            p = preds[pairs[gi]]
            sc.sector.count(_sector_ok(g, p))
            sc.date.count(str(g.get("date")) == str(p.get("date")))
            sc.date_precision.count(g.get("date_precision") == p.get("date_precision"))
            sc.historical.count(bool(g.get("historical")) == bool(p.get("historical")))
    for pj, p in enumerate(preds):
        t = str(p.get("type"))
        sc.overall.n_pred += 1
        sc.per_type[t].n_pred += 1
        if pj in matched_preds:
            sc.overall.tp_p += 1
            sc.per_type[t].tp_p += 1
        else:
            sc.errors.append((article, "spurious", p))
    return sc


# -- other layers -----------------------------------------------------------------------

_WS = re.compile(r"\s+")


def _norm(s: object) -> str:
    return _WS.sub(" ", str(s or "")).strip().casefold()


def _pred_entity_surfaces(ent: Record) -> set[str]:
    out = {_norm(ent.get("name"))}
    for m in ent.get("mentions") or []:
        out.add(_norm(m.get("text")))
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
        key = _norm(g.get("text"))
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
    gold_keys = {_norm(g.get("text")) for g in gold}
    sc.found.n_pred = len(pred)
    for p, s in zip(pred, surf, strict=True):
        if s & gold_keys:
            sc.found.tp_p += 1
        else:
            sc.errors.append(f"FP {p.get('name')!r} {p.get('type')} {p.get('country')}")
    return sc


def _text_hit(gold_text: str, pred_texts: Sequence[str]) -> int | None:
    """Index of the predicted text equal to gold, else the first overlapping one."""
    g = _norm(gold_text)
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
    ptexts = [_norm(p.get("text")) for p in pred]
    for g in gold:
        sc.found.n_gold += 1
        j = _text_hit(str(g.get("text") or ""), ptexts)
        if j is not None:
            sc.found.tp_r += 1
            sc.values["value"].count((g.get("value") or None) == (pred[j].get("value") or None))
    gtexts = [_norm(g.get("text")) for g in gold]
    sc.found.n_pred = len(pred)
    sc.found.tp_p = sum(1 for p in pred if _text_hit(str(p.get("text") or ""), gtexts) is not None)
    return sc


def score_places(gold: Sequence[Record], pred: Sequence[Record]) -> LayerScores:
    """Places: found by surface text; geonameid accuracy where gold is certain; country
    accuracy on all found places."""
    sc = LayerScores()
    ptexts = [_norm(p.get("text")) for p in pred]
    for g in gold:
        sc.found.n_gold += 1
        j = next((k for k, t in enumerate(ptexts) if t == _norm(g.get("text"))), None)
        if j is None:
            continue
        sc.found.tp_r += 1
        sc.values["country"].count((g.get("country") or None) == (pred[j].get("country") or None))
        if g.get("geonameid") is not None:
            sc.values["geonameid"].count(g.get("geonameid") == pred[j].get("geonameid"))
    gtexts = {_norm(g.get("text")) for g in gold}
    sc.found.n_pred = len(pred)
    sc.found.tp_p = sum(1 for t in ptexts if t in gtexts)
    return sc


def _speaker_names(q: Record, entities: Sequence[Record]) -> set[str]:
    names = {_norm(q.get("speaker_text"))}
    sp = q.get("speaker")
    for e in entities:
        if sp and e.get("id") == sp:
            names |= _pred_entity_surfaces(e)
    names.discard("")
    return names


def _speaker_ok(gold_speaker: str, names: set[str]) -> bool:
    g = _norm(gold_speaker)
    if not g:
        return False
    gtoks = set(g.split())
    for n in names:
        if n in g or g in n:
            return True
        # a shared capitalised name word ("Retno" in "Menlu Retno Marsudi")
        if {t for t in gtoks & set(n.split()) if len(t) > 3}:
            return True
    return False


def score_quotes(
    gold: Sequence[Record], pred: Sequence[Record], entities: Sequence[Record] = ()
) -> LayerScores:
    """Quotes: recall by contained text (the gold opening words lie inside a predicted
    quote); speaker accuracy on found quotes; precision: predicted quotes containing a
    gold quote's text."""
    sc = LayerScores()
    ptexts = [_norm(p.get("text")) for p in pred]
    for g in gold:
        sc.found.n_gold += 1
        gt = _norm(g.get("text"))
        j = next((k for k, t in enumerate(ptexts) if gt and (gt in t or (t and t in gt))), None)
        if j is None:
            continue
        sc.found.tp_r += 1
        sc.values["speaker"].count(
            _speaker_ok(str(g.get("speaker") or ""), _speaker_names(pred[j], entities))
        )
    sc.found.n_pred = len(pred)
    gts = [_norm(g.get("text")) for g in gold]
    sc.found.tp_p = sum(1 for t in ptexts if any(g and (g in t or (t and t in g)) for g in gts))
    return sc


# -- whole sets -------------------------------------------------------------------------

LAYERS = ("entities", "times", "places", "quotes")


@dataclass
class Report:
    articles: int = 0
    missing: int = 0
    events: EventScores = field(default_factory=EventScores)
    layers: dict[str, LayerScores] = field(default_factory=lambda: defaultdict(LayerScores))

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "missing_predictions": self.missing,
            "events": self.events.to_dict(),
            **{k: self.layers[k].to_dict() for k in LAYERS if k in self.layers},
        }


def evaluate(gold: Sequence[Record], pred: Sequence[Record]) -> Report:
    """Score predicted records against gold records, article by article."""
    rep = Report()
    for g, p in pair_records(gold, pred):
        rep.articles += 1
        if p is None:
            rep.missing += 1
            p = {}
        text = str(g.get("text") or p.get("text") or "")
        rep.events.add(
            score_events(
                g.get("events") or [], p.get("events") or [], text=text, article=str(g.get("id"))
            )
        )
        if "entities" in g:
            rep.layers["entities"].add(score_entities(g["entities"], p.get("entities") or []))
        if "times" in g:
            rep.layers["times"].add(score_times(g["times"], p.get("times") or []))
        if "places" in g:
            rep.layers["places"].add(score_places(g["places"], p.get("places") or []))
        if "quotes" in g:
            rep.layers["quotes"].add(
                score_quotes(g["quotes"], p.get("quotes") or [], p.get("entities") or [])
            )
    return rep


def run_pipeline_on_gold(
    gold: Sequence[Record], config: str | Config | None = None
) -> list[dict[str, Any]]:
    """Code the gold articles' text (with their ``published`` date) and return records."""
    from warta._api import load_pipeline
    from warta.model import Article, Doc

    pipe = load_pipeline(config)
    out = []
    for g in gold:
        art = Article.create(
            str(g.get("text") or ""),
            id=str(g.get("id")) if g.get("id") else None,
            published=g.get("published"),
            language=g.get("language"),
            source=g.get("source"),
        )
        out.append(pipe.run(Doc.from_article(art)).to_record())
    return out


# -- the readable report ----------------------------------------------------------------


def _row(name: str, prf: PRF) -> str:
    return (
        f"  {name:<12} {prf.precision:>6.3f} {prf.recall:>6.3f} {prf.f1:>6.3f}"
        f"   {prf.tp_p:>4}/{prf.n_pred:<4} {prf.tp_r:>4}/{prf.n_gold:<4}"
    )


def format_report(rep: Report, *, errors: bool = False) -> str:
    lines = [f"warta eval: {rep.articles} articles ({rep.missing} without prediction)", ""]
    head = f"  {'':<12} {'P':>6} {'R':>6} {'F1':>6}   {'tp/pred':>9} {'tp/gold':>9}"
    lines += ["events (type + actor country + recipient country)", head]
    lines.append(_row("ALL", rep.events.overall))
    for t in sorted(rep.events.per_type):
        lines.append(_row(t, rep.events.per_type[t]))
    ev = rep.events
    lines.append("  on matched events:")
    for name, acc in (
        ("sector", ev.sector),
        ("date", ev.date),
        ("date_precision", ev.date_precision),
        ("historical", ev.historical),
    ):
        lines.append(f"    {name:<16} {acc.value:.3f}  ({acc.correct}/{acc.total})")
    for layer in LAYERS:
        if layer not in rep.layers:
            continue
        ls = rep.layers[layer]
        lines += ["", layer, head, _row("found", ls.found)]
        for k in sorted(ls.values):
            acc = ls.values[k]
            lines.append(f"    {k + ' accuracy':<16} {acc.value:.3f}  ({acc.correct}/{acc.total})")
    if errors:
        lines += ["", "event errors:"]
        for art, kind, ev_ in rep.events.errors:
            lines.append(f"  [{kind}] {art}: {_brief(ev_)}")
        for layer in LAYERS:
            if rep.layers.get(layer) and rep.layers[layer].errors:
                lines += ["", f"{layer} errors:"]
                lines += [f"  {e}" for e in rep.layers[layer].errors]
    return "\n".join(lines)


def _brief(ev: Record) -> str:
    def side(xs: Iterable[Record]) -> str:
        return "+".join(f"{a.get('country')} {a.get('sector')}" for a in xs) or "-"

    trig = ev.get("trigger")
    if isinstance(trig, Mapping):
        trig = trig.get("text")
    return (
        f"{ev.get('type')} {side(ev.get('actors') or [])} -> {side(ev.get('recipients') or [])}"
        f" {ev.get('date')} {trig!r}"
    )


def type_counts(records: Iterable[Record]) -> Counter[str]:
    return Counter(str(e.get("type")) for r in records for e in r.get("events") or [])
