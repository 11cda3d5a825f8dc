"""The learned event coder's trained models: data files plus this small class.

Three python-crfsuite models per language, trained by ``scripts/train_events.py`` from
the corpus' train split and shipped in ``warta/resources/models``:

- ``events-<lang>.triggers.crfsuite``: a linear-chain CRF tagging each token of a
  sentence ``B-<TYPE>`` / ``I-<TYPE>`` / ``O`` (the trigger and its PLOVER type);
- ``events-<lang>.roles.crfsuite``: a maximum-entropy classifier (one-item sequences) of
  each (trigger, actor phrase) pair: ``A`` actor, ``R`` recipient, ``N`` neither;
- ``events-<lang>.modes.crfsuite``: a maximum-entropy classifier of a trigger's PLOVER
  mode (``-`` for none);
- ``events-<lang>.sectors.crfsuite`` and ``events-<lang>.sources.crfsuite``: for an event
  whose actor the sentence does not name ("Tamimi ditangkap"), the actor's sector and
  where its country comes from (``main``: the article's main country so far, ``recip``:
  the recipient's, ``last``: the last person named, ``none``);
- ``events-<lang>.actorsec.crfsuite``: the sector of a named actor that the entity layer
  left without one, from the words describing it where the article first names it;
- ``events-<lang>.dates.crfsuite`` and ``events-<lang>.historical.crfsuite``: which
  candidate date is the event's (:mod:`warta.events.dating`) and its historical flag.

``events-<lang>.meta.json`` records the decision thresholds, how the models were trained
and the scores that came out. The code that uses the models never knows how they were
trained.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycrfsuite

from warta import resources

__all__ = ["EventModels", "cluster_lexicon", "load_models", "model_paths"]

KINDS = ("triggers", "roles", "modes", "sectors", "sources", "actorsec", "dates", "historical")


def model_paths(lang: str, folder: Path | None = None) -> dict[str, Path]:
    base = folder if folder is not None else Path(str(resources.path("models")))
    paths = {k: base / f"events-{lang}.{k}.crfsuite" for k in KINDS}
    paths["meta"] = base / f"events-{lang}.meta.json"
    return paths


def _tagger(path: Path) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


@dataclass
class EventModels:
    triggers: pycrfsuite.Tagger
    roles: pycrfsuite.Tagger | None
    modes: pycrfsuite.Tagger | None
    sectors: pycrfsuite.Tagger | None
    sources: pycrfsuite.Tagger | None
    actorsec: pycrfsuite.Tagger | None
    dates: pycrfsuite.Tagger | None
    historical: pycrfsuite.Tagger | None
    meta: Mapping[str, Any]

    def tag_tokens(self, items: Sequence[Sequence[str]]) -> list[str]:
        """Trigger tags of one sentence's tokens: ``B-<TYPE>`` where the most probable
        type's marginal probability reaches the ``trigger`` threshold, else ``O``."""
        if not items:
            return []
        tagger = self.triggers
        tagger.set(items)
        theta = self.threshold("trigger", 0.5)
        types = self.trigger_types
        tags = []
        for k in range(len(items)):
            if tagger.marginal("O", k) > 1.0 - theta:
                tags.append("O")
                continue
            best = max(types, key=lambda lab: tagger.marginal(lab, k))
            tags.append(best if tagger.marginal(best, k) >= theta else "O")
        return tags

    def role_probabilities(self, items: Sequence[Sequence[str]]) -> list[dict[str, float]]:
        """P(actor), P(recipient), P(neither) of each trigger-phrase pair."""
        out = []
        if self.roles is None:
            return [{"A": 0.0, "R": 0.0, "N": 1.0} for _ in items]
        labels = self.roles.labels()
        for f in items:
            self.roles.set([list(f)])
            out.append({lab: self.roles.marginal(lab, 0) for lab in labels})
        return out

    def mode(self, items: Sequence[str]) -> str | None:
        if self.modes is None:
            return None
        label: str = self.modes.tag([list(items)])[0]
        return None if label == "-" else label

    def implicit_actor(self, items: Sequence[str]) -> tuple[str, str] | None:
        """(sector, where its country comes from) of an actor the sentence does not name."""
        if self.sectors is None or self.sources is None:
            return None
        sector: str = self.sectors.tag([list(items)])[0]
        source: str = self.sources.tag([list(items)])[0]
        return sector, source

    def actor_sector(self, items: Sequence[str]) -> str | None:
        """The sector of a named actor the entity layer left without one."""
        if self.actorsec is None:
            return None
        label: str = self.actorsec.tag([list(items)])[0]
        return label

    def one(self, tagger: pycrfsuite.Tagger, items: Sequence[str]) -> str:
        """The label a one-item classifier gives ``items``."""
        label: str = tagger.tag([list(items)])[0]
        return label

    @functools.cached_property
    def trigger_types(self) -> list[str]:
        """The trigger model's labels other than ``O``, in the model's order."""
        return [lab for lab in self.triggers.labels() if lab != "O"]

    @functools.cached_property
    def trigger_attributes(self) -> frozenset[str]:
        """The attributes the trigger model has weights for (crfsuite ignores others)."""
        return frozenset(self.triggers.info().attributes)

    def threshold(self, name: str, default: float) -> float:
        return float(self.meta.get("thresholds", {}).get(name, default))


def load_models(lang: str, folder: Path | None = None) -> EventModels | None:
    """The models of one language from ``folder`` (default: the packaged ones), or None
    when that language has no trigger model."""
    paths = model_paths(lang, folder)
    if not paths["triggers"].is_file():
        return None
    meta = json.loads(paths["meta"].read_text(encoding="utf-8")) if paths["meta"].is_file() else {}
    return EventModels(
        triggers=_tagger(paths["triggers"]),
        roles=_tagger(paths["roles"]) if paths["roles"].is_file() else None,
        modes=_tagger(paths["modes"]) if paths["modes"].is_file() else None,
        sectors=_tagger(paths["sectors"]) if paths["sectors"].is_file() else None,
        sources=_tagger(paths["sources"]) if paths["sources"].is_file() else None,
        actorsec=_tagger(paths["actorsec"]) if paths["actorsec"].is_file() else None,
        dates=_tagger(paths["dates"]) if paths["dates"].is_file() else None,
        historical=_tagger(paths["historical"]) if paths["historical"].is_file() else None,
        meta=meta,
    )


@functools.cache
def packaged_models(lang: str) -> EventModels | None:
    """The packaged models of a language, loaded once per process."""
    return load_models(lang)


@functools.cache
def cluster_lexicon(lang: str) -> Mapping[str, str] | None:
    """Word clusters for features: those of the language's NER lexicon, if it has one."""
    from warta.stages._crf_ner import LANGS, get_default_ner

    if lang not in LANGS:
        return None
    lex = get_default_ner(lang).lexicon
    return lex.clusters if lex is not None else None
