"""Named-entity recogniser: a linear-chain CRF (python-crfsuite) over PER/ORG/LOC.

One model per language (``id``, ``en``), packaged under ``warta/resources/models``:

* ``ner-<lang>.crfsuite`` -- the CRF weights (trained by ``scripts/train_ner.py --lang``);
* ``ner-<lang>.lexicon.tsv`` -- ``word<TAB>cluster-path<TAB>capitalisation-bin`` for frequent
  lower-cased words, computed from unlabelled news text of that language;
* ``ner-<lang>.words.tsv.gz`` (English only) -- Brown-cluster paths and capitalisation and
  frequency bins from a large English corpus (:mod:`warta.stages._ner_words`).

Both languages share the feature design. Nothing is loaded at import time;
:func:`get_default_ner` loads a packaged model once per process and language.
:func:`token_features` is the single feature function used by training and inference.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from warta.stages._ner_words import WordStats, load_words, word_features

if TYPE_CHECKING:  # pragma: no cover
    import pycrfsuite  # type: ignore[import-untyped]

__all__ = [
    "LABELS",
    "LANGS",
    "LEXICON_NAME",
    "MODEL_NAME",
    "CrfNer",
    "FeatureCache",
    "Lexicon",
    "get_default_ner",
    "lexicon_name",
    "load_lexicon",
    "meta_name",
    "model_name",
    "sentence_features",
    "token_features",
]

LABELS: tuple[str, ...] = ("PER", "ORG", "LOC")
LANGS: tuple[str, ...] = ("id", "en")
"""Languages with a packaged model."""


def model_name(lang: str) -> str:
    """File name of the packaged CRF of ``lang`` (``ner-id.crfsuite``)."""
    return f"ner-{lang}.crfsuite"


def lexicon_name(lang: str) -> str:
    """File name of the word lexicon that goes with the model of ``lang``."""
    return f"ner-{lang}.lexicon.tsv"


def meta_name(lang: str) -> str:
    """File name of the training record (config, data, scores) of the model of ``lang``."""
    return f"ner-{lang}.meta.json"


MODEL_NAME = model_name("id")
LEXICON_NAME = lexicon_name("id")

FeatureDict = dict[str, float | str]
"""Features of one token: string values are one-hot (``name=value``), floats are weights."""

_PUNCT = re.compile(r"^[^\w\s]+$")
_SHAPE_SUBS = (
    (re.compile(r"[A-Z]+"), "X"),
    (re.compile(r"[a-z]+"), "x"),
    (re.compile(r"\d+"), "d"),
)


class Lexicon:
    """Word-level lookups computed from unlabelled text, keyed by lower-cased word.

    ``clusters`` maps a word to ``/``-separated cluster ids from coarse to fine (one id per
    clustering granularity); ``caps`` maps a word to a bin of how often it is capitalised
    in running text (away from sentence starts); ``gaz`` (optional fourth column) maps a
    word to the classes of known names it is part of (see ``_ner_lexicon.name_classes``);
    ``words`` is the optional word table read from beside the lexicon file (English: Brown
    paths by form, see ``_ner_words``).
    """

    __slots__ = ("caps", "clusters", "gaz", "words")

    def __init__(
        self,
        clusters: Mapping[str, str],
        caps: Mapping[str, str],
        gaz: Mapping[str, str] | None = None,
        words: WordStats | None = None,
    ) -> None:
        self.clusters = clusters
        self.caps = caps
        self.gaz: Mapping[str, str] = gaz or {}
        self.words = words


def load_lexicon(path: Path) -> Lexicon:
    """Read a ``word<TAB>clusters<TAB>capbin[<TAB>name-classes]`` lexicon file.

    A word table beside it (``ner-en.words.tsv.gz`` for ``ner-en.lexicon.tsv``, see
    :mod:`warta.stages._ner_words`) is read too.
    """
    clusters: dict[str, str] = {}
    caps: dict[str, str] = {}
    gaz: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            word, cl, cap = parts[0], parts[1], parts[2]
            if cl:
                clusters[word] = cl
            if cap:
                caps[word] = cap
            if len(parts) > 3 and parts[3]:
                gaz[word] = parts[3]
    words_path = path.with_name(path.name.removesuffix(".lexicon.tsv") + ".words.tsv.gz")
    words = load_words(words_path) if words_path.is_file() else None
    return Lexicon(clusters, caps, gaz, words)


def _shape(tok: str) -> str:
    s = tok
    for pat, rep in _SHAPE_SUBS:
        s = pat.sub(rep, s)
    return s[:6]


def _base_features(
    tok: str,
    clusters: Mapping[str, str] | None,
    caps: Mapping[str, str] | None,
    cased: bool,
    gaz: Mapping[str, str] | None = None,
    words: WordStats | None = None,
) -> FeatureDict:
    """Features of a token on its own; context features are built from these.

    Case features (title/upper/lower) are only emitted for *cased* sentences (ones with at
    least one upper-case letter); in all-lower-case sentences they carry no information and
    would dilute the weights learnt from cased text, so a ``unc`` flag is emitted instead.
    """
    low = tok.lower()
    f: FeatureDict = {"w": low, "sh": _shape(tok)}
    if not cased:
        f["unc"] = 1.0
    if len(low) > 3:
        f["p3"] = low[:3]
        f["s3"] = low[-3:]
        f["s2"] = low[-2:]
    if len(low) > 4:
        f["p4"] = low[:4]
        f["s4"] = low[-4:]
    if cased:
        if tok[:1].isupper():
            f["ti"] = 1.0
            if tok.isupper() and len(tok) > 1:
                f["up"] = 1.0
        if tok.islower():
            f["lo"] = 1.0
    if any(ch.isdigit() for ch in tok):
        f["dg"] = 1.0
    if _PUNCT.match(tok):
        f["pu"] = tok
    if "-" in tok[1:]:
        f["hy"] = 1.0
        f["hy0"] = low.split("-", 1)[0]
    if clusters is not None:
        path = clusters.get(low)
        if path is None:
            f["oov"] = 1.0
        else:
            for k, cid in enumerate(path.split("/")):
                f[f"c{k}"] = cid
    if caps is not None:
        f["cap"] = caps.get(low, "u")
    if gaz:
        got = gaz.get(low)
        if got is not None:
            f["gz"] = got
    if words is not None:
        f.update(word_features(tok, low, words))
    return f


def _is_cased(tokens: Sequence[str]) -> bool:
    """Whether the sentence has any upper-case letter (i.e. case carries information)."""
    return any(t.lower() != t for t in tokens)


def _is_capital(tok: str) -> bool:
    return tok[:1].isupper()


def _add_run_features(tokens: Sequence[str], base: Sequence[FeatureDict], lo: int) -> None:
    """Add capitalised-run features to ``base`` (which covers ``tokens[lo:lo+len(base)]``).

    ``run`` is the token's position (B/I/E/S) in a maximal run of capitalised tokens, and
    ``acr`` marks a run followed by ``( ACRONYM )`` plus the acronym itself, the common
    Indonesian "Komisi Pemberantasan Korupsi (KPK)" pattern.
    """
    n = len(tokens)
    for k in range(len(base)):
        i = lo + k
        if not _is_capital(tokens[i]):
            continue
        prev_cap = i > 0 and _is_capital(tokens[i - 1])
        next_cap = i + 1 < n and _is_capital(tokens[i + 1])
        base[k]["run"] = ("I" if next_cap else "E") if prev_cap else ("B" if next_cap else "S")
        # walk to the end of the run and look for "( ACR )"
        j = i
        while j + 1 < n and _is_capital(tokens[j + 1]):
            j += 1
        if j + 3 < n and tokens[j + 1] == "(" and tokens[j + 3] == ")" and tokens[j + 2].isupper():
            base[k]["acr"] = "run"
        if (
            0 < i < n - 1
            and tokens[i - 1] == "("
            and tokens[i + 1] == ")"
            and tokens[i].isupper()
            and i >= 2
            and _is_capital(tokens[i - 2])
        ):
            base[k]["acr"] = "abbr"


_NEAR: tuple[str, ...] = ("w", "sh", "ti", "up", "lo", "pu", "s3", "c0", "c1", "c2", "cap")
_CONTEXT_KEYS: dict[int, tuple[str, ...]] = {
    -2: ("w", "ti", "c1", "cap"),
    -1: (*_NEAR, "gz", "b6", "bcr", "run"),
    1: (*_NEAR, "gz", "b6", "bcr", "run"),
    2: ("w", "ti", "c1", "cap"),
}


def _assemble(base: Sequence[FeatureDict], i: int) -> FeatureDict:
    cur = base[i]
    f: FeatureDict = {"b": 1.0}
    for k, v in cur.items():
        f[k] = v
    n = len(base)
    if i == 0:
        f["BOS"] = 1.0
        if "ti" in cur:
            f["ti_bos"] = 1.0
    if i == n - 1:
        f["EOS"] = 1.0
    for off, keys in _CONTEXT_KEYS.items():
        j = i + off
        if 0 <= j < n:
            other = base[j]
            for k in keys:
                if k in other:
                    f[f"{off}{k}"] = other[k]
        else:
            f[f"{off}pad"] = 1.0
    if i > 0:
        f["-1w|w"] = f"{base[i - 1]['w']}|{cur['w']}"
    if i + 1 < n:
        f["w|+1w"] = f"{cur['w']}|{base[i + 1]['w']}"
    return f


def token_features(
    tokens: Sequence[str],
    i: int,
    clusters: Mapping[str, str] | None,
    caps: Mapping[str, str] | None = None,
    gaz: Mapping[str, str] | None = None,
    words: WordStats | None = None,
) -> FeatureDict:
    """CRF features of ``tokens[i]`` in its sentence (window of two tokens either side).

    ``clusters`` maps lower-cased words to ``/``-separated cluster ids (coarse to fine);
    ``caps`` maps lower-cased words to a capitalisation bin; ``gaz`` to name classes.
    Any may be ``None``.
    """
    lo, hi = max(0, i - 2), min(len(tokens), i + 3)
    # The window covers every offset used, so BOS/EOS/padding are those of the sentence.
    cased = _is_cased(tokens)
    base = [_base_features(t, clusters, caps, cased, gaz, words) for t in tokens[lo:hi]]
    if cased:
        _add_run_features(tokens, base, lo)
    return _assemble(base, i - lo)


def sentence_features(tokens: Sequence[str], lexicon: Lexicon | None) -> list[FeatureDict]:
    """Features of every token of a sentence; equal to ``token_features`` at each index."""
    clusters = lexicon.clusters if lexicon is not None else None
    caps = lexicon.caps if lexicon is not None else None
    gaz = lexicon.gaz if lexicon is not None else None
    words = lexicon.words if lexicon is not None else None
    cased = _is_cased(tokens)
    base = [_base_features(t, clusters, caps, cased, gaz, words) for t in tokens]
    if cased:
        _add_run_features(tokens, base, 0)
    return [_assemble(base, i) for i in range(len(tokens))]


_OFFSETS = tuple(_CONTEXT_KEYS)
_PADS = tuple(f"{off}pad" for off in _OFFSETS)


def _attr(key: str, value: float | str) -> str | None:
    """The crfsuite attribute python-crfsuite makes of ``{key: value}`` (``key:value`` for a
    string; ``key`` itself for a weight of 1.0); None for any other weight."""
    if isinstance(value, str):
        return f"{key}:{value}"
    return key if value == 1.0 else None


class _Word:
    """A word's attributes that do not depend on its sentence beyond the ``cased`` flag."""

    __slots__ = ("ctx", "cur", "ti", "w")

    def __init__(self, base: FeatureDict) -> None:
        cur = [_attr(k, v) for k, v in base.items()]
        ctx = [
            [_attr(f"{off}{k}", base[k]) for k in keys if k in base]
            for off, keys in _CONTEXT_KEYS.items()
        ]
        if None in cur or any(None in c for c in ctx):
            raise ValueError("a feature weight other than 1.0")
        self.cur: list[str] = cur  # type: ignore[assignment]
        self.ctx: list[list[str]] = ctx  # type: ignore[assignment]
        self.ti = "ti" in base
        self.w = str(base["w"])


class FeatureCache:
    """Builds the attribute lists crfsuite gets from :func:`sentence_features`, faster.

    python-crfsuite turns each feature dict into attributes, in the dict's order:
    ``key:value`` for a string value, ``key`` (weight 1.0) for the weight 1.0, which is the
    only weight the features use. :meth:`items` gives those same attribute strings, in the
    same order, as plain lists; the parts that depend on the word alone (and on whether
    the sentence is cased) are built once per word and reused across sentences. Only the
    capitalised-run features (from :func:`_add_run_features` itself), BOS/EOS, padding and
    the word-pair features are built per sentence. The tagger therefore receives exactly
    the attributes of :func:`sentence_features` (checked in ``tests/test_ner.py``).
    """

    _MAX_WORDS = 200_000

    def __init__(self, lexicon: Lexicon | None) -> None:
        self._clusters = lexicon.clusters if lexicon is not None else None
        self._caps = lexicon.caps if lexicon is not None else None
        self._gaz = lexicon.gaz if lexicon is not None else None
        self._table = lexicon.words if lexicon is not None else None
        self._words: dict[tuple[str, bool], _Word] = {}

    def _word(self, tok: str, cased: bool) -> _Word:
        got = self._words.get((tok, cased))
        if got is None:
            if len(self._words) >= self._MAX_WORDS:
                self._words.clear()
            got = _Word(
                _base_features(tok, self._clusters, self._caps, cased, self._gaz, self._table)
            )
            self._words[(tok, cased)] = got
        return got

    def items(self, tokens: Sequence[str]) -> list[list[str]]:
        """Attribute lists of every token of a sentence (what crfsuite makes of
        ``sentence_features(tokens, lexicon)``)."""
        cased = _is_cased(tokens)
        words = [self._word(t, cased) for t in tokens]
        n = len(words)
        runs: list[list[str]] | None = None
        if cased:
            extra: list[FeatureDict] = [{} for _ in range(n)]
            _add_run_features(tokens, extra, 0)
            runs = [[f"{k}:{v}" for k, v in e.items()] for e in extra]
        out: list[list[str]] = []
        for i, cw in enumerate(words):
            item = ["b", *cw.cur]
            if runs is not None and runs[i]:
                item += runs[i]
            if i == 0:
                item.append("BOS")
                if cw.ti:
                    item.append("ti_bos")
            if i == n - 1:
                item.append("EOS")
            for k, off in enumerate(_OFFSETS):
                j = i + off
                if 0 <= j < n:
                    item += words[j].ctx[k]
                    if runs is not None and (off == -1 or off == 1):
                        rj = runs[j]
                        if rj:
                            # only the run value travels to the neighbours, after the rest
                            item.append(f"{off}{rj[0]}")
                else:
                    item.append(_PADS[k])
            if i > 0:
                item.append(f"-1w|w:{words[i - 1].w}|{cw.w}")
            if i + 1 < n:
                item.append(f"w|+1w:{cw.w}|{words[i + 1].w}")
            out.append(item)
        return out


def spans_from_bio(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Exact spans ``(start, end_exclusive, label)`` from BIO tags, conlleval-style.

    A stray ``I-X`` (after ``O`` or another type) starts a new entity, as conlleval does.
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, t in enumerate([*tags, "O"]):
        if t.startswith("B-") or t == "O" or (t.startswith("I-") and t[2:] != label):
            if start >= 0:
                spans.append((start, i, label))
                start, label = -1, ""
            if t != "O":
                start, label = i, t[2:]
    return spans


def _default_dir() -> Path:
    res = importlib.resources.files("warta.resources") / "models"
    return Path(str(res))


class CrfNer:
    """A loaded CRF tagger plus its lexicon; tags tokenised sentences with PER/ORG/LOC BIO."""

    def __init__(self, tagger: pycrfsuite.Tagger, lexicon: Lexicon | None) -> None:
        self._tagger = tagger
        self._lexicon = lexicon
        self._features = FeatureCache(lexicon)

    @classmethod
    def load(cls, path: Path | None = None, lang: str = "id") -> CrfNer:
        """Load a model file (default: the packaged ``ner-<lang>.crfsuite``).

        The lexicon is read from the same folder when present: ``<stem>.lexicon.tsv`` for a
        model ``<stem>.crfsuite`` (``ner-en.lexicon.tsv`` beside ``ner-en.crfsuite``).
        """
        import pycrfsuite

        model = path if path is not None else _default_dir() / model_name(lang)
        if not model.is_file():
            raise FileNotFoundError(f"NER model not found: {model}")
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        lex_path = model.with_name(model.name.removesuffix(".crfsuite") + ".lexicon.tsv")
        lexicon = load_lexicon(lex_path) if lex_path.is_file() else None
        return cls(tagger, lexicon)

    @property
    def lexicon(self) -> Lexicon | None:
        """The word-cluster/capitalisation lexicon used for features (``None`` if absent)."""
        return self._lexicon

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags (``O``, ``B-PER``, ``I-ORG``, ...) for a tokenised sentence."""
        if not tokens:
            return []
        # the attributes of sentence_features(tokens, self._lexicon), built faster
        tags: list[str] = self._tagger.tag(self._features.items(tokens))
        return tags

    def spans(self, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        """Entities as ``(start, end_exclusive, label)`` token spans."""
        return spans_from_bio(self.tag(tokens))


@functools.cache
def get_default_ner(lang: str = "id") -> CrfNer:
    """The packaged NER model of ``lang`` (``id`` or ``en``), loaded once per process."""
    if lang not in LANGS:
        raise ValueError(f"no NER model for language {lang!r} (have: {', '.join(LANGS)})")
    return CrfNer.load(lang=lang)
