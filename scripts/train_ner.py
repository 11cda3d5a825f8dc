#!/usr/bin/env python
"""Train warta's Indonesian NER model (CRF, PER/ORG/LOC) from the shared corpora.

Reproduces ``src/warta/resources/models/ner-id.{crfsuite,lexicon.tsv,meta.json}``:

    PYTHONPATH=src python scripts/train_ner.py            # lexicon + final model + test scores
    PYTHONPATH=src python scripts/train_ner.py --tune     # train on train splits, score dev

Steps: (1) read the five corpora, map labels to PER/ORG/LOC, drop every train/dev sentence
equal to any test sentence; (2) build a word lexicon (k-means clusters of PPMI-SVD
co-occurrence vectors and capitalisation bins) from unlabelled news text; (3) train a CRF with
L-BFGS; (4) score every test split and write the meta file.
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
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pycrfsuite

from warta.corpus import shared_root
from warta.stages._crf_ner import (
    LEXICON_NAME,
    MODEL_NAME,
    CrfNer,
    load_lexicon,
    sentence_features,
)
from warta.stages._ner_corpus import (
    CORPORA,
    LABEL_MAPS,
    Sentence,
    dedup_key,
    evaluate,
    load_split,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "warta" / "resources" / "models"
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|[^\w\s]")
CASED = ("nergrit", "nerui", "nerugm", "idner")  # NERP is lower-cased
SENT_END = {".", "!", "?", '"', "“", "”", "'", ":", "(", "-", "—", "–", "‘", "’", "["}


# --------------------------------------------------------------------------- data


def test_keys(data: Path, corpora: Iterable[str]) -> set[str]:
    """Dedup keys of every test sentence of the given corpora."""
    keys: set[str] = set()
    for c in corpora:
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


def training_sentences(
    data: Path,
    corpora: Sequence[str],
    splits: Sequence[str],
    exclude: set[str],
    lower_aug: float,
    seed: int,
    repeat: dict[str, int] | None = None,
) -> tuple[list[Sentence], dict[str, dict[str, int]]]:
    """Training sentences (deduplicated against ``exclude``) plus augmentation, and stats."""
    rng = random.Random(seed)
    out: list[Sentence] = []
    stats: dict[str, dict[str, int]] = {}
    for c in corpora:
        for split in splits:
            sents = load_split(data, c, split)
            kept = [s for s in sents if dedup_key(s[0]) not in exclude]
            joined = [j for j in (join_hyphens(s) for s in kept) if j is not None]
            lowered: list[Sentence] = []
            if c in CASED and lower_aug > 0:
                lowered = [
                    ([t.lower() for t in toks], tags)
                    for toks, tags in kept
                    if rng.random() < lower_aug
                ]
            stats[f"{c}/{split}"] = {
                "read": len(sents),
                "dropped_equal_to_test": len(sents) - len(kept),
                "hyphen_joined_copies": len(joined),
                "lowercased_copies": len(lowered),
            }
            out.extend((kept + joined) * (repeat or {}).get(c, 1) + lowered)
    return out, stats


# --------------------------------------------------------------------------- lexicon


def unlabelled_sentences(data: Path, exclude: set[str]) -> list[tuple[list[str], bool]]:
    """Unlabelled sentences ``(tokens, is_cased)``; sentences equal to a test sentence dropped."""
    sents: list[tuple[list[str], bool]] = []
    seen: set[str] = set()
    for f in sorted((data / "indosum").glob("*.jsonl")):
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                if doc["id"] in seen:
                    continue
                seen.add(doc["id"])
                for para in doc["paragraphs"]:
                    for s in para:
                        sents.append((list(s), True))
    for name in ("id-mt-news/news_valid.id", "id-mt-news/news_test.id",
                 "ntrex128-id/newstest2019-ref.ind.txt"):  # fmt: skip
        p = data / name
        if p.is_file():
            for line in p.read_text(encoding="utf-8").splitlines():
                toks = TOKEN_RE.findall(line)
                if toks:
                    sents.append((toks, True))
    for c in CORPORA:
        for split in ("train", "dev"):
            for toks, _ in load_split(data, c, split):
                sents.append((toks, c in CASED))
    return [(t, cased) for t, cased in sents if dedup_key(t) not in exclude]


def _cap_bin(n_cap: int, n_upper: int, n: int) -> str:
    if n < 3:
        return "r"
    if n_upper / n >= 0.5:
        return "A"
    r = n_cap / n
    for edge, name in ((0.02, "0"), (0.2, "1"), (0.5, "2"), (0.8, "3"), (0.98, "4")):
        if r < edge:
            return name
    return "5"


def _kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iters: int) -> np.ndarray:
    """Spherical k-means (rows of ``x`` are unit vectors); returns cluster ids, ordered."""
    n = x.shape[0]
    # k-means++ seeding on cosine distance
    centers = np.empty((k, x.shape[1]), dtype=x.dtype)
    centers[0] = x[rng.integers(n)]
    d2 = np.maximum(0.0, 1.0 - x @ centers[0])
    for j in range(1, k):
        probs = d2 / d2.sum()
        centers[j] = x[rng.choice(n, p=probs)]
        d2 = np.minimum(d2, np.maximum(0.0, 1.0 - x @ centers[j]))
    assign = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        assign = np.argmax(x @ centers.T, axis=1)
        for j in range(k):
            members = x[assign == j]
            if len(members):
                c = members.sum(axis=0)
                centers[j] = c / max(float(np.linalg.norm(c)), 1e-12)
    return assign


def build_lexicon(
    data: Path,
    exclude: set[str],
    out: Path,
    seed: int,
    max_words: int,
    n_ctx: int,
    dim: int,
    ks: Sequence[int],
    min_count: int = 3,
) -> dict[str, object]:
    """Compute clusters and capitalisation bins; write ``out``; return a summary for meta."""
    t0 = time.perf_counter()
    sents = unlabelled_sentences(data, exclude)
    counts: Counter[str] = Counter()
    cap_n: Counter[str] = Counter()
    cap_c: Counter[str] = Counter()
    cap_u: Counter[str] = Counter()
    for toks, cased in sents:
        counts.update(t.lower() for t in toks)
        if not cased:
            continue
        for i in range(1, len(toks)):
            t = toks[i]
            if toks[i - 1] in SENT_END or not t[:1].isalpha():
                continue
            low = t.lower()
            cap_n[low] += 1
            if t[:1].isupper():
                cap_c[low] += 1
                if len(t) > 1 and t.isupper():
                    cap_u[low] += 1
    vocab = [w for w, n in counts.most_common(max_words) if n >= min_count]
    wid = {w: i for i, w in enumerate(vocab)}
    ctx = [w for w, _ in counts.most_common(n_ctx)]
    cid = {w: i for i, w in enumerate(ctx)}
    offsets = (-2, -1, 1, 2)
    # Flat stream with two pad slots between sentences.
    tgt_ids: list[int] = []
    ctx_ids: list[int] = []
    for toks, _ in sents:
        low = [t.lower() for t in toks]
        tgt_ids.extend([wid.get(t, -1) for t in low] + [-1, -1])
        ctx_ids.extend([cid.get(t, -1) for t in low] + [-1, -1])
    tg = np.array(tgt_ids, dtype=np.int64)
    cx = np.array(ctx_ids, dtype=np.int64)
    v, c = len(vocab), len(ctx)
    mat = np.zeros((v, c * len(offsets)), dtype=np.float32)
    for b, off in enumerate(offsets):
        if off > 0:
            t_, c_ = tg[:-off], cx[off:]
        else:
            t_, c_ = tg[-off:], cx[:off]
        ok = (t_ >= 0) & (c_ >= 0)
        flat = t_[ok] * c + c_[ok]
        mat[:, b * c : (b + 1) * c] += (
            np.bincount(flat, minlength=v * c).reshape(v, c).astype(np.float32)
        )
    # PPMI with context-distribution smoothing (alpha 0.75)
    total = float(mat.sum())
    row = mat.sum(axis=1, keepdims=True)
    col = mat.sum(axis=0, keepdims=True) ** 0.75
    col = col / col.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(mat * total / (row * col + 1e-12) + 1e-12)
    ppmi = np.maximum(pmi, 0.0).astype(np.float32)
    ppmi[~np.isfinite(ppmi)] = 0.0
    del mat, pmi
    # Randomised truncated SVD
    rng = np.random.default_rng(seed)
    omega = rng.standard_normal((ppmi.shape[1], dim + 20)).astype(np.float32)
    y = ppmi @ omega
    for _ in range(2):
        y = ppmi @ (ppmi.T @ y)
        y, _r = np.linalg.qr(y)
    q, _r = np.linalg.qr(y)
    bmat = q.T @ ppmi
    ub, s, _vt = np.linalg.svd(bmat, full_matrices=False)
    emb = (q @ ub[:, :dim]) * np.sqrt(s[:dim])
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
    emb = emb.astype(np.float32)
    levels = [_kmeans(emb, k, rng, iters=15) for k in ks]
    lines = []
    words = set(vocab) | {w for w, n in cap_n.items() if n >= 3}
    for w in sorted(words, key=lambda w: (-counts[w], w)):
        i = wid.get(w)
        path = "/".join(str(int(lv[i])) for lv in levels) if i is not None else ""
        cap = _cap_bin(cap_c[w], cap_u[w], cap_n[w])
        lines.append(f"{w}\t{path}\t{cap}\n")
    out.write_text("".join(lines), encoding="utf-8")
    return {
        "unlabelled_sentences": len(sents),
        "unlabelled_tokens": int(sum(len(t) for t, _ in sents)),
        "clustered_words": v,
        "lexicon_entries": len(lines),
        "context_words": c,
        "context_offsets": list(offsets),
        "min_count": min_count,
        "svd_dim": dim,
        "kmeans_k": list(ks),
        "seconds": round(time.perf_counter() - t0, 1),
    }


# --------------------------------------------------------------------------- training


def train_crf(
    sents: Sequence[Sentence], lexicon_path: Path | None, model: Path, params: dict[str, object]
) -> float:
    """Train a CRF on ``sents``; returns seconds spent."""
    lex = load_lexicon(lexicon_path) if lexicon_path is not None else None
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, tags in sents:
        trainer.append(sentence_features(toks, lex), tags)
    trainer.select("lbfgs")
    trainer.set_params(params)
    trainer.train(str(model))
    return time.perf_counter() - t0


def score_all(ner: CrfNer, data: Path, corpora: Sequence[str], split: str) -> dict[str, object]:
    """Span scores per corpus for one split (``test`` or ``dev``)."""
    return {c: evaluate(ner.tag, load_split(data, c, split)) for c in corpora}


def print_scores(scores: dict[str, object]) -> None:
    """One line per corpus: overall and per-type F1."""
    for c, sc in scores.items():
        assert isinstance(sc, dict)
        parts = [f"{k}={sc[k]['f1']:.4f}" for k in ("ALL", "PER", "ORG", "LOC") if k in sc]
        print(f"  {c:8s} {' '.join(parts)}  ({sc['tokens_per_s']} tok/s)", flush=True)


def sha256(path: Path) -> str:
    """Hex digest of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--data",
        type=Path,
        default=(shared_root(REPO) or REPO.parent / "shared") / "data",
        help="the data/ folder of the shared folder ($WARTA_SHARED or ../shared)",
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--tune", action="store_true", help="train on train splits, score dev")
    ap.add_argument("--corpora", default=",".join(CORPORA))
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.2)
    ap.add_argument("--max-iter", type=int, default=200)
    ap.add_argument("--lower-aug", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--repeat", default="", help="corpus=n,... : use a corpus n times")
    ap.add_argument("--no-lexicon", action="store_true")
    ap.add_argument("--reuse-lexicon", action="store_true", help="keep an existing lexicon file")
    ap.add_argument("--max-words", type=int, default=40000)
    ap.add_argument("--ctx-words", type=int, default=1500)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--ks", default="32,128,512,2048")
    args = ap.parse_args(argv)

    data: Path = args.data.resolve()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    corpora = [c for c in args.corpora.split(",") if c]
    all_corpora = list(CORPORA)
    exclude = test_keys(data, all_corpora)
    t_start = time.perf_counter()

    lex_path: Path | None = out / LEXICON_NAME
    lex_info: dict[str, object] = {}
    if args.no_lexicon:
        lex_path = None
        (out / LEXICON_NAME).unlink(missing_ok=True)
    elif not (args.reuse_lexicon and (out / LEXICON_NAME).is_file()):
        assert lex_path is not None
        ks = [int(k) for k in args.ks.split(",")]
        lex_info = build_lexicon(
            data,
            exclude,
            lex_path,
            args.seed,
            args.max_words,
            args.ctx_words,
            args.dim,
            ks,
            args.min_count,
        )
        print(f"lexicon: {lex_info}", flush=True)

    splits = ["train"] if args.tune else ["train", "dev"]
    repeat = {k: int(v) for k, _, v in (x.partition("=") for x in args.repeat.split(",") if x)}
    sents, stats = training_sentences(
        data, corpora, splits, exclude, args.lower_aug, args.seed, repeat
    )
    print(f"training sentences: {len(sents)}", flush=True)
    params: dict[str, object] = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iter,
        "feature.possible_transitions": True,
    }
    model = out / MODEL_NAME
    secs = train_crf(sents, lex_path, model, params)
    print(f"trained in {secs:.0f}s -> {model} ({model.stat().st_size / 1e6:.1f} MB)", flush=True)

    ner = CrfNer.load(model)
    eval_split = "dev" if args.tune else "test"
    scores = score_all(ner, data, all_corpora, eval_split)
    print(f"{eval_split} scores:")
    print_scores(scores)
    if args.tune:
        return 0

    meta = {
        "model": MODEL_NAME,
        "lexicon": LEXICON_NAME if lex_path is not None else None,
        "labels": ["PER", "ORG", "LOC"],
        "command": "PYTHONPATH=src python scripts/train_ner.py " + " ".join(sys.argv[1:]),
        "training_corpora": corpora,
        "training_splits": splits,
        "indolem_fold": "01",
        "label_maps": LABEL_MAPS,
        "dedup": "dropped every train/dev sentence whose lower-cased, whitespace-free text "
        "equals that of any test sentence of any of the five corpora",
        "augmentation": {
            "hyphen_join": "extra copy of sentences with 'a - b' re-joined to 'a-b'",
            "lowercase_fraction_of_cased": args.lower_aug,
            "corpus_repeat": repeat,
        },
        "corpus_stats": stats,
        "crf": {"algorithm": "lbfgs", **params},
        "lexicon_build": lex_info or None,
        "seed": args.seed,
        "train_seconds": round(secs, 1),
        "total_seconds": round(time.perf_counter() - t_start, 1),
        "test_scores": scores,
        "sha256": {p.name: sha256(p) for p in (model, lex_path) if p is not None and p.is_file()},
    }
    (out / "ner-id.meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
