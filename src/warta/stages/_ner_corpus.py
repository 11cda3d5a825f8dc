"""Readers, label mapping, de-duplication and span metrics for the NER corpora.

Used by ``scripts/train_ner.py``, ``scripts/eval_ner.py`` and the quality-gate test. Nothing
here is needed at inference time; the corpora themselves are never shipped.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warta.stages._crf_ner import spans_from_bio

__all__ = [
    "CORPORA",
    "LABEL_MAPS",
    "Corpus",
    "Sentence",
    "corpora_for",
    "dedup_key",
    "doc_bucket",
    "evaluate",
    "find_shared_data",
    "load_split",
    "load_split_documents",
    "prf",
    "repair_bio",
    "score_tags",
    "span_counts",
    "spans_from_bio",
]

Sentence = tuple[list[str], list[str]]
"""A sentence: (tokens, BIO tags over PER/ORG/LOC)."""

#: Per-corpus mapping of the source entity type to PER/ORG/LOC; types absent here become O.
LABEL_MAPS: dict[str, dict[str, str]] = {
    "nergrit": {"PERSON": "PER", "ORGANISATION": "ORG", "PLACE": "LOC"},
    "nerp": {"PPL": "PER", "IND": "ORG", "PLC": "LOC"},  # EVT, FNB -> O
    "nerui": {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"},
    "nerugm": {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"},  # QUANTITY, TIME -> O
    "idner": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    "uner-ewt": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    "uner-pud": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
}


@dataclass(frozen=True)
class Corpus:
    """Where one corpus lives and how its splits are named.

    ``fmt`` is ``tsv`` (``token<TAB>tag``), ``space`` (``token UPOS tag``) or ``iob2``
    (Universal NER: ``#`` comment lines, ``index<TAB>token<TAB>tag<TAB>-<TAB>-``). A split
    may be a part of a file: ``parts[split]`` lists the buckets (``doc_bucket``) of the
    documents it keeps, so one file is cut by document, deterministically.
    """

    name: str
    folder: str
    splits: Mapping[str, str] = field(default_factory=dict)
    fmt: str = "tsv"
    lang: str = "id"
    cased: bool = True
    parts: Mapping[str, tuple[int, ...]] = field(default_factory=dict)


#: Corpora used for training and evaluation (pfsa-id is non-commercial and deliberately absent).
#: IndoLEM corpora use fold 01.
CORPORA: dict[str, Corpus] = {
    "nergrit": Corpus(
        "nergrit",
        "indonlu-nergrit_ner-grit",
        {
            "train": "train_preprocess.txt",
            "dev": "valid_preprocess.txt",
            "test": "test_preprocess.txt",
        },
    ),
    "nerp": Corpus(
        "nerp",
        "indonlu-nerp_ner-prosa",
        {
            "train": "train_preprocess.txt",
            "dev": "valid_preprocess.txt",
            "test": "test_preprocess.txt",
        },
        cased=False,
    ),
    "nerui": Corpus(
        "nerui",
        "indolem-nerui",
        {"train": "train.01.tsv", "dev": "dev.01.tsv", "test": "test.01.tsv"},
    ),
    "nerugm": Corpus(
        "nerugm",
        "indolem-nerugm",
        {"train": "train.01.tsv", "dev": "dev.01.tsv", "test": "test.01.tsv"},
    ),
    "idner": Corpus(
        "idner",
        "idner-news-2k",
        {"train": "train.txt", "dev": "dev.txt", "test": "test.txt"},
        fmt="space",
    ),
    # English (Universal NER). EWT's train split is not in the snapshot: its dev file is
    # trained on, its test file is the dev split for tuning and is trained on for the
    # shipped model. PUD (news and Wikipedia) is cut by document: 40% train, 20% dev,
    # 40% held-out test, never trained on.
    "uner-ewt": Corpus(
        "uner-ewt",
        "uner-english-ewt",
        {"train": "en_ewt-ud-dev.iob2", "dev": "en_ewt-ud-test.iob2"},
        fmt="iob2",
        lang="en",
    ),
    "uner-pud": Corpus(
        "uner-pud",
        "uner-english-pud",
        dict.fromkeys(("train", "dev", "test"), "en_pud-ud-test.iob2"),
        fmt="iob2",
        lang="en",
        parts={"train": (6, 7, 8, 9), "dev": (4, 5), "test": (0, 1, 2, 3)},
    ),
}


def corpora_for(lang: str) -> list[str]:
    """Names of the corpora of one language, in training order."""
    return [name for name, c in CORPORA.items() if c.lang == lang]


def doc_bucket(doc_id: str) -> int:
    """A document's bucket 0-9, from the SHA-256 of its id (stable across runs)."""
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % 10


def find_shared_data(repo_root: Path | None = None) -> Path | None:
    """The ``data/`` folder of the shared folder (:func:`warta.corpus.shared_root`:
    ``$WARTA_SHARED`` or ``<repo>/../shared``) when it holds the NER corpora (Indonesian or
    English)."""
    from warta.corpus import shared_root

    root = shared_root(repo_root)
    if root is None:
        return None
    data = root / "data"
    if (data / CORPORA["nergrit"].folder).is_dir() or (data / CORPORA["uner-pud"].folder).is_dir():
        return data
    return None


def repair_bio(tags: Sequence[str]) -> list[str]:
    """Turn an ``I-X`` that does not continue an ``X`` entity into ``B-X`` (IOB2 repair)."""
    out: list[str] = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def _map_tag(tag: str, mapping: Mapping[str, str]) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, _, typ = tag.partition("-")
    new = mapping.get(typ)
    if new is None or prefix not in ("B", "I"):
        return "O"
    return f"{prefix}-{new}"


def _read_iob2(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """Universal NER IOB2: ``(document id, tokens, tags)`` per sentence."""
    sents: list[tuple[str, list[str], list[str]]] = []
    doc = ""
    toks: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            if line.startswith("#"):
                if line.startswith("# newdoc id = "):
                    doc = line.removeprefix("# newdoc id = ").strip()
                continue
            if not line.strip():
                if toks:
                    sents.append((doc, toks, tags))
                toks, tags = [], []
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                raise ValueError(f"{path}: not an IOB2 token line: {line!r}")
            toks.append(cols[1])
            tags.append(cols[2].strip())
    if toks:
        sents.append((doc, toks, tags))
    return sents


def _read_raw(path: Path, fmt: str) -> list[tuple[list[str], list[str]]]:
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if toks:
                    sents.append((toks, tags))
                toks, tags = [], []
                continue
            if fmt == "space":
                parts = line.split(" ")
                tok, tag = " ".join(parts[:-2]), parts[-1]
            else:
                tok, _, tag = line.rpartition("\t")
            tag = tag.strip()
            # Tokens containing spaces (NERP "salah satu") are split into word tokens.
            pieces = tok.split()
            if not pieces:
                continue
            for k, p in enumerate(pieces):
                toks.append(p)
                if k > 0 and tag.startswith("B-"):
                    tags.append("I-" + tag[2:])
                else:
                    tags.append(tag)
    if toks:
        sents.append((toks, tags))
    return sents


def load_split(data: Path, corpus: str, split: str) -> list[Sentence]:
    """Read one split of one corpus with tags mapped to PER/ORG/LOC BIO (IOB2-repaired)."""
    return [s for doc in load_split_documents(data, corpus, split) for s in doc]


def load_split_documents(data: Path, corpus: str, split: str) -> list[list[Sentence]]:
    """:func:`load_split`'s sentences grouped by document, in file order (a corpus
    without document ids gives one document per sentence)."""
    c = CORPORA[corpus]
    mapping = LABEL_MAPS[corpus]
    path = data / c.folder / c.splits[split]
    raw: list[tuple[str, list[str], list[str]]]
    if c.fmt == "iob2":
        keep = c.parts.get(split)
        raw = [r for r in _read_iob2(path) if keep is None or doc_bucket(r[0]) in keep]
    else:
        raw = [(str(n), toks, tags) for n, (toks, tags) in enumerate(_read_raw(path, c.fmt))]
    docs: list[list[Sentence]] = []
    last: str | None = None
    for doc, toks, tags in raw:
        if doc != last or not docs:
            docs.append([])
            last = doc
        docs[-1].append((toks, repair_bio([_map_tag(t, mapping) for t in tags])))
    return docs


def dedup_key(tokens: Sequence[str]) -> str:
    """Key used to detect the same sentence across corpora: lower-cased, whitespace removed."""
    return "".join(tokens).lower()


def span_counts(
    gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]
) -> dict[str, list[int]]:
    """Per-label ``[true_pos, n_pred, n_gold]`` counts, with an ``ALL`` row."""
    counts: dict[str, list[int]] = {}
    for g, p in zip(gold, pred, strict=True):
        gs = set(spans_from_bio(g))
        ps = set(spans_from_bio(p))
        for s in gs | ps:
            for key in (s[2], "ALL"):
                row = counts.setdefault(key, [0, 0, 0])
                row[0] += s in gs and s in ps
                row[1] += s in ps
                row[2] += s in gs
    counts.setdefault("ALL", [0, 0, 0])
    return counts


def prf(row: Sequence[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 from a ``[true_pos, n_pred, n_gold]`` row."""
    tp, npred, ngold = row
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(
    tag: Callable[[Sequence[str]], Sequence[str]], sentences: Sequence[Sentence]
) -> dict[str, object]:
    """Tag ``sentences`` and return span P/R/F1 per type and overall, plus tagging speed."""
    t0 = time.perf_counter()
    preds = [list(tag(toks)) for toks, _ in sentences]
    return score_tags(sentences, preds, time.perf_counter() - t0)


def score_tags(
    sentences: Sequence[Sentence], preds: Sequence[Sequence[str]], seconds: float
) -> dict[str, object]:
    """Span P/R/F1 per type and overall of ``preds`` (one BIO row per sentence) against
    the sentences' gold tags, plus the speed of ``seconds`` spent tagging them."""
    secs = max(seconds, 1e-9)
    counts = span_counts([g for _, g in sentences], preds)
    ntok = sum(len(toks) for toks, _ in sentences)
    scores: dict[str, object] = {}
    for key in ("ALL", *sorted(k for k in counts if k != "ALL")):
        p, r, f = prf(counts[key])
        scores[key] = {
            "p": round(p, 4),
            "r": round(r, 4),
            "f1": round(f, 4),
            "n_gold": counts[key][2],
        }
    scores["sentences"] = len(sentences)
    scores["tokens_per_s"] = round(ntok / secs)
    scores["sentences_per_s"] = round(len(sentences) / secs)
    return scores


def add_corpus_arguments(ap: argparse.ArgumentParser, repo_root: Path) -> None:
    """``--lang`` and ``--data`` (the shared folder's ``data/``) for the NER scripts."""
    from warta.corpus import shared_root

    ap.add_argument("--lang", default="id", choices=("id", "en"))
    ap.add_argument(
        "--data",
        type=Path,
        default=(shared_root(repo_root) or repo_root.parent / "shared") / "data",
        help="the data/ folder of the shared folder ($WARTA_SHARED or ../shared)",
    )
