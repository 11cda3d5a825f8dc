"""Word features from a large English corpus for the English NER model.

The English NER corpora here are small (about 5,000 sentences), so most names at run time
are words the CRF never saw. ``spacy-lookups-data`` (MIT, on PyPI) carries two tables
computed by spaCy's authors over far more English text than we have:

* ``en_lexeme_cluster``: Brown clusters (1,000 leaves) of 190,000 case-sensitive forms,
  stored as ``int(bits[::-1], 2)``: the low bits are the top of the tree;
* ``en_lexeme_prob``: the natural-log unigram probability of 1,000,000 forms.

:func:`build_words` turns them into the file ``ner-en.words.tsv.gz`` beside the model:
``form<TAB>bits<TAB>capbin<TAB>freqbin``. ``bits`` is the form's cluster path (cased
forms: "Bush" and "bush" differ); ``capbin`` says how often the word is written with a
capital ("0" never ... "4" nearly always) and ``freqbin`` how common it is, both on the
lower-cased form's line. The table is read only at training time (``pip install
warta[train]``); the package ships the derived file.
"""

from __future__ import annotations

import gzip
import math
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "PREFIXES",
    "WordStats",
    "build_words",
    "load_words",
    "spacy_tables",
    "word_features",
    "words_name",
]

PREFIXES: tuple[int, ...] = (4, 6, 10, 20)
"""Brown-cluster path prefixes used as features (Ratinov and Roth's choice)."""

_CAP_EDGES = (0.05, 0.3, 0.7, 0.95)


def words_name(lang: str) -> str:
    """File name of the word table that goes with the NER model of ``lang``."""
    return f"ner-{lang}.words.tsv.gz"


class WordStats:
    """Brown paths by form, and capitalisation and frequency bins by lower-cased word."""

    __slots__ = ("brown", "stats")

    def __init__(self, brown: Mapping[str, str], stats: Mapping[str, tuple[str, str]]) -> None:
        self.brown = brown
        self.stats = stats


def bits_of(cluster: int) -> str:
    """The cluster path of spaCy's stored integer (``int(path[::-1], 2)``); "" for 0.

    Trailing zeros of a path are not recoverable from the integer; prefixes are padded
    with zeros, which reads them back the same way for every form.
    """
    return format(cluster, "b")[::-1] if cluster > 0 else ""


def _cap_bin(ratio: float) -> str:
    return str(sum(ratio >= edge for edge in _CAP_EDGES))


def _rows(
    clusters: Mapping[str, int], probs: Mapping[str, float], min_logprob: float
) -> Iterator[tuple[str, str, str, str]]:
    by_lower: dict[str, list[float]] = {}
    for form, lp in probs.items():
        low = form.lower()
        acc = by_lower.setdefault(low, [0.0, 0.0])
        p = math.exp(lp)
        acc[0] += p
        if form[:1].isupper():
            acc[1] += p
    for low, (total, capital) in sorted(by_lower.items()):
        if math.log(total) < min_logprob or not low[:1].isalpha():
            continue
        freq = str(min(12, int(-math.log(total) / 2)))
        yield low, bits_of(clusters.get(low, 0)), _cap_bin(capital / total), freq
    for form, cluster in sorted(clusters.items()):
        if form != form.lower() and cluster > 0 and probs.get(form, -99.0) >= min_logprob:
            yield form, bits_of(cluster), "", ""


def build_words(
    clusters: Mapping[str, int], probs: Mapping[str, float], out: Path, min_logprob: float
) -> dict[str, object]:
    """Write the word table of forms at least as common as ``min_logprob``; a summary."""
    n_brown = 0
    lines: list[str] = []
    for form, bits, cap, freq in _rows(clusters, probs, min_logprob):
        if "\t" in form or "\n" in form:
            continue
        lines.append(f"{form}\t{bits}\t{cap}\t{freq}\n")
        n_brown += bool(bits)
    with out.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as fh:
        fh.write("".join(lines).encode("utf-8"))  # no name or time in the header: reproducible
    return {"rows": len(lines), "rows_with_cluster": n_brown, "min_logprob": min_logprob}


def load_words(path: Path) -> WordStats:
    """Read a word table written by :func:`build_words`."""
    brown: dict[str, str] = {}
    stats: dict[str, tuple[str, str]] = {}
    pairs: dict[tuple[str, str], tuple[str, str]] = {}  # one object per distinct bin pair
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            form, bits, cap, freq = line.rstrip("\n").split("\t")
            if bits:
                brown[form] = sys.intern(bits)  # 1,000 distinct paths
            if cap:
                stats[form] = pairs.setdefault((cap, freq), (cap, freq))
    return WordStats(brown, stats)


def word_features(tok: str, low: str, words: WordStats) -> dict[str, str]:
    """Cluster-prefix, capitalisation and frequency features of one token.

    The path is the form's own, else its capitalised form's (for a capitalised token),
    else its lower-cased form's.
    """
    f: dict[str, str] = {}
    bits = words.brown.get(tok)
    if not bits and tok[:1].isupper():
        bits = words.brown.get(low.capitalize())  # "BUSH" as "Bush"
    if not bits:
        bits = words.brown.get(low)
    if bits:
        padded = bits + "0" * PREFIXES[-1]
        for k in PREFIXES:
            f[f"b{k}"] = padded[:k]
    stats = words.stats.get(low)
    f["bcr"] = stats[0] if stats else "u"
    if stats:
        f["bf"] = stats[1]
    return f


def spacy_tables() -> tuple[dict[str, int], dict[str, float]]:
    """The English cluster and probability tables of the installed ``spacy-lookups-data``.

    Raises ``ModuleNotFoundError`` with the install command when it is missing.
    """
    import importlib.resources
    import json

    try:
        data = importlib.resources.files("spacy_lookups_data") / "data"
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            "the English word table is built from spacy-lookups-data: pip install 'warta[train]'"
        ) from exc

    def table(name: str) -> dict[str, Any]:
        raw = gzip.decompress((data / f"en_lexeme_{name}.json.gz").read_bytes())
        got: dict[str, Any] = json.loads(raw)
        return got

    clusters = {k: int(v) for k, v in table("cluster").items()}
    probs = {k: float(v) for k, v in table("prob").items()}
    return clusters, probs
