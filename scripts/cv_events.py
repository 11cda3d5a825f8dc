#!/usr/bin/env python3
"""Cross-validate the learned event coder over the articles it is trained and tuned on.

    python scripts/cv_events.py [--folds 5] [--news [--repeat SOURCE=N]] [--with GROUP]
                                [--fraction F] [--trigger 0.2,0.25,0.3] [--save RUN.pkl]
    python scripts/cv_events.py --lang en [--folds 5] [--repeat pud=3] [--bilingual]
                                [--save RUN.pkl]
    python scripts/cv_events.py --compare BASE.pkl OTHER.pkl

The dev split alone is 50 articles and about 110 events: its event F1 moves by +-0.07
(95%) between resamples, more than any change tried on the coder since it was built. Here
every train and dev article is scored once by models trained without it: the articles
are cut into ``--folds`` parts by a SHA-256 hash of their id; for each part all models
are trained (as ``train_events.py`` trains them) on the other parts, plus the annotated
parallel news sentences with ``--news``, and decoded on it. The scores are pooled over
the parts, for each trigger threshold given (the role thresholds stay at 0.25).

``--fraction F`` keeps that share of each training part (by a second hash): the learning
curve. ``--save`` writes the per-article scores; ``--compare`` gives the paired bootstrap
difference of two saved runs (the same articles scored by both), which separates a real
change from noise far better than two intervals side by side. The test split is never
read.

``--lang en`` does the same for the English models over what ``train_events.py --lang en
--news`` trains and tunes on: the English synthetic sentences and the English side of the
parallel news (every pair, the held-out tenth included), one "article" per pair; the
news sentences are always in; ``--repeat pud=3`` weighs a source's pairs in each
training part as the shipped English recipe does; ``--bilingual`` adds the Indonesian
trigger sequences to each part (``train_events.py --bilingual``), less the translations of
the pairs the part is scored on. The English gate's tenth alone is 605 pairs and about 120
events, too few to tell most feature changes from noise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import train_events as te
from warta._eval_bootstrap import MEASURES, article_scores, difference, intervals
from warta.config import load_config
from warta.evaluate import load_jsonl
from warta.events.models import KINDS, model_paths
from warta.model import Doc

Json = dict[str, Any]
#: one article: its gold record, its document as the rules coded it, its training data
Item = tuple[Json, Doc, dict[str, list[Any]]]


def bucket(key: str, n: int, salt: str = "") -> int:
    return int(hashlib.sha256((salt + key).encode()).hexdigest(), 16) % n


def collect(gold: Sequence[Json], config: Any, lang: str = "id") -> list[Item]:
    """Each article coded once, with its own training sequences of every model."""
    out = []
    for g, doc in te.coded_docs(gold, config, lang):
        col = te.Collector(lang)
        col.add(g, doc)
        out.append((g, doc, {k: getattr(col, k) for k in KINDS}))
    return out


def news_data(
    groups: Sequence[str], config: Any, repeat: Mapping[str, int] | None = None
) -> dict[str, list[Any]]:
    """The training sequences of the parallel news sentences of ``groups`` (9 in 10), the
    lines of a source in ``repeat`` that many times (``train_events.py --repeat``)."""
    col = te.Collector("id")
    lines = te.repeated(te.news_split("id", groups)[0], repeat or {})
    for g, doc in te.coded_docs(lines, config, "id"):
        col.add(g, doc)
    return {k: getattr(col, k) for k in KINDS}


def run_fold(
    train: Sequence[Item],
    news: dict[str, list[Any]],
    held: Sequence[Item],
    triggers: Sequence[float],
    lang: str = "id",
) -> dict[float, list[Json]]:
    """Train on ``train`` + ``news``; the records of ``held`` at each trigger threshold."""
    data = {k: list(news.get(k, [])) for k in KINDS}
    for _g, _doc, d in train:
        for k in KINDS:
            data[k] += d[k]
    out: dict[float, list[Json]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = model_paths(lang, Path(tmp))
        for kind in KINDS:
            if data[kind]:
                te.train(kind, data[kind], paths[kind], sequence=kind == "triggers")
        docs = [doc for _g, doc, _d in held]
        for t in triggers:
            th = {"trigger": t, "actor": 0.25, "recipient": 0.25}
            meta = {**te.DECODING, "thresholds": th}
            out[t] = te.decode_learned(docs, Path(tmp), meta, lang)
    return out


def translation_held(line_id: str, held: set[str] | frozenset[str]) -> bool:
    """Whether the Indonesian news line ``line_id`` translates an English line of ``held``
    (a fold must not train on the translation of what it is scored on)."""
    return line_id.removesuffix("-id") + "-en" in held


def bilingual_part(items: Sequence[Item], held: Sequence[Item]) -> dict[str, list[Any]]:
    """The Indonesian trigger sequences an English fold adds with ``--bilingual``."""
    ids = {it[0]["id"] for it in held}
    seqs = [s for g, _doc, d in items if not translation_held(g["id"], ids) for s in d["triggers"]]
    return {"triggers": te.shared_triggers(seqs)}


def english_gold() -> list[Json]:
    """What the English models are trained and tuned on: synthetic and news pairs, all."""
    syn_train, syn_dev = te.synthetic_split("en")
    news_train, news_dev = te.news_split("en")
    return syn_train + syn_dev + news_train + news_dev


def cross_validate(args: argparse.Namespace) -> dict[float, tuple[list[Json], list[Json]]]:
    config = load_config(overrides={"stages": {"warta.events": {"backend": "rules"}}})
    repeat = te.parse_repeat(args.repeat)
    indonesian: list[Item] = []
    if args.lang == "en":
        items, news = collect(english_gold(), config, "en"), {}
        if args.bilingual:
            indonesian = collect(te.indonesian_gold(), config, "id")
    else:
        gold = load_jsonl(args.train) + load_jsonl(args.dev)
        if any(g.get("split") == "test" for g in gold):
            raise SystemExit("cv_events: refusing test-split articles")
        items = collect(gold, config)
        news = news_data(("news", *args.groups), config, repeat) if args.news else {}
    runs: dict[float, tuple[list[Json], list[Json]]] = {t: ([], []) for t in args.trigger}
    for f in range(args.folds):
        held = [it for it in items if bucket(it[0]["id"], args.folds) == f]
        train = [
            it
            for it in items
            if bucket(it[0]["id"], args.folds) != f
            and bucket(it[0]["id"], 1000, "fraction") < args.fraction * 1000
            for _ in range(te.times(it[0]["id"], repeat))
        ]
        extra = bilingual_part(indonesian, held) if indonesian else news
        for t, preds in run_fold(train, extra, held, args.trigger, args.lang).items():
            runs[t][0].extend(g for g, _doc, _d in held)
            runs[t][1].extend(preds)
        print(f"fold {f + 1}/{args.folds}: {len(held)} articles held, {len(train)} trained on")
    return runs


def report(runs: dict[float, tuple[list[Json], list[Json]]], save: str | None) -> None:
    saved = {}
    for t, (gold, preds) in runs.items():
        scores = article_scores(gold, preds)
        saved[t] = scores
        spread = intervals(scores, 1000)
        point = te._scores(gold, preds)
        print(f"trigger threshold {t}: {json.dumps(point)}")
        lo, hi = spread["event_f1"]
        print(f"  event F1 95% interval [{lo}, {hi}] over {len(gold)} articles")
    if save:
        with open(save, "wb") as fh:
            pickle.dump(saved, fh)


def compare(base: str, other: str) -> None:
    with open(base, "rb") as fa, open(other, "rb") as fb:
        a, b = pickle.load(fa), pickle.load(fb)
    for t in sorted(set(a) & set(b)):
        diff = difference(a[t], b[t], 1000)
        print(f"trigger threshold {t}: {other} minus {base}")
        for m in MEASURES:
            d, lo, hi = diff[m]
            print(f"  {m:20} {d:+.4f}  [{lo:+.4f}, {hi:+.4f}]")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", default=str(te.CORPUS_TRAIN))
    ap.add_argument("--dev", default=str(te.CORPUS_DEV))
    ap.add_argument("--lang", default="id", choices=("id", "en"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--news", action="store_true", help="also train on the parallel news")
    ap.add_argument("--with", dest="groups", action="append", default=[], choices=te.EXTRA_GROUPS)
    ap.add_argument("--fraction", type=float, default=1.0, help="share of each training part")
    ap.add_argument(
        "--trigger",
        type=lambda s: [float(x) for x in s.split(",")],
        default=[0.2, 0.25, 0.3],
        help="trigger thresholds, comma-separated",
    )
    ap.add_argument(
        "--repeat",
        default="",
        metavar="SOURCE=N,...",
        help="train each fold on a parallel-news source's lines N times, as "
        "train_events.py --repeat does (English: pud=3 is the shipped recipe; Indonesian: "
        "needs --news)",
    )
    ap.add_argument(
        "--bilingual",
        action="store_true",
        help="with --lang en, as train_events.py --bilingual (no translation of a held pair)",
    )
    ap.add_argument("--save", help="write the per-article scores here (for --compare)")
    ap.add_argument("--compare", nargs=2, metavar=("BASE", "OTHER"))
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
        return 0
    if args.folds < 2 or not 0.0 < args.fraction <= 1.0:
        ap.error("--folds must be at least 2 and --fraction in (0, 1]")
    if args.bilingual and args.lang != "en":
        ap.error("--bilingual is for --lang en")
    if args.lang == "en" and (args.news or args.groups):
        ap.error("--lang en always has the news sentences and no other group")
    if args.groups and not args.news:
        ap.error("--with adds a group to --news: give --news too")
    if args.repeat and args.lang == "id" and not args.news:
        ap.error("--repeat weighs parallel-news sources: in Indonesian give --news too")
    report(cross_validate(args), args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
