"""Named entities with countries, PLOVER sectors, roles and within-document coreference.

Candidate mentions come from several sources behind one small interface
(:class:`CandidateSource`), in order of precedence:

1. the gazetteer and actor KB (countries, capitals, regions, NORP, organisations,
   people; ``resources/geo``, ``resources/kb``, ``resources/<lang>/``);
2. institution phrases: an institution noun followed by a country ("parlemen Irak",
   "Kementerian luar negeri Irak") become one ORG entity with that country;
3. the statistical tagger (the CRF of :mod:`warta.stages._crf_ner`, one model per
   language) when it is installed, for names the lexicons do not know;
4. capitalised-sequence rules.

A chosen candidate never overlaps another. Mentions are then linked into entities:
the KB/gazetteer key, "Name (ACRONYM)", surname/partial-name matching among people, the
capital-as-state metonymy and definite descriptions ("kementerian tersebut").

Decisions (also in docs): a capital used as the state ("Baghdad dan Washington telah
sepakat") is a mention of the country entity; a capital used as a place ("di Bagdad",
"bandara Bagdad", a dateline) is its own GPE entity with the country set and no sector.
Country entities have sector GOV (a state acting); the event coder refines per mention
with :func:`warta.actors.resolve_actor_text`. Unknown names get ``country=None`` and
``sector=None``: never a guess.
"""

from __future__ import annotations

import bisect
import functools
import logging
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from warta import resources
from warta.model import Doc, Entity, Mention, Token
from warta.pipeline import register
from warta.stages._base import BaseStage
from warta.stages._entities_en import clitic_split, institutions, tail_sector
from warta.stages._gazetteer import Entry, Lexicon, geonames_lookup, get_lexicon, given_names
from warta.stages._home import (
    choose_home,
    generic_kb_ids,
    known_state,
    largest_place_country,
    place_state,
)
from warta.stages.text import tokenize

__all__ = [
    "Cand",
    "CandidateSource",
    "EntityStage",
    "NerTagger",
    "extract_entities",
    "get_ner",
]

log = logging.getLogger(__name__)

# words before a capital that make it a place rather than the state acting
_LOCATIVE = frozenset(
    [
        "di",
        "ke",
        "dari",
        "kota",
        "ibukota",
        "bandara",
        "menuju",
        "dekat",
        "sekitar",
        "luar",
        "wilayah",
        "pinggiran",
        "tiba",
        "in",
        "at",
        "to",
        "from",
        "near",
        "city",
        "outside",
        "into",
        "around",
    ]
)
_NAME_PARTICLES = frozenset(
    [
        "bin",
        "binti",
        "ibn",
        "al",
        "el",
        "ad",
        "as",
        "ash",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "dos",
        "du",
        "la",
        "le",
    ]
)
_ROLE_CONNECTORS = frozenset(
    [
        ",",
        "(",
        ")",
        "saat",
        "itu",
        "kala",
        "dari",
        "wakil",
        "senior",
        "tinggi",
        "asal",
        "sementara",
        "interim",
        "terpilih",
        "baru",
        "the",
        "of",
        "for",
        "'s",
        "’s",
        "former",
        "then",
        "acting",
    ]
)
_SOURCE_RANK = {
    "kb": 0,
    "country": 0,
    "capital": 0,
    "region": 0,
    "norp": 0,
    "kbshort": 0,
    "inst": 0,
    "acronym": 1,
    "ner": 2,
    "caps": 3,
    "desc": 4,
}


@dataclass
class Cand:
    """A candidate mention over tokens ``[i, j)`` of the work token list."""

    i: int
    j: int
    label: str
    source: str
    key: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    qid: str | None = None
    role: str | None = None
    role_sector: str | None = None
    role_country: str | None = None


def inst_cand(i: int, j: int, name: str, country: str | None, sector: str) -> Cand:
    """The ORG candidate of an institution of a country ("parlemen Irak", "Iraqi parliament")."""
    key = f"inst:{name.lower()}"
    return Cand(i, j, "ORG", "inst", key=key, name=name, country=country, sector=sector)


class NerTagger(Protocol):
    """What the entity stage needs from a statistical tagger (the CRF satisfies it)."""

    def spans(self, tokens: Sequence[str]) -> list[tuple[int, int, str]]: ...


@functools.cache
def get_ner(lang: str) -> NerTagger | None:
    """The packaged tagger for ``lang`` (``id``, ``en``), or None when there is none (then
    lexicons and rules only)."""
    from warta.stages._crf_ner import LANGS, get_default_ner

    if lang not in LANGS:
        return None
    try:
        return get_default_ner(lang)
    except (ImportError, FileNotFoundError, OSError) as exc:  # pragma: no cover
        log.warning("NER model unavailable (%s); entities use lexicons and rules only", exc)
        return None


@functools.cache
def _capbins(lang: str) -> Mapping[str, str]:
    """How often a word is capitalised away from sentence starts (from the NER lexicon of
    the language)."""
    try:
        from warta.stages._crf_ner import get_default_ner

        lex = get_default_ner(lang).lexicon
        return lex.caps if lex is not None else {}
    except (ImportError, FileNotFoundError, OSError):  # pragma: no cover
        return {}


@functools.cache
def _definite(lang: str) -> tuple[dict[str, tuple[str, frozenset[str]]], frozenset[str]]:
    heads: dict[str, tuple[str, frozenset[str]]] = {}
    dets: frozenset[str] = frozenset()
    for row in resources.load_tsv(f"{lang}/definite.tsv"):
        if row["head"] == "determiner":
            dets = frozenset(row["match"].split("|"))
        else:
            mods = frozenset(m for m in (row.get("modifiers") or "").split("|") if m)
            heads[row["head"]] = (row["match"], mods)
    return heads, dets


class _Work:
    """The tokens the stage works on (dateline + sentences) and their segments."""

    def __init__(self, doc: Doc, lang: str) -> None:
        self.doc = doc
        self.lex: Lexicon = get_lexicon(lang)
        self.lang = "en" if lang == "en" else "id"
        toks: list[Token] = []
        seg: list[int] = []
        if doc.dateline is not None:
            dl = tokenize(doc.text, doc.dateline.start, doc.dateline.end)
            toks.extend(dl)
            seg.extend([-1] * len(dl))
        starts = [s.start for s in doc.sentences]
        for t in doc.tokens:
            if toks and t.start < toks[-1].end:
                continue
            k = bisect.bisect_right(starts, t.start) - 1
            for part in clitic_split(doc.text, t) if self.lang == "en" else (t,):
                toks.append(part)
                seg.append(k)
        self.toks = toks
        self.seg = seg
        self.words = [doc.text[t.start : t.end] for t in toks]
        self.lower = [w.lower() for w in self.words]
        self.covered: list[int] = [-1] * len(toks)
        self.cands: list[Cand] = []
        caps: Counter[str] = Counter()
        lowers: set[str] = set()
        for n, w in enumerate(self.words):
            if w[:1].isupper() and not self.seg_start(n):
                caps[w] += 1
            elif w[:1].islower():
                lowers.add(w)
        self.mid_caps = caps
        self.doc_lowers = lowers

    def seg_start(self, n: int) -> bool:
        """Whether token ``n`` opens its sentence (possibly after an opening quote)."""
        if n == 0 or self.seg[n - 1] != self.seg[n]:
            return True
        return self.words[n - 1] in "\"'“‘([-–—" and (n < 2 or self.seg[n - 2] != self.seg[n])

    def same_seg(self, a: int, b: int) -> bool:
        return 0 <= a < len(self.toks) and 0 <= b < len(self.toks) and self.seg[a] == self.seg[b]

    def free(self, i: int, j: int) -> bool:
        return all(self.covered[k] == -1 for k in range(i, j))

    def add(self, c: Cand) -> bool:
        if c.i >= c.j or not self.free(c.i, c.j):
            return False
        idx = len(self.cands)
        self.cands.append(c)
        for k in range(c.i, c.j):
            self.covered[k] = idx
        return True

    def remove(self, idx: int) -> None:
        c = self.cands[idx]
        for k in range(c.i, c.j):
            if self.covered[k] == idx:
                self.covered[k] = -1
        c.j = c.i  # dead

    def cand_at(self, n: int) -> Cand | None:
        if 0 <= n < len(self.toks) and self.covered[n] >= 0:
            return self.cands[self.covered[n]]
        return None

    def text(self, i: int, j: int) -> str:
        return self.doc.text[self.toks[i].start : self.toks[j - 1].end]

    def name_like(self, n: int) -> bool:
        """A capitalised word that is neither a title nor a function word."""
        w = self.words[n]
        if not w[:1].isupper():
            return False
        lw = self.lower[n]
        return lw not in self.lex.title_words and lw not in self.lex.nonname

    def is_common(self, n: int) -> bool:
        """A word that is usually written in lower case (so a capital is just a sentence start)."""
        lw = self.lower[n]
        if lw in self.lex.nonname:
            return True
        if lw in self.doc_lowers:
            return True
        bin_ = _capbins(self.lang).get(lw)
        return bin_ is not None and bin_ in ("0", "1", "2")


class CandidateSource(Protocol):
    """One source of candidate mentions; it adds non-overlapping :class:`Cand` to ``work``."""

    name: str

    def propose(self, work: _Work) -> None: ...


# -- 1. gazetteer and KB -------------------------------------------------------------------


class LexiconSource:
    name = "lexicon"

    def propose(self, work: _Work) -> None:
        lex = work.lex
        first = lex.alias_first()
        n_tok = len(work.toks)
        i = 0
        while i < n_tok:
            hit = None
            top = min(lex.max_len, first.get(work.lower[i], 0))
            for n in range(min(top, n_tok - i), 0, -1):
                if not work.same_seg(i, i + n - 1):
                    continue
                for e in lex.aliases.get(tuple(work.lower[i : i + n]), ()):
                    if self._valid(work, e, i, n):
                        hit = (n, e)
                        break
                if hit:
                    break
            if hit is None:
                i += 1
                continue
            n, e = hit
            work.add(
                Cand(
                    i,
                    i + n,
                    e.label,
                    e.kind,
                    key=e.key,
                    name=e.name,
                    country=e.country,
                    sector=e.sector,
                    qid=e.qid,
                )
            )
            i += n

    @staticmethod
    def _valid(work: _Work, e: Entry, i: int, n: int) -> bool:
        words = work.words[i : i + n]
        if e.exact_case:
            if tuple(words) != e.surface:
                return False
        elif e.first_upper and not words[0][:1].isupper():
            return False
        if e.kind in ("kbshort", "capital", "country", "norp", "region"):
            # inside a longer capitalised name ("George Washington", "Abbas Araghchi") it is
            # part of that name, not this entity
            before, after = i - 1, i + n
            if e.kind == "kbshort" or n == 1:
                if (
                    work.same_seg(before, i)
                    and work.name_like(before)
                    and not work.seg_start(before)
                    and work.cand_at(before) is None
                    and e.kind in ("kbshort", "capital")
                ):
                    return False
                if (
                    work.same_seg(after, i)
                    and work.name_like(after)
                    and e.kind in ("kbshort", "capital")
                    and work.lower[after] not in _LOCATIVE
                ):
                    return False
        return True


# -- 2. institution + country --------------------------------------------------------------


class InstitutionSource:
    name = "inst"

    def propose(self, work: _Work) -> None:
        lex = work.lex
        if lex.lang == "en":
            institutions(work)  # English puts the country first ("Iraqi parliament")
            return
        for i in range(len(work.toks)):
            cur = work.cand_at(i)
            if cur is not None:
                continue
            m = lex.roles_at(work.lower, i, ("inst",))
            if m is None:
                continue
            n, role = m
            k = i + n
            extra = 0
            while (
                role.allow_words
                and extra < 3
                and k < len(work.toks)
                and work.same_seg(i, k)
                and work.cand_at(k) is None
                and work.words[k].isalpha()
                and work.lower[k] not in lex.nonname
            ):
                k += 1
                extra += 1
            c = work.cand_at(k)
            if c is None or c.source != "country" or c.i != k or not work.same_seg(i, k):
                continue
            # the institution is its own ORG entity over the noun (and its words); the
            # country stays a mention of the country ("parlemen" + "Irak")
            name = work.text(i, c.j)
            # a proper name in title case ("Angkatan Laut AS", "Kedutaan Besar Inggris")
            # includes the country; a description ("parlemen Irak") does not
            proper = all(w[:1].isupper() for w in work.words[i:k])
            end = k
            if proper:
                end = c.j
                work.remove(work.covered[k])
            if work.free(i, end):
                work.add(inst_cand(i, end, name, c.country, role.sector))


# -- 3. statistical tagger -----------------------------------------------------------------


class NerSource:
    name = "ner"

    def __init__(self, tagger: NerTagger | None) -> None:
        self.tagger = tagger

    def propose(self, work: _Work) -> None:
        if self.tagger is None:
            return
        # one call per segment
        n_tok = len(work.toks)
        people = _People()
        i = 0
        while i < n_tok:
            j = i
            while j < n_tok and work.seg[j] == work.seg[i]:
                j += 1
            # a segment where no token can open a tagged candidate cannot change the
            # result: skip the (costly) tagger call
            if not any(_may_open_name(work, k) for k in range(i, j)):
                i = j
                continue
            spans = [(i + s, i + e, label) for s, e, label in self.tagger.spans(work.words[i:j])]
            carry: int | None = None  # start of a fragment handed on to the next span
            for k, (s, e, label) in enumerate(spans):
                if carry is not None:
                    s, carry = carry, None
                runs = _free_runs(work, s, e)
                nxt = spans[k + 1] if k + 1 < len(spans) else None
                for r, (a, b) in enumerate(runs):
                    # the tail of a span cut by a known name ("[Hamas] Fauzi" ORG) that
                    # touches a following PER span belongs to that person ("Fauzi Barhoumi")
                    cut = a > s and work.covered[a - 1] != -1
                    last = r == len(runs) - 1 and b == e
                    if cut and last and nxt is not None and nxt[0] == e and nxt[2] == "PER":
                        carry = a
                        continue
                    a, b = _trim(work, a, b)
                    if a < b and work.words[a][:1].isupper():
                        _add_unknown(work, a, b, "ner", label, people)
            i = j


def _may_open_name(work: _Work, k: int) -> bool:
    """Whether token ``k`` could be the first token of a candidate :class:`NerSource` adds.

    A tagged span adds a candidate at ``a`` only when ``a`` is free, capitalised and is
    where :func:`_trim` stops, and :func:`_trim` always moves past a word of
    ``lex.nonname`` and past a sentence-opening common word that is no organisation or
    place head (whatever the span). Any other word may open a name. A segment with no
    such word therefore gets nothing from the tagger, and is not tagged.
    """
    if work.covered[k] != -1 or not work.words[k][:1].isupper():
        return False
    lex, lw = work.lex, work.lower[k]
    if lw in lex.nonname:
        return False
    if lw in lex.org_heads or (lw,) in lex.loc_heads:
        return True
    return not (work.seg_start(k) and work.is_common(k))


# -- 4. capitalised sequences --------------------------------------------------------------


class CapsSource:
    name = "caps"

    def propose(self, work: _Work) -> None:
        n_tok = len(work.toks)
        headline = _headline_segments(work)
        people = _People()
        i = 0
        while i < n_tok:
            if work.seg[i] in headline:
                i += 1
                continue
            if work.covered[i] != -1 or not _cap_token(work.words[i]):
                i += 1
                continue
            j = i + 1
            while j < n_tok and work.covered[j] == -1 and work.same_seg(i, j):
                w = work.words[j]
                if _cap_token(w):
                    j += 1
                elif (
                    work.lower[j] in _NAME_PARTICLES
                    and j + 1 < n_tok
                    and work.covered[j + 1] == -1
                    and work.same_seg(i, j + 1)
                    and _cap_token(work.words[j + 1])
                ):
                    j += 2
                else:
                    break
            a, b = _trim(work, i, j)
            if a < b:
                _add_unknown(work, a, b, "caps", None, people)
            i = j


def _headline_segments(work: _Work) -> set[int]:
    """Segments written in title case (headlines, "Baca juga: ..." links)."""
    total: Counter[int] = Counter()
    caps: Counter[int] = Counter()
    for n, w in enumerate(work.words):
        if w.isalpha():
            total[work.seg[n]] += 1
            if w[:1].isupper():
                caps[work.seg[n]] += 1
    return {s for s, t in total.items() if s != -1 and t >= 5 and caps[s] / t >= 0.7}


def _org_country(work: _Work) -> None:
    """An unknown organisation followed by a country belongs to it ("Kementerian ... AS")."""
    for c in work.cands:
        if c.i >= c.j or c.label != "ORG" or c.country or c.source not in ("caps", "ner"):
            continue
        nxt = work.cand_at(c.j)
        if nxt is not None and nxt.source == "country" and work.same_seg(c.i, c.j):
            c.country = nxt.country


def _cap_token(w: str) -> bool:
    if w[:1].isupper() and any(c.isalpha() for c in w):
        return True
    # al-Sudani, el-Sisi, bin-Salman
    head, sep, tail = w.partition("-")
    return bool(sep) and head.lower() in _NAME_PARTICLES and tail[:1].isupper()


def _free_runs(work: _Work, i: int, j: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    a = None
    for k in range(i, j):
        if work.covered[k] == -1 and work.words[k][:1].isalnum():
            if a is None:
                a = k
        else:
            if a is not None:
                out.append((a, k))
            a = None
    if a is not None:
        out.append((a, j))
    return out


def _trim(work: _Work, i: int, j: int) -> tuple[int, int]:
    """Drop leading titles, function words and sentence-initial common words."""
    lex = work.lex
    changed = True
    while i < j and changed:
        changed = False
        m = lex.roles_at(work.lower, i, ("title", "former"))
        if m is not None and i + m[0] <= j:
            i += m[0]
            changed = True
            continue
        heads = work.lower[i] in lex.org_heads or (work.lower[i],) in lex.loc_heads
        if work.lower[i] in lex.nonname or (
            work.seg_start(i) and work.is_common(i) and not (heads and j - i > 1)
        ):
            i += 1
            changed = True
            continue
        if not _cap_token(work.words[i]):
            i += 1
            changed = True
    while j > i and (work.lower[j - 1] in lex.nonname or not work.words[j - 1][:1].isalnum()):
        j -= 1
    return i, j


def _add_unknown(
    work: _Work, i: int, j: int, source: str, ner_label: str | None, people: _People
) -> None:
    lex = work.lex
    words = work.lower[i:j]
    n = j - i
    # a lone word that opens its sentence and never appears capitalised elsewhere
    if n == 1 and work.seg_start(i) and not work.mid_caps.get(work.words[i]) and ner_label is None:
        return
    if n == 1:
        w = work.words[i]
        if any(ch.isdigit() for ch in w):
            return
        parts = w.split("-")
        if len(parts) > 1 and all(p[:1].isupper() for p in parts):
            return  # "Palestina-Israel"
        if work.is_common(i) and not w.isupper():
            return
    # a run of ordinary words in title case (an event or programme name), unless it is
    # headed like an organisation or place
    head_org = words[0] in lex.org_heads or words[-1] in lex.org_tails
    head_loc = None
    for k in range(min(2, n), 0, -1):
        if tuple(words[:k]) in lex.loc_heads and n > k:
            head_loc = (k, lex.loc_heads[tuple(words[:k])])
            break
    if (
        ner_label is None
        and not head_org
        and head_loc is None
        and all(work.is_common(k) for k in range(i, j))
    ):
        return
    label: str
    country: str | None = None
    k = i - 1
    while (o := work.cand_at(k)) is not None and o.label in ("GPE", "ORG") and o.i < o.j:
        k = o.i - 1  # "Menteri Luar Negeri Yordania <name>"
    title_before = work.same_seg(k, i) and (lex.roles_ending(work.lower, k, ("title",)) is not None)
    surface = work.text(i, j)
    prev = work.lower[i - 1] if work.same_seg(i - 1, i) else ""
    dl = work.doc.dateline
    if work.seg[i] == -1 and dl is not None and dl.source and surface == dl.source:
        # the news outlet named in the dateline
        key = f"name:ORG:{surface.lower()}"
        work.add(Cand(i, j, "ORG", source, key=key, name=surface, sector="MED"))
        return
    if title_before and not head_org and head_loc is None:
        label = "PER"
    elif head_loc is not None:
        label = head_loc[1]
        rest = work.text(i + head_loc[0], j)
        country = geonames_lookup(rest)
    elif (
        head_org
        or ner_label == "ORG"
        or (n == 1 and work.words[i].isupper() and len(work.words[i]) >= 2)
    ):
        label = "ORG"
    elif ner_label == "PER" or title_before:
        label = "PER"
    elif ner_label == "LOC" or (prev in _LOCATIVE and n <= 3):
        country = largest_place_country(surface, work.lang) or geonames_lookup(surface)
        label = "GPE" if country else "LOC"
    elif n == 1 and (work.lower[i] in given_names() or people.has(work, i)):
        label = "PER"  # "Kim said": a name, not a town called Kim
    else:
        country = geonames_lookup(surface) if n <= 3 else None
        label = "GPE" if country else "PER"
    sector = None
    if label == "ORG" and work.lang == "en":
        sector = tail_sector(lex, work.lower[i:j])  # "Foreign Ministry" = GOV
    key = f"name:{label}:{surface.lower()}"
    work.add(Cand(i, j, label, source, key=key, name=surface, country=country, sector=sector))


class _People:
    """The words of the people a pass over the document has found so far, read from the
    candidates added since the last question (a pass only adds candidates), so that each
    question costs the new candidates, not all of them."""

    __slots__ = ("seen", "words")

    def __init__(self) -> None:
        self.seen = 0
        self.words: set[str] = set()

    def has(self, work: _Work, i: int) -> bool:
        """Whether word ``i`` is a word of a person's name found in the document so far."""
        for c in work.cands[self.seen :]:
            if c.i < c.j and c.label == "PER":
                self.words.update(work.lower[c.i : c.j])
                self.words.update((c.name or "").lower().split())
        self.seen = len(work.cands)
        return work.lower[i] in self.words


# -- linking -------------------------------------------------------------------------------


def _metonymy(work: _Work) -> None:
    """Capitals acting as the state join the country; capitals as places are cities."""
    for c in work.cands:
        if c.source != "capital" or c.i >= c.j:
            continue
        prev = work.lower[c.i - 1] if work.same_seg(c.i - 1, c.i) else ""
        prev2 = " ".join(work.lower[c.i - 2 : c.i]) if work.same_seg(c.i - 2, c.i) else ""
        locative = work.seg[c.i] == -1 or prev in _LOCATIVE or prev2 == "ibu kota"
        iso = c.country or ""
        if locative:
            c.key = f"city:{iso}:{c.name}"
            c.sector = None
        else:
            c.key = f"country:{iso}"
            c.name = work.lex.country_names.get(iso, c.name)
            c.qid = work.lex.country_qids.get(iso)
            c.sector = "GOV"


def _acronyms(work: _Work) -> None:
    """ "Unit Mobilisasi Populer (PMU)": the acronym and the name are one entity."""
    n_tok = len(work.toks)
    for idx in range(len(work.cands)):
        c = work.cands[idx]
        if c.i >= c.j or c.label not in ("ORG",) or c.j + 2 >= n_tok:
            continue
        if work.words[c.j] != "(" or work.words[c.j + 2] != ")":
            continue
        acr = work.words[c.j + 1]
        if not (2 <= len(acr) <= 10 and acr.replace("-", "").isalnum() and acr.isupper()):
            continue
        a = work.cand_at(c.j + 1)
        if a is not None and a.source in ("kb",) and c.source in ("caps", "ner"):
            _adopt(c, a)
            continue
        if a is not None and a.source in ("caps", "ner"):
            work.remove(work.covered[c.j + 1])
            a = None
        if a is None:
            work.add(Cand(c.j + 1, c.j + 2, c.label, "acronym"))
            a = work.cand_at(c.j + 1)
            assert a is not None
        if a.source in ("acronym",):
            _adopt(a, c)
        # every other occurrence of the acronym
        for k in range(n_tok):
            if work.words[k] != acr:
                continue
            o = work.cand_at(k)
            if o is None:
                work.add(Cand(k, k + 1, c.label, "acronym"))
                o = work.cand_at(k)
            if o is not None and o.source in ("acronym", "caps", "ner") and o.j - o.i == 1:
                _adopt(o, c)


def _adopt(dst: Cand, src: Cand) -> None:
    dst.key, dst.name, dst.label = src.key, src.name, src.label
    dst.country, dst.sector, dst.qid = src.country, src.sector, src.qid


def _roles(work: _Work) -> None:
    """The title words before a person name give the role, sector and country."""
    lex = work.lex
    for c in work.cands:
        if c.i >= c.j or c.label != "PER":
            continue
        k = c.i - 1
        zone_start = None
        first_title: tuple[int, Any] | None = None
        commas = 0
        titles: list[tuple[int, Any]] = []
        skipped = c.i  # the leftmost country or organisation walked over
        while k >= 0 and work.same_seg(k, c.i) and c.i - k <= 18:
            o = work.cand_at(k)
            if o is not None and o is not c and o.label in ("GPE", "ORG") and o.i < o.j:
                skipped = o.i
                k = o.i - 1
                continue
            m = lex.roles_ending(work.lower, k, ("title", "former"))
            if m is not None:
                n, role = m
                titles.append((k - n + 1, role))
                zone_start = k - n + 1
                k -= n
                continue
            w = work.lower[k]
            if w in _ROLE_CONNECTORS:
                if w == ",":
                    commas += 1
                    if commas > 1:
                        break
                k -= 1
                continue
            break
        if zone_start is None:
            continue
        titles.sort(key=lambda t: t[0])
        first_title = titles[0]
        role_text = work.text(zone_start, c.i).rstrip(" ,(")
        former = any(r.kind == "former" for _, r in titles)
        head_roles = [r for _, r in titles if r.kind == "title"]
        country = None
        org_sector = None
        # English names the owner before the title ("Iraqi Foreign Minister X", "Hamas
        # leader X"); Indonesian after it ("Menteri Luar Negeri Irak X")
        scan_from = min(skipped, first_title[0]) if work.lang == "en" else first_title[0]
        for n in range(scan_from, c.i):
            o = work.cand_at(n)
            if o is None or o is c:
                continue
            if country is None and o.country:
                country = o.country
            if org_sector is None and o.label == "ORG" and o.sector:
                org_sector = o.sector
        sector = None
        if former:
            sector = "ELI"
        elif head_roles:
            head = head_roles[0]
            sector = org_sector if head.generic and org_sector else head.sector
            if org_sector in ("REB", "MIL", "SPY", "PTY", "IGO") and head.generic:
                sector = org_sector
        c.role = role_text or None
        c.role_sector = sector
        c.role_country = country


def _person_coref(work: _Work) -> None:
    """Partial names join the longer name they are part of ("Soleimani" -> "Qassem ...")."""
    pers = [c for c in work.cands if c.i < c.j and c.label == "PER"]
    clusters: list[tuple[str, frozenset[str], Cand]] = []
    for c in sorted(pers, key=lambda c: (-(c.j - c.i), c.i)):
        toks = frozenset(
            w for w in work.lower[c.i : c.j] if w not in _NAME_PARTICLES and w.isalpha()
        ) | frozenset(work.lower[c.i : c.j])
        if c.source in ("kb", "kbshort"):
            name_toks = frozenset(w.lower() for w in (c.name or "").split())
            if not any(k == c.key for k, _, _ in clusters):
                clusters.append((c.key or "", name_toks | toks, c))
            continue
        best = None
        for key, ctoks, rep in clusters:
            if toks <= ctoks:
                dist = abs(rep.i - c.i)
                if best is None or dist < best[0]:
                    best = (dist, key, rep)
        if best is not None:
            _, key, rep = best
            c.key = key
            if rep.source in ("kb", "kbshort"):
                c.name, c.country, c.sector, c.qid = rep.name, rep.country, rep.sector, rep.qid
            continue
        clusters.append((c.key or "", toks, c))


def _descriptions(work: _Work) -> None:
    """ "kementerian tersebut" refers to the last organisation headed "Kementerian"."""
    heads, dets = _definite(work.lang)
    n_tok = len(work.toks)
    for i in range(n_tok):
        if work.covered[i] != -1:
            continue
        if work.lang == "en":
            if work.lower[i] not in dets:
                continue
            k = i + 1
            while k < n_tok and work.lower[k] not in heads and k - i <= 2:
                k += 1
            if k >= n_tok or work.lower[k] not in heads:
                continue
            head, start, end = work.lower[k], i, k + 1
        else:
            head = work.lower[i]
            if head not in heads:
                continue
            match, mods = heads[head]
            k = i + 1
            if k < n_tok and work.lower[k] in mods:
                k += 1
            if k >= n_tok or work.lower[k] not in dets:
                continue
            start, end = i, k + 1
        if not work.same_seg(start, end - 1) or not work.free(start, end):
            continue
        match, _ = heads[head]
        target = None
        for c in work.cands:
            if c.i >= c.j or c.i >= start or c.label != "ORG" or c.source == "desc":
                continue
            if match == "name":
                ok = (c.name or "").split(" ")[0].lower() == head
            else:
                ok = c.sector == match.partition(":")[2]
            if ok and (target is None or c.i > target.i):
                target = c
        if target is None:
            continue
        d = Cand(start, end, "ORG", "desc")
        _adopt(d, target)
        work.add(d)


def _state_mentions(work: _Work) -> Iterator[str | None]:
    """The state of every place mention (:func:`place_state`: a GPE's country, a LOC the
    gazetteer puts in one country, "Alaska"), for the article's home country."""
    for c in work.cands:
        if c.i < c.j:
            yield place_state(c.label, c.country, work.text(c.i, c.j), work.lang)
        elif c.label == "GPE":  # an absorbed GPE's country still counts
            yield c.country


def _build(work: _Work) -> tuple[Entity, ...]:
    kb_states = (known_state(c.qid, c.label, c.country) for c in work.cands)
    home = choose_home(_state_mentions(work), kb_states, work.lex.lang)
    generic = generic_kb_ids()
    groups: dict[str, list[Cand]] = {}
    for c in work.cands:
        if c.i >= c.j:
            continue
        key = c.key or f"name:{c.label}:{work.text(c.i, c.j).lower()}"
        groups.setdefault(key, []).append(c)
    items = sorted(groups.items(), key=lambda kv: min(work.toks[c.i].start for c in kv[1]))
    out: list[Entity] = []
    for n, (_key, cs) in enumerate(items, 1):
        cs.sort(key=lambda c: work.toks[c.i].start)
        known = [c for c in cs if c.source in ("kb", "kbshort", "country", "capital", "region")]
        rep = known[0] if known else max(cs, key=lambda c: (c.j - c.i, -c.i))
        labels = Counter(c.label for c in cs)
        label = rep.label if known else labels.most_common(1)[0][0]
        name = rep.name or work.text(rep.i, rep.j)
        if not known and label == "PER":
            longest = max(cs, key=lambda c: (c.j - c.i, -c.i))
            name = work.text(longest.i, longest.j)
        roled = [c for c in cs if c.role]
        country = next((c.country for c in cs if c.country), None)
        sector = next((c.sector for c in cs if c.sector), None)
        role = roled[0].role if roled else None
        if label == "PER" and roled:
            rc = next((c.role_country for c in roled if c.role_country), None)
            rs = next((c.role_sector for c in roled if c.role_sector), None)
            country = rc or country
            sector = rs or sector
        if country is None and not known and label in ("PER", "ORG"):
            country = home  # no knowledge-base entry, role or place gives one
        elif known and (rep.key or "").removeprefix("kb:") in generic and home is not None:
            country = home
        qid = next((c.qid for c in cs if c.qid), None)
        mentions = tuple(
            sorted(
                {Mention(work.toks[c.i].start, work.toks[c.j - 1].end) for c in cs},
                key=lambda m: (m.start, m.end),
            )
        )
        out.append(
            Entity(
                id=f"e{n}",
                name=name,
                type=label,
                mentions=mentions,
                country=country,
                sector=sector,
                role=role,
                kb_id=qid,
            )
        )
    return tuple(out)


def extract_entities(
    doc: Doc, *, lang: str | None = None, tagger: NerTagger | bool | None = True
) -> tuple[Entity, ...]:
    """The entities of ``doc`` (needs sentences and tokens).

    ``tagger`` is the statistical tagger to use: ``True`` for the packaged one of the
    language, ``None``/``False`` for lexicons and rules only, or any :class:`NerTagger`.
    """
    lang = lang or doc.language or "id"
    lang = "en" if lang == "en" else "id"
    work = _Work(doc, lang)
    ner: NerTagger | None
    if tagger is True:
        ner = get_ner(lang)
    elif tagger is False or tagger is None:
        ner = None
    else:
        ner = tagger
    sources: list[CandidateSource] = [
        LexiconSource(),
        InstitutionSource(),
        NerSource(ner),
        CapsSource(),
    ]
    for src in sources:
        src.propose(work)
    _metonymy(work)
    _org_country(work)
    _acronyms(work)
    _roles(work)
    _person_coref(work)
    _descriptions(work)
    return _build(work)


class EntityStage(BaseStage):
    name = "warta.entities"
    version = 1
    requires = ("sentences", "tokens")
    assigns = ("entities",)

    def __init__(self, use_ner: bool = True) -> None:
        self.use_ner = use_ner

    def __call__(self, doc: Doc) -> Doc:
        return doc.replace(entities=extract_entities(doc, tagger=True if self.use_ner else None))


@register(EntityStage.name)
def _make_entities(settings: Mapping[str, Any]) -> EntityStage:
    return EntityStage(use_ner=bool(settings.get("ner", True)))
