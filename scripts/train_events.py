#!/usr/bin/env python3
"""Train the learned event coder (trigger, role and mode models) from the corpus.

    make corpus
    python scripts/train_events.py [--train build/corpus/train.jsonl]
                                   [--dev build/corpus/dev.jsonl] [--out DIR]

Each article of the train split is coded by the pipeline up to its entity, time, place
and quote layers (the rules backend supplies its reading as features); its gold events
label the tokens (the head token of a gold trigger ``B-<TYPE>``, others ``O``), the
(trigger, actor phrase) pairs (actor, recipient or neither by the gold parties' offsets),
the triggers' modes, the sector and country source of actors the sentence does not name,
and the sectors of named actors the entity layer left without one. The models are
python-crfsuite files (deterministic L-BFGS). The decision thresholds are chosen on the
dev split from a small grid; the dev scores of the rules and the learned backend are
written to ``events-<lang>.meta.json`` beside the models. Never trained or tuned on the
test split.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pycrfsuite

import parallel_news
import repeat_arg
from warta import corpus
from warta._api import load_pipeline
from warta.config import load_config
from warta.evaluate import evaluate, load_jsonl
from warta.events.candidates import as_trigger
from warta.events.coder import code_one
from warta.events.dates import date_for
from warta.events.dating import OPTIONS, date_items, date_options, historical_items
from warta.events.features import (
    Discourse,
    actor_items,
    implicit_items,
    mode_items,
    pair_items,
    token_items,
)
from warta.events.learned import code_events_learned, rules_pass
from warta.events.lexicon import grammar, lexicon
from warta.events.models import KINDS, cluster_lexicon, load_models, model_paths
from warta.events.newsday import find_lead_time, news_day
from warta.events.phrases import main_country_before, sentence_views
from warta.events.roles import read_roles
from warta.events.rules import code_events
from warta.events.triggers import trigger_form
from warta.events.view import Candidate, SentenceView, tok_range
from warta.model import Actor, Article, Doc, Granularity

ROOT = Path(__file__).resolve().parents[1]
Json = dict[str, Any]

#: how the learned backend decodes (shipped in the meta file); thresholds tuned on dev
DECODING: Json = {
    "strategy": "model",
    "role_fallback": True,
    "thresholds": {"trigger": 0.25, "actor": 0.25, "recipient": 0.25},
}
#: the corpus splits ``make corpus`` writes (the Indonesian models' train and dev)
CORPUS_TRAIN = ROOT / "build" / "corpus" / "train.jsonl"
CORPUS_DEV = ROOT / "build" / "corpus" / "dev.jsonl"
#: the subfolders of corpus/synthetic that --synthetic-round adds
SYNTHETIC_ROUNDS = ("round3",)
#: the source groups of corpus/parallel-news that --with adds to the news group
EXTRA_GROUPS = tuple(g for g in parallel_news.GROUPS if g != "news")
TUNE = {"trigger": (0.2, 0.25, 0.3), "role": (0.25, 0.35, 0.5)}

PARAMS = {
    "triggers": {"c1": 1.0, "c2": 0.05, "max_iterations": 100},
    "roles": {"c1": 0.02, "c2": 0.1, "max_iterations": 200},
    "modes": {"c1": 0.05, "c2": 0.1, "max_iterations": 150},
    "sectors": {"c1": 0.1, "c2": 0.1, "max_iterations": 150},
    "sources": {"c1": 0.1, "c2": 0.1, "max_iterations": 150},
    "actorsec": {"c1": 0.1, "c2": 0.1, "max_iterations": 150},
    "dates": {"c1": 0.1, "c2": 0.1, "max_iterations": 150},
    "historical": {"c1": 0.1, "c2": 0.1, "max_iterations": 150},
}


def coded_docs(gold: Sequence[Json], config: Any, lang: str = "id") -> Iterator[tuple[Json, Doc]]:
    pipe = load_pipeline(config)
    for g in gold:
        art = Article.create(g["text"], id=g["id"], published=g.get("published"), language=lang)
        yield g, pipe.run(Doc.from_article(art))


def held_out(lines: list[Json]) -> tuple[list[Json], list[Json]]:
    """9 in 10 sentence pairs to train, 1 in 10 to check (by a hash of the pair id, so
    both languages hold out the same pairs)."""
    dev = [g for g in lines if parallel_news.held_out_id(g["id"][:-3])]
    held = {g["id"] for g in dev}
    return [g for g in lines if g["id"] not in held], dev


def synthetic_split(lang: str, rounds: Sequence[str] = ()) -> tuple[list[Json], list[Json]]:
    """The synthetic sentences of one language, split by :func:`held_out`: the files of
    ``corpus/synthetic`` and of its subfolders named in ``rounds`` (``round3``)."""
    folder = ROOT / "corpus" / "synthetic"
    files = sorted(folder.glob("*.jsonl")) + [
        f for r in rounds for f in sorted((folder / r).glob("*.jsonl"))
    ]
    return held_out([g for f in files for g in corpus.synthetic_gold_lines(f, lang)])


def repeated(lines: list[Json], repeat: Mapping[str, int]) -> list[Json]:
    """``lines`` with each line of a ``parallel_news`` source in ``repeat`` given that many
    times in all (``{"pud": 3}``: the English-original international news weighs three
    times), in order."""
    _check_sources(repeat)
    return [g for g in lines for _ in range(times(g["id"], repeat))]


def times(line_id: str, repeat: Mapping[str, int]) -> int:
    """How often the gold line ``line_id`` is trained on under ``repeat`` (whose sources
    :func:`parse_repeat` or :func:`repeated` checked)."""
    stem = line_id.removeprefix("news-")
    return next((n for s, n in repeat.items() if stem.startswith(f"{s}-")), 1)


def parse_repeat(text: str) -> dict[str, int]:
    """``--repeat pud=3,csui_train=2`` as ``{"pud": 3, "csui_train": 2}``, checked before
    any training."""
    return repeat_arg.parse_repeat(text, tuple(parallel_news.SOURCES), "train_events", "source")


def _check_sources(repeat: Mapping[str, int]) -> None:
    if unknown := set(repeat) - set(parallel_news.SOURCES):
        raise SystemExit(f"train_events: --repeat: unknown source {sorted(unknown)}")


def news_split(lang: str, groups: Sequence[str] = ("news",)) -> tuple[list[Json], list[Json]]:
    """The annotated sentences of one language from the source groups of
    ``parallel_news.GROUPS``, split by :func:`held_out`."""
    if not parallel_news.available():
        raise SystemExit(
            "train_events: --news needs the shared folder's data/ with "
            + ", ".join(parallel_news.SOURCES.values())
        )
    sources = {s for g in groups for s in parallel_news.GROUPS[g]}
    rows = [r for r in parallel_news.rows() if r["pair"].partition(":")[0] in sources]
    return held_out(parallel_news.gold_lines(lang, rows))


def indonesian_gold() -> list[Json]:
    """What ``--lang id --news`` trains on: the corpus train split (``make corpus``) and
    the Indonesian side of the news pairs (9 in 10)."""
    if not CORPUS_TRAIN.is_file():
        raise SystemExit(f"train_events: --bilingual needs {CORPUS_TRAIN}: run make corpus")
    return load_jsonl(str(CORPUS_TRAIN)) + news_split("id")[0]


#: trigger features whose values are ids of one language's word clusters
CLUSTER_FEATURES = ("c1=", "c2=", "c3=")


def shared_triggers(
    triggers: Iterable[tuple[list[list[str]], list[str]]],
) -> list[tuple[list[list[str]], list[str]]]:
    """Trigger sequences of one language for another language's trigger model: the same
    attributes (lexicon types, rules' readings, entity and quote marks, words, which rarely
    coincide across languages) less the word clusters, whose ids name other clusters."""
    return [([[f for f in x if not f.startswith(CLUSTER_FEATURES)] for x in xs], ys)
            for xs, ys in triggers]  # fmt: skip


def _offsets(x: Json, key: str) -> tuple[int, int] | None:
    off = x.get(key)
    return (int(off[0]), int(off[1])) if off else None


def _role_label(start: int | None, end: int | None, ev: Json) -> tuple[str, Json | None]:
    """A (actor), R (recipient) or N, and the gold party the phrase overlaps."""
    if start is None or end is None:
        return "N", None
    for label, side in (("A", "actors"), ("R", "recipients")):
        for a in ev.get(side) or []:
            off = _offsets(a, "offsets")
            if off and off[0] < end and start < off[1]:
                return label, a
    return "N", None


def head_token(sv: SentenceView, r: tuple[int, int], etype: str, lexraw: Any) -> int:
    """The token of a gold trigger span that carries its event: one the lexicon gives the
    gold type, else any lexicon word, else the first word that does not merely open the
    phrase ("akan membantu", "tidak setuju", "saling tuding": grammar's trigger_openers)."""
    openers = grammar(sv.doc.language or "id")["trigger_openers"]
    span = range(r[0], r[1])
    for test in (
        lambda k: etype in lexraw[k],
        lambda k: bool(lexraw[k]),
        lambda k: sv.low[k] not in openers and sv.low[k][:1].isalpha(),
    ):
        hit = next((k for k in span if test(k)), None)
        if hit is not None:
            return hit
    return r[0]


class Collector:
    """Training sequences of the three models, built from coded gold articles."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lex, self.gr = lexicon(lang), grammar(lang)
        self.clusters = cluster_lexicon(lang)
        self.triggers: list[tuple[list[list[str]], list[str]]] = []
        self.roles: list[tuple[list[str], str]] = []
        self.modes: list[tuple[list[str], str]] = []
        self.sectors: list[tuple[list[str], str]] = []
        self.sources: list[tuple[list[str], str]] = []
        self.actorsec: list[tuple[list[str], str]] = []
        self.dates: list[tuple[list[str], str]] = []
        self.historical: list[tuple[list[str], str]] = []
        self.unplaced = 0

    def add(self, gold: Json, doc: Doc) -> None:
        events = [e for e in gold.get("events") or [] if e.get("trigger_offsets")]
        with_modes = gold.get("annotator") != "dev"  # the dev set was coded without modes
        rules_cands: list[Candidate] = []
        placed: set[int] = set()
        told = Discourse()
        dated: list[tuple[Json, Candidate]] = []
        for sv in sentence_views(doc, self.lang):
            found, hints = rules_pass(sv, self.lex, self.gr, self.lang, rules_cands)
            tok_items = token_items(sv, hints, self.lang, self.clusters, told)
            told.add(hints)
            labels = ["O"] * len(sv.low)
            for n, ev in enumerate(events):
                s, e = _offsets(ev, "trigger_offsets") or (0, 0)
                if not (sv.sent.start <= s < sv.sent.end):
                    continue
                r = tok_range(sv, s, e)
                if r is None:
                    continue
                k = head_token(sv, r, ev["type"], hints.lexraw)
                if labels[k] != "O":
                    continue
                placed.add(n)
                labels[k] = f"B-{ev['type']}"
                dated.append((ev, self._pairs(sv, k, k + 1, ev, found, hints)))
                if with_modes:
                    items = mode_items(sv, k, k + 1, ev["type"], self.lang)
                    self.modes.append((items, ev.get("mode") or "-"))
            self.triggers.append((tok_items, labels))
        self.unplaced += len(events) - len(placed)
        if gold.get("annotator") != "synthetic":
            self._dates(doc, dated)

    def _dates(self, doc: Doc, dated: list[tuple[Json, Candidate]]) -> None:
        """Which candidate date each gold event has, and its historical flag, in text
        order (the previous event's date is the gold one)."""
        lead = find_lead_time(doc)
        news = news_day(doc, lead)
        prev: tuple[str | None, Granularity] | None = None
        for ev, c in sorted(dated, key=lambda x: (x[1].sent.sent.start, x[1].trig[0])):
            value, prec, hist, _used, _inh = date_for(doc, c, self.gr, prev, lead, news)
            options = date_options(doc, c, (value, prec), prev, news.time if news else None)
            choice = next(
                (n for n in OPTIONS if n in options and options[n].value == ev.get("date")), None
            )
            if choice is not None:
                self.dates.append((date_items(doc, c, options, self.gr), choice))
            name = choice or ("rules" if "rules" in options else "unknown")
            feats = historical_items(doc, c, name, options[name], hist, self.gr)
            self.historical.append((feats, "yes" if ev.get("historical") else "no"))
            if ev.get("date_precision") != "unknown":
                prev = (ev.get("date"), ev["date_precision"])

    def _pairs(
        self, sv: SentenceView, ti: int, tj: int, ev: Json, found: Any, hints: Any
    ) -> Candidate:
        """Role pairs, implicit actor and actor sectors of one gold event; returns the
        event's candidate as the coder reads it (for its dates)."""
        trig = as_trigger(sv, ti, tj, ev["type"], found, self.lex, self.lang)
        form = trigger_form(sv, ti, trig, self.lang)
        s_act, s_rec, _ = read_roles(sv, ti, tj, trig, form, self.gr, self.lang)
        items = pair_items(sv, ti, tj, ev["type"], form, self.gr, hints, (s_act, s_rec))
        for p, f in zip(sv.phrases, items, strict=True):
            label, party = _role_label(p.actor.start, p.actor.end, ev)
            self.roles.append((f, label))
            if party is not None and p.actor.sector is None and party.get("sector"):
                feats = actor_items(sv.doc, p.actor, ev["type"], label)
                self.actorsec.append((feats, party["sector"]))
        self._implicit(sv, ti, ev, form)
        cand = code_one(sv, ti, tj, trig, self.gr, self.lang, [], [], keep_actorless=True)
        return cand or Candidate(ev["type"], None, (ti, tj), sv, [], [], trig.frame, form)

    def _implicit(self, sv: SentenceView, ti: int, ev: Json, form: str) -> None:
        """An actor the sentence does not name: its sector and its country's source."""
        if not ev.get("actors"):
            return
        actor = ev["actors"][0]
        off = _offsets(actor, "offsets")
        if off is not None and sv.sent.start <= off[0] < sv.sent.end:
            return
        recips = [
            Actor(text=r.get("text") or "", country=r.get("country"), sector=r.get("sector"))
            for r in ev.get("recipients") or []
        ]
        heads = self.lex.heads
        items = implicit_items(sv, ti, ev["type"], form, recips, heads, self.lang)
        country = actor.get("country")
        if country is None:
            source = "none"
        elif country == (main_country_before(sv.doc, sv.sent.end) or sv.home):
            source = "main"
        elif any(r.country == country for r in recips):
            source = "recip"
        elif sv.last_person and sv.last_person[0].country == country:
            source = "last"
        else:
            source = "none"
        self.sectors.append((items, actor.get("sector") or "UNK"))
        self.sources.append((items, source))


def train(kind: str, data: Sequence[tuple[Any, Any]], path: Path, *, sequence: bool) -> float:
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in data:
        if sequence:
            trainer.append(x, y)
        else:
            trainer.append([x], [y])
    trainer.set_params(PARAMS[kind])
    trainer.train(str(path))
    return round(time.perf_counter() - t0, 1)


def _scores(gold: Sequence[Json], preds: Sequence[Json]) -> Json:
    ev = evaluate(gold, preds).events
    return {
        "f1": round(ev.overall.f1, 4),
        "precision": round(ev.overall.precision, 4),
        "recall": round(ev.overall.recall, 4),
        "type_f1": round(ev.typed.f1, 4),
        "date_accuracy": round(ev.date.value, 4),
        "historical_accuracy": round(ev.historical.value, 4),
        "sector_accuracy": round(ev.sector.value, 4),
    }


def score_rules(gold: Sequence[Json], docs: Sequence[Doc]) -> Json:
    return _scores(gold, [d.replace(events=code_events(d)).to_record() for d in docs])


def decode_learned(docs: Sequence[Doc], folder: Path, meta: Json, lang: str = "id") -> list[Json]:
    """The records of ``docs`` coded by the models in ``folder`` with the settings of
    ``meta`` (written there as their meta file)."""
    model_paths(lang, folder)["meta"].write_text(json.dumps(meta), encoding="utf-8")
    models = load_models(lang, folder)
    assert models is not None
    return [d.replace(events=code_events_learned(d, models)).to_record() for d in docs]


def score_learned(
    gold: Sequence[Json], docs: Sequence[Doc], folder: Path, meta: Json, lang: str = "id"
) -> Json:
    """Dev scores of the models in ``folder`` decoded with the settings of ``meta``."""
    return _scores(gold, decode_learned(docs, folder, meta, lang))


def choose_thresholds(
    dev: Sequence[Json], docs: Sequence[Doc], folder: Path, meta: Json, lang: str = "id"
) -> Json:
    """The decision thresholds with the best event F1 on dev (a small grid)."""
    best: tuple[float, Json] | None = None
    for trig, role in itertools.product(TUNE["trigger"], TUNE["role"]):
        th = {"trigger": trig, "actor": role, "recipient": role}
        f1 = score_learned(dev, docs, folder, {**meta, "thresholds": th}, lang)["f1"]
        print(f"  thresholds {th}: dev event F1 {f1}", flush=True)
        if best is None or f1 > best[0]:
            best = (f1, th)
    assert best is not None
    return best[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", default=str(CORPUS_TRAIN))
    ap.add_argument("--dev", default=str(CORPUS_DEV))
    ap.add_argument("--out", default=str(ROOT / "src" / "warta" / "resources" / "models"))
    ap.add_argument("--no-tune", action="store_true", help="keep the default thresholds")
    ap.add_argument(
        "--lang",
        default="id",
        choices=("id", "en"),
        help="id: the corpus' train and dev splits; en: the English side of the synthetic "
        "sentences (9 in 10 pairs train, 1 in 10 check)",
    )
    ap.add_argument(
        "--news",
        action="store_true",
        help="also train on the annotated parallel news sentences (corpus/parallel-news, "
        "9 in 10 pairs; in English the other tenth joins the check)",
    )
    ap.add_argument(
        "--with",
        dest="groups",
        action="append",
        default=[],
        choices=EXTRA_GROUPS,
        help="with --news, also a further source group of corpus/parallel-news: web (GSD, "
        "English-EWT blogs and news groups), idnews (the Indonesian-only IndoLEM news "
        "sentences) or ntrex (the annotated half of the open NTREX documents)",
    )
    ap.add_argument(
        "--synthetic",
        action="store_true",
        help="id: also train on the Indonesian side of the synthetic sentences (the same 9 "
        "in 10 pairs English trains on; the corpus dev split stays the check); English "
        "always trains on them",
    )
    ap.add_argument(
        "--synthetic-round",
        dest="rounds",
        action="append",
        default=[],
        choices=SYNTHETIC_ROUNDS,
        help="also the synthetic sentences of this subfolder of corpus/synthetic (round3: "
        "English-language national and local press; measured, not in the shipped models)",
    )
    ap.add_argument(
        "--repeat",
        default="",
        metavar="SOURCE=N,...",
        help="with --news, train on each line of a corpus/parallel-news source N times "
        "(pud=3: the English-original international news of UD PUD weighs three times)",
    )
    ap.add_argument(
        "--bilingual",
        action="store_true",
        help="en: also train the trigger model on the Indonesian trigger sequences (corpus "
        "train split and news 9/10; measured, not in the shipped models)",
    )
    args = ap.parse_args()
    lang = args.lang
    if args.bilingual and lang != "en":
        ap.error("--bilingual adds Indonesian sentences to the English trigger model: --lang en")
    repeat = parse_repeat(args.repeat)
    if repeat and not args.news:
        ap.error("--repeat needs --news")
    if args.rounds and lang == "id" and not args.synthetic:
        ap.error("--synthetic-round needs --synthetic in Indonesian")
    news_dev: list[Json] = []
    if lang == "en":
        train_gold, dev_gold = synthetic_split("en", args.rounds)
        rounds = "".join(f" + {r}" for r in args.rounds)
        args.train = f"corpus/synthetic{rounds} (en, 9/10)"
        args.dev = f"corpus/synthetic{rounds} (en, 1/10)"
    else:
        train_gold, dev_gold = load_jsonl(args.train), load_jsonl(args.dev)
        if args.synthetic:
            train_gold += synthetic_split("id", args.rounds)[0]
            args.train = f"{args.train} + corpus/synthetic (id, 9/10)"
    if args.news:
        news_train, news_dev = news_split(lang, ("news", *args.groups))
        train_gold += repeated(news_train, repeat)
        more = "".join(f" + {g}" for g in args.groups)
        more += "".join(f" ({s} x{n})" for s, n in repeat.items())
        args.train = f"{args.train} + corpus/parallel-news{more} ({lang}, 9/10)"
        if lang == "en":
            dev_gold += news_dev
            args.dev = f"{args.dev} + corpus/parallel-news (en, 1/10)"
    if any(g.get("split") == "test" for g in train_gold + dev_gold):
        print("train_events: refusing test-split articles", file=sys.stderr)
        return 2
    rules_cfg = load_config(overrides={"stages": {"warta.events": {"backend": "rules"}}})
    col = Collector(lang)
    for g, doc in coded_docs(train_gold, rules_cfg, lang):
        col.add(g, doc)
    dev_docs = [doc for _g, doc in coded_docs(dev_gold, rules_cfg, lang)]
    if args.bilingual:
        idcol = Collector("id")
        for g, doc in coded_docs(indonesian_gold(), rules_cfg, "id"):
            idcol.add(g, doc)
        col.triggers += shared_triggers(idcol.triggers)
        args.train = f"{args.train} + Indonesian trigger sequences (corpus train, news 9/10)"
    print(
        f"train: {len(train_gold)} articles, {len(col.triggers)} sentences, "
        f"{len(col.roles)} pairs, {len(col.modes)} modes, {col.unplaced} triggers unplaced"
    )
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = model_paths(lang, folder)
        secs = {
            kind: train(kind, getattr(col, kind), paths[kind], sequence=kind == "triggers")
            for kind in KINDS
            if getattr(col, kind)  # (no dates in one-sentence synthetic articles)
        }
        meta: Json = {
            "command": f"python scripts/train_events.py --lang {lang}"
            + " --synthetic" * (args.synthetic and lang == "id")
            + "".join(f" --synthetic-round {r}" for r in args.rounds)
            + " --news" * args.news
            + "".join(f" --with {g}" for g in args.groups)
            + (f" --repeat {args.repeat}" if repeat else "")
            + " --bilingual" * args.bilingual,
            "train": {"file": str(args.train), "articles": len(train_gold)},
            "params": PARAMS,
            "training_seconds": secs,
            "counts": {
                "sentences": len(col.triggers),
                "trigger_labels": dict(
                    Counter(y for _, ys in col.triggers for y in ys if y != "O")
                ),
                "role_labels": dict(Counter(y for _, y in col.roles)),
                "mode_labels": dict(Counter(y for _, y in col.modes)),
                "implicit_sectors": dict(Counter(y for _, y in col.sectors)),
                "implicit_sources": dict(Counter(y for _, y in col.sources)),
                "actor_sectors": dict(Counter(y for _, y in col.actorsec)),
                "date_choices": dict(Counter(y for _, y in col.dates)),
                "historical": dict(Counter(y for _, y in col.historical)),
            },
            **DECODING,
        }
        if not args.no_tune:
            meta["thresholds"] = choose_thresholds(dev_gold, dev_docs, folder, meta, lang)
        meta["dev"] = {
            "file": str(args.dev),
            "articles": len(dev_gold),
            "rules": score_rules(dev_gold, dev_docs),
            "learned": score_learned(dev_gold, dev_docs, folder, meta, lang),
        }
        if news_dev:
            news_docs = [doc for _g, doc in coded_docs(news_dev, rules_cfg, lang)]
            meta["dev"]["news"] = {
                "file": f"corpus/parallel-news ({lang}, 1/10)",
                "articles": len(news_dev),
                "rules": score_rules(news_dev, news_docs),
                "learned": score_learned(news_dev, news_docs, folder, meta, lang),
            }
        print(json.dumps(meta["dev"], indent=1))
        final = model_paths(lang, out)
        for kind in KINDS:
            if kind in secs:
                final[kind].write_bytes(paths[kind].read_bytes())
            elif final[kind].exists():
                final[kind].unlink()
        final["meta"].write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
