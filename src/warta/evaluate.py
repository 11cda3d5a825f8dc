"""``warta eval``: score coded records against gold data, per layer.

Gold lines follow design.md section 7 (and ``../shared/eval/ANNOTATION.md``); predictions
are warta JSONL records (design.md section 3). Both are read as plain dicts, so every
scorer here is reusable by quality gates and scripts without running the pipeline.

Events are scored by :mod:`warta._eval_events` (type + actor and recipient countries, in
the gold event's sentence; type-only scores beside them; flagged predictions counted on
their own), the other layers by :mod:`warta._eval_layers`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta._eval_common import PRF, Accuracy, Record
from warta._eval_events import (
    EventScores,
    events_match,
    same_sentence,
    score_events,
    scored_prediction,
)
from warta._eval_layers import (
    LayerScores,
    score_entities,
    score_places,
    score_quotes,
    score_times,
)
from warta.config import Config
from warta.errors import InputError

__all__ = [
    "PRF",
    "Accuracy",
    "EventScores",
    "LayerScores",
    "Report",
    "article_events",
    "evaluate",
    "events_match",
    "format_report",
    "load_jsonl",
    "pair_records",
    "same_sentence",
    "score_entities",
    "score_events",
    "score_places",
    "score_quotes",
    "score_times",
    "scored_prediction",
]


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


def article_events(gold: Record, pred: Record) -> EventScores:
    """The event scores of one gold article against its prediction (``{}``: none)."""
    text = str(gold.get("text") or pred.get("text") or "")
    return score_events(
        gold.get("events") or [], pred.get("events") or [], text=text, article=str(gold.get("id"))
    )


def evaluate(gold: Sequence[Record], pred: Sequence[Record]) -> Report:
    """Score predicted records against gold records, article by article."""
    rep = Report()
    for g, p in pair_records(gold, pred):
        rep.articles += 1
        if p is None:
            rep.missing += 1
            p = {}
        rep.events.add(article_events(g, p))
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
    lines += [
        "events (type + actor country + recipient country, in the gold sentence;"
        " last column: type-only F1)",
        head,
    ]
    typed = rep.events.typed_per_type
    lines.append(_row("ALL", rep.events.overall) + f"  {rep.events.typed.f1:>6.3f}")
    for t in sorted(rep.events.per_type):
        lines.append(_row(t, rep.events.per_type[t]) + f"  {typed[t].f1:>6.3f}")
    ev = rep.events
    lines.append(_row("type only", ev.typed))
    lines.append(f"  flagged (future/hypothetical/negated, not scored): {ev.flagged}")
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
