#!/usr/bin/env python
"""Train warta's NER model of one language (CRF, PER/ORG/LOC) from the shared corpora.

Reproduces ``src/warta/resources/models/ner-<lang>.{crfsuite,lexicon.tsv,meta.json}``:

    PYTHONPATH=src python scripts/train_ner.py            # Indonesian: lexicon, model, scores
    PYTHONPATH=src python scripts/train_ner.py --lang en  # English (Universal NER)
    PYTHONPATH=src python scripts/train_ner.py --tune     # train on train splits, score dev

Steps: (1) read the language's corpora, map labels to PER/ORG/LOC, drop every train/dev
sentence equal to any test sentence; (2) build a word lexicon (k-means clusters of PPMI-SVD
co-occurrence vectors and capitalisation bins) from unlabelled news text
(:mod:`warta.stages._ner_lexicon`); (3) train a CRF with L-BFGS; (4) score every test split
and write the meta file.
"""

# ruff: noqa: E402
from __future__ import annotations

import os

# Single-threaded BLAS keeps the lexicon bit-for-bit reproducible.
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pycrfsuite

import ner_news
import repeat_arg
from warta.stages._crf_ner import (
    CrfNer,
    Lexicon,
    lexicon_name,
    load_lexicon,
    meta_name,
    model_name,
    sentence_features,
)
from warta.stages._ner_corpus import (
    CORPORA,
    LABEL_MAPS,
    Sentence,
    add_corpus_arguments,
    corpora_for,
    dedup_key,
    evaluate,
    load_split,
    spans_from_bio,
)
from warta.stages._ner_lexicon import build_lexicon, name_classes, unlabelled_sentences
from warta.stages._ner_project import projected_sentences
from warta.stages._ner_words import build_words, spacy_tables, words_name
from warta.stages.text import tokenize

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "warta" / "resources" / "models"


# --------------------------------------------------------------------------- data


def test_keys(data: Path, corpora: Iterable[str]) -> set[str]:
    """Dedup keys of every test sentence of the given corpora."""
    keys: set[str] = set()
    for c in corpora:
        if "test" in CORPORA[c].splits:
            keys |= {dedup_key(t) for t, _ in load_split(data, c, "test")}
    return keys


def join_hyphens(sent: Sentence) -> Sentence | None:
    """Re-join ``a - b`` into ``a-b`` as warta's tokeniser would; ``None`` if nothing joined.

    Only joins when both sides are word tokens and the tags allow one token (both ``O`` or
    ``b`` continues ``a``'s entity); the joined token keeps ``a``'s tag.
    """
    toks, tags = sent
    out_t: list[str] = []
    out_g: list[str] = []
    i = 0
    changed = False
    while i < len(toks):
        if (
            out_t
            and toks[i] == "-"
            and i + 1 < len(toks)
            and re.fullmatch(r"\w+", out_t[-1])
            and re.fullmatch(r"\w+", toks[i + 1])
            and not out_t[-1].isdigit()
            and (
                (out_g[-1] == "O" and tags[i] == "O" and tags[i + 1] == "O")
                or (
                    out_g[-1] != "O"
                    and tags[i] == "I-" + out_g[-1][2:]
                    and tags[i + 1] == "I-" + out_g[-1][2:]
                )
            )
        ):
            out_t[-1] = f"{out_t[-1]}-{toks[i + 1]}"
            i += 2
            changed = True
            continue
        out_t.append(toks[i])
        out_g.append(tags[i])
        i += 1
    return (out_t, out_g) if changed else None


_CONTRACTIONS = frozenset(
    ["n't", "'re", "'ll", "'ve", "'d", "'m", "n’t", "’re", "’ll", "’ve", "’d", "’m"]
)


def as_warta_tokens(sent: Sentence) -> Sentence | None:
    """The sentence cut as warta's English entity stage cuts it; ``None`` if no change.

    Universal NER splits contractions ("do n't") and keeps abbreviations whole ("U.S.");
    warta's tokenizer keeps "don't" whole and cuts "U.S." into "U . S .". Pieces of a cut
    token continue its entity (``I-X``); a contraction joins the word before it and the
    joined token keeps that word's tag. Possessive "'s" stays apart, as the stage splits it.
    """
    toks, tags = sent
    out_t: list[str] = []
    out_g: list[str] = []
    for tok, tag in zip(toks, tags, strict=True):
        if tok in _CONTRACTIONS and out_t and out_t[-1][-1:].isalpha() and tag == "O":
            out_t[-1] += tok
            continue
        pieces = [tok[t.start : t.end] for t in tokenize(tok)] or [tok]
        for k, piece in enumerate(pieces):
            out_t.append(piece)
            out_g.append(tag if k == 0 or tag == "O" else "I-" + tag[2:])
    return (out_t, out_g) if out_t != toks else None


_NAME_JOINERS = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "&",
        "'s",
        "’s",
        "-",
        ".",
        ",",
        "de",
        "del",
        "der",
        "di",
        "du",
        "da",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "van",
        "von",
        "y",
        "on",
        "in",
        "at",
        "to",
        "a",
    ]
)


def lower_if_uncased_names(sent: Sentence) -> Sentence:
    """Lower-case a sentence whose names are written in lower case ("in tampa bay").

    Web text (English EWT) has such sentences with an upper-case "I" elsewhere, so the case
    regime of :mod:`warta.stages._crf_ner` counts them as cased, and they would teach that
    a name runs on over lower-case words. Lower-cased whole, they keep their words and
    contexts and lose the case features, as all-lower-case sentences do.
    """
    toks, tags = sent
    for a, b, _ in spans_from_bio(tags):
        if any(t[:1].islower() and t.lower() not in _NAME_JOINERS for t in toks[a:b]):
            return ([t.lower() for t in toks], tags)
    return sent


def training_sentences(
    data: Path,
    corpora: Sequence[str],
    splits: Sequence[str],
    exclude: set[str],
    lower_aug: float,
    seed: int,
    repeat: dict[str, int] | None = None,
    retokenize: bool = False,
) -> tuple[list[Sentence], dict[str, dict[str, int]]]:
    """Training sentences (deduplicated against ``exclude``) plus augmentation, and stats."""
    rng = random.Random(seed)
    out: list[Sentence] = []
    stats: dict[str, dict[str, int]] = {}
    for c in corpora:
        for split in splits:
            sents = load_split(data, c, split)
            kept = [s for s in sents if dedup_key(s[0]) not in exclude]
            if retokenize:
                kept = [lower_if_uncased_names(s) for s in kept]
            joined = [j for j in (join_hyphens(s) for s in kept) if j is not None]
            recut: list[Sentence] = []
            if retokenize:
                recut = [r for r in (as_warta_tokens(s) for s in kept) if r is not None]
            lowered: list[Sentence] = []
            if CORPORA[c].cased and lower_aug > 0:
                lowered = [
                    ([t.lower() for t in toks], tags)
                    for toks, tags in kept
                    if rng.random() < lower_aug
                ]
            stats[f"{c}/{split}"] = {
                "read": len(sents),
                "dropped_equal_to_test": len(sents) - len(kept),
                "hyphen_joined_copies": len(joined),
                "retokenized_copies": len(recut),
                "lowercased_copies": len(lowered),
            }
            out.extend((kept + joined + recut) * (repeat or {}).get(c, 1) + lowered)
    return out, stats


# --------------------------------------------------------------------------- lexicon


# --------------------------------------------------------------------------- training


def train_crf(
    sents: Sequence[Sentence], lex: Lexicon | None, model: Path, params: dict[str, object]
) -> float:
    """Train a CRF on ``sents``; returns seconds spent."""
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, tags in sents:
        trainer.append(sentence_features(toks, lex), tags)
    trainer.select("lbfgs")
    trainer.set_params(params)
    trainer.train(str(model))
    return time.perf_counter() - t0


def score_all(ner: CrfNer, data: Path, corpora: Sequence[str], split: str) -> dict[str, object]:
    """Span scores per corpus for one split (``test`` or ``dev``) of the corpora that have it."""
    return {
        c: evaluate(ner.tag, load_split(data, c, split))
        for c in corpora
        if split in CORPORA[c].splits
    }


def print_scores(scores: dict[str, object]) -> None:
    """One line per corpus: overall and per-type F1."""
    for c, sc in scores.items():
        assert isinstance(sc, dict)
        parts = [f"{k}={sc[k]['f1']:.4f}" for k in ("ALL", "PER", "ORG", "LOC") if k in sc]
        print(f"  {c:8s} {' '.join(parts)}  ({sc['tokens_per_s']} tok/s)", flush=True)


def sha256(path: Path) -> str:
    """Hex digest of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_repeat(text: str, corpora: Sequence[str]) -> dict[str, int]:
    """``--repeat uner-pud=3`` as ``{"uner-pud": 3}``, checked before any training."""
    return repeat_arg.parse_repeat(text, corpora, "train_ner", "corpus")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_corpus_arguments(ap, REPO)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--tune", action="store_true", help="train on train splits, score dev")
    ap.add_argument("--corpora", default="", help="default: every corpus of the language")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.2)
    ap.add_argument("--max-iter", type=int, default=200)
    ap.add_argument("--lower-aug", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--repeat", default="", help="corpus=n,... : use a corpus n times")
    ap.add_argument("--no-lexicon", action="store_true")
    ap.add_argument("--reuse-lexicon", action="store_true", help="keep an existing lexicon file")
    ap.add_argument(
        "--news-gold",
        action="store_true",
        help="English: add the gold names of corpus/ner-en (the parallel news, English side), "
        "less the English event models' held-out tenth",
    )
    ap.add_argument("--max-words", type=int, default=40000)
    ap.add_argument("--ctx-words", type=int, default=1500)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--ks", default="32,128,512,2048")
    ap.add_argument(
        "--names", action="store_true", help="add name-class features from the name lists"
    )
    ap.add_argument("--min-population", type=int, default=100_000)
    ap.add_argument(
        "--project",
        action="store_true",
        help="English: add silver sentences projected from the Indonesian tagger (parallel news)",
    )
    ap.add_argument(
        "--words",
        type=float,
        default=None,
        metavar="MIN_LOGPROB",
        help="English: add Brown-cluster and case features of the forms at least this common "
        "(spacy-lookups-data, pip install 'warta[train]')",
    )
    args = ap.parse_args(argv)

    lang: str = args.lang
    data: Path = args.data.resolve()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    all_corpora = corpora_for(lang)
    corpora = [c for c in args.corpora.split(",") if c] or all_corpora
    repeat = parse_repeat(args.repeat, corpora)
    exclude = test_keys(data, all_corpora)
    t_start = time.perf_counter()

    lex_path: Path | None = out / lexicon_name(lang)
    lex_info: dict[str, object] = {}
    if args.no_lexicon:
        lex_path = None
        (out / lexicon_name(lang)).unlink(missing_ok=True)
    elif not (args.reuse_lexicon and (out / lexicon_name(lang)).is_file()):
        assert lex_path is not None
        ks = [int(k) for k in args.ks.split(",")]
        lex_info = build_lexicon(
            unlabelled_sentences(data, exclude, lang),
            lex_path,
            args.seed,
            args.max_words,
            args.ctx_words,
            args.dim,
            ks,
            args.min_count,
            name_classes(args.min_population) if args.names else None,
        )
        print(f"lexicon: {lex_info}", flush=True)

    words_info: dict[str, object] | None = None
    (out / words_name(lang)).unlink(missing_ok=True)
    if args.words is not None:
        if lex_path is None:
            raise SystemExit("--words needs a lexicon")
        words_info = build_words(*spacy_tables(), out / words_name(lang), args.words)
        print(f"word table: {words_info}", flush=True)
    lex = load_lexicon(lex_path) if lex_path is not None else None  # with its word table

    splits = ["train"] if args.tune else ["train", "dev"]
    sents, counts = training_sentences(
        data, corpora, splits, exclude, args.lower_aug, args.seed, repeat, lang == "en"
    )
    stats: dict[str, Mapping[str, object]] = dict(counts)  # news_gold adds a note beside counts
    gold_keys: set[str] = set()
    if args.news_gold:
        if lang != "en":
            raise SystemExit("--news-gold needs --lang en")
        gold = [s for s in ner_news.bio_sentences() if dedup_key(s[0]) not in exclude]
        # neither gold nor silver: the English event gate's held-out tenth stays unseen
        gold_keys = {dedup_key(t) for t, _ in ner_news.bio_sentences(events_held_out=True)}
        sents += gold
        stats["news_gold"] = {
            "sentences": len(gold),
            "left_out": "the sentences of the English event models' held-out tenth "
            "(parallel_news.held_out_id), as gold and as silver",
        }
        print(f"gold news sentences (corpus/ner-en): {len(gold)}", flush=True)
    if args.project:
        if lang != "en" or lex is None:
            raise SystemExit("--project needs --lang en and a lexicon")
        silver, silver_stats = projected_sentences(  # gold news lines are not projected
            data, CrfNer.load(lang="id"), lex, exclude | gold_keys
        )
        sents += silver
        stats["projected"] = silver_stats
        print(f"projected silver sentences: {silver_stats}", flush=True)
    print(f"training sentences: {len(sents)}", flush=True)
    params: dict[str, object] = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iter,
        "feature.possible_transitions": True,
    }
    model = out / model_name(lang)
    secs = train_crf(sents, lex, model, params)
    print(f"trained in {secs:.0f}s -> {model} ({model.stat().st_size / 1e6:.1f} MB)", flush=True)

    ner = CrfNer.load(model)
    eval_split = "dev" if args.tune else "test"
    scores = score_all(ner, data, all_corpora, eval_split)
    print(f"{eval_split} scores:")
    print_scores(scores)
    if args.tune:
        return 0

    meta = {
        "model": model_name(lang),
        "lexicon": lexicon_name(lang) if lex_path is not None else None,
        "language": lang,
        "labels": ["PER", "ORG", "LOC"],
        "command": "PYTHONPATH=src python scripts/train_ner.py " + " ".join(sys.argv[1:]),
        "training_corpora": corpora,
        "training_splits": splits,
        **_corpus_notes(lang, all_corpora),
        "label_maps": {c: LABEL_MAPS[c] for c in all_corpora},
        "dedup": "dropped every train/dev sentence whose lower-cased, whitespace-free text "
        f"equals that of any test sentence of any of the {len(all_corpora)} corpora",
        "augmentation": {
            "hyphen_join": "extra copy of sentences with 'a - b' re-joined to 'a-b'",
            "retokenized": "English: extra copy of sentences cut as warta cuts them "
            "(contractions joined, 'U.S.' cut into 'U . S .')"
            if lang == "en"
            else None,
            "lowercase_fraction_of_cased": args.lower_aug,
            "corpus_repeat": repeat,
        },
        "corpus_stats": stats,
        "crf": {"algorithm": "lbfgs", **params},
        "lexicon_build": lex_info or None,
        "word_table": words_info,
        "seed": args.seed,
        "train_seconds": round(secs, 1),
        "total_seconds": round(time.perf_counter() - t_start, 1),
        "test_scores": scores,
        "sha256": {
            p.name: sha256(p)
            for p in (model, lex_path, out / words_name(lang))
            if p is not None and p.is_file()
        },
    }
    (out / meta_name(lang)).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return 0


def _corpus_notes(lang: str, corpora: Sequence[str]) -> dict[str, object]:
    """What the meta file says of how the corpora were split."""
    if lang == "id":
        return {"indolem_fold": "01"}
    return {
        "splits": {
            c: {
                split: f"{CORPORA[c].splits[split]}"
                + (
                    f" documents with sha256(id) % 10 in {list(CORPORA[c].parts[split])}"
                    if split in CORPORA[c].parts
                    else ""
                )
                for split in CORPORA[c].splits
            }
            for c in corpora
        },
        "unlabelled_text": "NTREX-128 English source less the documents of "
        "eval/reserved-ntrex-ids.txt; id-mt-news news_valid.en and news_test.en; the train "
        "and dev text of the corpora",
    }


if __name__ == "__main__":
    raise SystemExit(main())
