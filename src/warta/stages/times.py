"""Time expressions (Indonesian and English) resolved against the publication date.

The grammar's words (month and weekday names, number words, units, cue words) are data in
``resources/id/time.json`` and ``resources/en/time.json``; both files are merged, so an
English phrase in an Indonesian article is still read. This module holds the patterns
built from those words and the resolution rules. Decisions (all general rules):

* A bare weekday ("pada hari Kamis", "on Thursday") is the most recent such weekday **on or
  before** the publication date: the publication day itself counts, because Indonesian
  online news routinely names the current day ("Jakarta, Kamis (7/12)") in same-day
  reports. A future cue ("akan", "mendatang", "depan", "next", "will" just before) picks
  the next one strictly after publication; "lalu"/"last" the most recent strictly before.
* A month without a year ("pada bulan Agustus") is the most recent such month on or before
  the publication month ("Agustus lalu": strictly before); a future cue picks the next.
* A day and month without year ("28 Januari", "Senin (27/3)") take the year that puts the
  date on or before publication; when a weekday is written, the year whose calendar
  matches that weekday wins, nearest to publication.
* Periods longer than a day that are not a named day, month or year ("pekan lalu", a date
  range "16 hingga 19 Januari 2017", "Januari-Juni 2017") get the smallest calendar unit
  that contains them: month if inside one month, else year, else no value.
  "akhir pekan lalu" (last weekend) is coded by its first day, Saturday.
* Relative expressions anchored on another event ("lima tahun sebelumnya", "beberapa hari
  setelah ...") have ``anchor="event"``; with an exact count they are resolved against the
  nearest earlier time expression with a value in the same or the previous sentence,
  otherwise the value is ``None`` (granularity unknown).
* Vague expressions ("kini", "saat ini", "baru-baru ini", "beberapa tahun lalu", "dalam
  beberapa hari mendatang", decades "1970-an") are kept as spans with ``value=None``,
  granularity ``unknown`` and a direction.
* ``anchor`` is ``"published"`` when the publication date was needed to resolve the value,
  ``"event"`` for event-relative expressions, ``None`` for absolute dates.

Spans include a leading preposition that belongs to the expression ("pada", "sejak",
"sepanjang", "on", "in", "since") and a trailing day part ("Senin malam").
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from warta import resources
from warta.model import Doc, Granularity, Sentence, Span, Time
from warta.pipeline import register
from warta.stages._base import BaseStage
from warta.stages._lexicon import alternation, merge_lexicons, norm

__all__ = ["TimeStage", "find_times", "governing_time"]

Direction = Literal["past", "present", "future"]

_L = r"(?<![\w'’])"
_R = r"(?![\w])"


@dataclass(frozen=True)
class _Grammar:
    data: Mapping[str, Any]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    months: Mapping[str, int]
    month_abbrevs: frozenset[str]
    en_months: frozenset[str]
    ambiguous_months: frozenset[str]
    weekdays: Mapping[str, int]
    weekday_also_unit: frozenset[str]
    numbers: Mapping[str, int]
    units: Mapping[str, str]
    period_parts: Mapping[str, str]
    weekend_words: frozenset[str]
    counted_relations: Mapping[str, str]
    within_relations: Mapping[str, str]
    within_cues: Mapping[str, str]
    unit_deictics: Mapping[str, int]
    pre_deictics: Mapping[str, int]
    month_posts: Mapping[str, str]
    month_year_posts: Mapping[str, int]
    weekday_posts: Mapping[str, str]
    deictic_days: Mapping[str, int | None]
    vague: Mapping[str, str]
    context_before: frozenset[str]
    habitual: frozenset[str]
    future_markers: frozenset[str]
    bare_year_followers: frozenset[str]
    year_blockers: frozenset[str]


@functools.cache
def _grammar() -> _Grammar:
    en = resources.load_json("en/time.json")
    data = merge_lexicons(resources.load_json("id/time.json"), en)
    g = data.get
    months: dict[str, int] = g("months", {})
    abbrevs = frozenset(g("month_abbreviations", []))
    full_months = [m for m in months if m not in abbrevs]
    en_months = frozenset(norm(m) for m in en["months"])
    weekdays: dict[str, int] = g("weekdays", {})
    numbers: dict[str, int] = g("numbers", {})
    units: dict[str, str] = g("units", {})
    parts: dict[str, str] = g("period_parts", {})

    prep = rf"(?:(?P<prep>{alternation(g('prefixes', []))})\s+)?"
    wd = alternation(weekdays)
    mon_all = alternation(months)
    mon_full = alternation(full_months)
    mon_abbr = alternation(abbrevs)
    mon_en = alternation(en_months)
    num = rf"(?:\d{{1,3}}|{alternation(numbers)}|{alternation(g('vague_numbers', []))})"
    unit = alternation(units)
    dp = alternation(g("day_parts", []))
    part = alternation(parts)
    join = alternation(g("range_joiners", []))
    yw = alternation(g("year_words", []) or ["tahun"])
    mw = alternation(g("month_words", []) or ["bulan"])
    dayw = alternation(g("day_words", []) or ["hari"])
    datew = alternation(g("date_words", []) or ["tanggal"])
    approx = alternation(g("approximators", []))
    pre_dx = alternation(g("pre_deictics", {}) or ["last"])
    year = r"(?:1[5-9]|20)\d\d"
    mpost = alternation(
        list(g("month_posts", {})) + list(g("month_year_posts", {})) + g("year_posts", [])
    )
    se_units = alternation(g("se_units", []) or ["hari"])

    pats: list[tuple[str, str]] = [
        (
            "wd_paren",
            rf"{_L}{prep}(?:(?P<hw>{dayw})\s+)?(?P<wd>{wd})\s*,?\s*\(\s*(?P<d>\d{{1,2}})\s*[/.\-]"
            rf"\s*(?P<m>\d{{1,2}})(?:\s*[/.\-]\s*(?P<y>\d{{4}}|\d{{2}}))?\s*\)"
            rf"(?:\s+(?P<dp>{dp}){_R})?",
        ),
        (
            "date_dmy",
            rf"{_L}{prep}(?:(?P<wd>{wd})\s*,?\s+)?(?:{datew}\s+)?(?P<d>\d{{1,2}})"
            rf"(?:\s*{join}\s*(?P<d2>\d{{1,2}}))?\s+(?P<mon>{mon_all})\.?"
            rf"(?:\s*,?\s*(?:{yw}\s+)?(?P<y>{year}))?(?:\s+(?P<post>{mpost}))?{_R}",
        ),
        (
            "date_mdy",
            rf"{_L}{prep}(?:(?P<wd>{wd})\s*,?\s+)?(?P<mon>{mon_en})\.?\s+(?P<d>\d{{1,2}})"
            rf"(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>{year}))?{_R}",
        ),
        (
            "date_num",
            rf"(?<![\w/.]){prep}(?:(?P<wd>{wd})\s*,?\s*)?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/"
            rf"(?P<y>{year})(?![\w/])",
        ),
        ("date_iso", rf"(?<![\w/.-])(?P<y>{year})-(?P<m>\d\d)-(?P<d>\d\d)(?![\w-])"),
        (
            "month",
            rf"{_L}{prep}(?:(?P<dx>{pre_dx})\s+)?(?:(?P<mw>{mw})\s+)?(?:(?P<part>{part})[\s-]+)?"
            rf"(?:(?P<mw2>{mw})\s+)?(?P<mon>{mon_full})(?:\s*{join}\s*(?P<mon2>{mon_full}))?"
            rf"(?:\s*,?\s*(?:{yw}\s+)?(?P<y>{year}))?(?:\s+(?P<post>{mpost}))?{_R}",
        ),
        ("month_abbr", rf"{_L}{prep}(?P<mon>{mon_abbr})\.?\s+(?P<y>{year}){_R}"),
        (
            "year",
            rf"(?<![\w.,/$]){prep}(?:(?P<part>{part})\s+)?(?:(?P<yw>{yw})\s+)?(?P<y>{year})"
            rf"(?:\s*(?:-|–|hingga|sampai|to)\s*(?P<y2>{year}))?(?P<dec>-an|an|s|'s)?"
            rf"(?:\s+(?P<post>{alternation(g('year_posts', []) or ['lalu'])}))?(?![.,]?\d)(?!\w)",
        ),
        (
            "counted",
            rf"{_L}(?:(?P<approx>{approx})\s+)?(?:(?P<n>{num})\s+|(?P<se>se)(?={se_units}))"
            rf"(?P<unit>{unit})\s+(?:(?:yang|the)\s+)?"
            rf"(?P<rel>{alternation(g('counted_relations', {}))}){_R}",
        ),
        (
            "within",
            rf"{_L}(?P<cue>{alternation(g('within_cues', []))})"
            rf"\s+(?:(?P<n>{num})\s+)?(?P<unit>{unit})"
            rf"(?:\s+(?P<rel>{alternation(g('within_relations', {}) or ['mendatang'])}))?{_R}",
        ),
        (
            "unit_dx",
            rf"{_L}{prep}(?:(?P<part>{part})\s+)?(?:(?P<wd>{wd})\s+)?(?P<unit>{unit})\s+"
            rf"(?P<dx>{alternation(g('unit_deictics', {}))}){_R}",
        ),
        (
            "unit_predx",
            rf"{_L}(?:(?P<part>{part}|earlier|later)\s+)?(?P<pdx>{pre_dx})\s+"
            rf"(?P<unit>{alternation(list(units) + list(g('weekend_words', [])))}){_R}",
        ),
        (
            "deictic",
            rf"{_L}(?:(?P<dp>{dp})\s+)?(?P<dd>{alternation(g('deictic_days', {}))}){_R}"
            rf"(?:\s+(?P<dp2>{dp}){_R})?",
        ),
        (
            "weekday",
            rf"{_L}{prep}(?:(?P<pdx>{pre_dx})\s+)?(?:(?P<hw>{dayw})\s+)?(?P<wd>{wd})"
            rf"(?:\s+(?P<post>{alternation(g('weekday_posts', {}) or ['lalu'])}))?"
            rf"(?:\s+(?P<dp>{dp}))?{_R}",
        ),
        ("dp_anaphor", rf"{_L}(?:pada\s+)?(?P<dp>{dp})\s+(?:hari\s+)?(?:itu|tersebut){_R}"),
        ("vague", rf"{_L}(?P<vg>{alternation(g('vague', {}))}){_R}"),
    ]
    return _Grammar(
        data=data,
        patterns=tuple((k, re.compile(p, re.IGNORECASE)) for k, p in pats),
        months=months,
        month_abbrevs=abbrevs,
        en_months=en_months,
        ambiguous_months=frozenset(g("ambiguous_months", [])),
        weekdays=weekdays,
        weekday_also_unit=frozenset(g("weekday_also_unit", [])),
        numbers=numbers,
        units=units,
        period_parts=parts,
        weekend_words=frozenset(g("weekend_words", [])),
        counted_relations=g("counted_relations", {}),
        within_relations=g("within_relations", {}),
        within_cues={
            c: ("past" if c.split()[-1] in ("past", "last") else "future")
            for c in g("within_cues", [])
        },
        unit_deictics=g("unit_deictics", {}),
        pre_deictics=g("pre_deictics", {}),
        month_posts=g("month_posts", {}),
        month_year_posts=g("month_year_posts", {}),
        weekday_posts=g("weekday_posts", {}),
        deictic_days=g("deictic_days", {}),
        vague=g("vague", {}),
        context_before=frozenset(g("context_before", [])),
        habitual=frozenset(g("habitual", [])),
        future_markers=frozenset(g("future_markers", [])),
        bare_year_followers=frozenset(g("bare_year_followers", [])),
        year_blockers=frozenset(g("year_blockers_before", [])),
    )


# -- calendar helpers -----------------------------------------------------------------------


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date:
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _containing(lo: dt.date, hi: dt.date) -> tuple[str | None, Granularity]:
    """The smallest calendar unit (day, month, year) that contains ``[lo, hi]``."""
    if lo == hi:
        return lo.isoformat(), "day"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.year:04d}-{lo.month:02d}", "month"
    if lo.year == hi.year:
        return f"{lo.year:04d}", "year"
    return None, "unknown"


def _interval(value: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        d = dt.date(*parts)
        return d, d
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), _month_end(parts[0], parts[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    mon = day - dt.timedelta(days=day.weekday())
    return mon, mon + dt.timedelta(days=6)


def _shift(day: dt.date, unit: str, n: int) -> tuple[str | None, Granularity]:
    """``day`` moved by ``n`` units, at the unit's own precision."""
    if unit == "day":
        d = day + dt.timedelta(days=n)
        return d.isoformat(), "day"
    if unit == "week":
        return _containing(*_week(day + dt.timedelta(days=7 * n)))
    if unit == "month":
        y, m = _add_months(day.year, day.month, n)
        return f"{y:04d}-{m:02d}", "month"
    if unit == "year":
        return f"{day.year + n:04d}", "year"
    return None, "unknown"


def _pick(cands: list[dt.date], pub: dt.date, mode: str) -> dt.date | None:
    """Choose among candidate dates: ``past`` (on or before), ``strict_past``, ``future``
    (on or after), ``strict_future`` or ``near``; falls back to the nearest."""
    if not cands:
        return None
    tests = {
        "past": lambda d: d <= pub,
        "strict_past": lambda d: d < pub,
        "future": lambda d: d >= pub,
        "strict_future": lambda d: d > pub,
    }
    ok = [d for d in cands if tests[mode](d)] if mode in tests else []
    if ok:
        return max(ok) if "past" in mode else min(ok)
    return min(cands, key=lambda d: (abs((d - pub).days), d > pub))


# -- candidates -------------------------------------------------------------------------------


@dataclass
class _Cand:
    kind: str
    start: int
    end: int
    m: re.Match[str]
    sent: Sentence


def _words_before(text: str, lo: int, pos: int, n: int) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w'’$]+", text[max(lo, pos - 80) : pos])][-n:]


def _word_after(text: str, pos: int, hi: int) -> str:
    m = re.match(r"\s*(\S+)", text[pos:hi])
    return m.group(1) if m else ""


def _accept(c: _Cand, text: str, g: _Grammar) -> bool:
    m, gd = c.m, c.m.groupdict()
    if c.kind in ("wd_paren", "date_dmy", "date_mdy", "date_num", "weekday") and gd.get("wd"):
        wd_text = m.group("wd")
        if c.kind == "weekday":
            if not (wd_text[0].isupper() or gd.get("hw")):
                return False
            if (
                norm(wd_text) in g.weekday_also_unit
                and not gd.get("hw")
                and (gd.get("post") and norm(gd["post"]) in g.unit_deictics)
            ):
                return False
    if c.kind == "month":
        mon = norm(m.group("mon"))
        cued = any(gd.get(k) for k in ("prep", "dx", "mw", "mw2", "part", "y", "post", "mon2"))
        before = _words_before(text, c.sent.start, c.start, 1)
        if not cued and not (before and before[-1] in g.context_before):
            return False
        if not (gd.get("mw") or gd.get("mw2")) and not m.group("mon")[0].isupper():
            return False
        if mon in g.ambiguous_months and not (gd.get("y") or gd.get("prep") or gd.get("dx")):
            return False
    if c.kind == "year":
        cued = any(gd.get(k) for k in ("prep", "part", "yw", "post", "dec", "y2"))
        if gd.get("dec") and not m.group("y").endswith("0"):
            return False
        if not cued:
            before = _words_before(text, c.sent.start, c.start, 1)
            if before and (before[-1] in g.year_blockers or before[-1].isdigit()):
                return False
            nxt = _word_after(text, c.end, c.sent.end)
            prev = re.search(r"(\w[\w'’-]*)\s+$", text[c.sent.start : c.start])
            # "Pilpres 2019", "anggaran PBB 2018": a name followed by a year
            named = prev is not None and prev.start(1) > 0 and prev.group(1)[0].isupper()
            if nxt and nxt[0].isalpha() and nxt[0].islower() and not named:
                word = re.match(r"[\w'’-]+", nxt)
                if not word or word.group(0).lower() not in g.bare_year_followers:
                    return False
            if nxt.startswith("%"):
                return False
    if c.kind == "within":
        cue = norm(m.group("cue"))
        if not gd.get("rel") and len(cue.split()) < 2 and cue != "within":
            return False
    return True


_PRIORITY = {
    "wd_paren": 0,
    "date_num": 0,
    "date_iso": 0,
    "date_dmy": 1,
    "date_mdy": 1,
    "month": 2,
    "month_abbr": 2,
    "counted": 3,
    "within": 3,
    "unit_dx": 3,
    "unit_predx": 3,
    "year": 4,
    "deictic": 5,
    "weekday": 6,
    "dp_anaphor": 7,
    "vague": 8,
}


#: patterns whose every match contains a digit (``\\d`` or a year): skipped in sentences
#: without one, which cannot change the result
_NEED_DIGIT = frozenset(
    {"wd_paren", "date_dmy", "date_mdy", "date_num", "date_iso", "month_abbr", "year"}
)
_DIGIT = re.compile(r"\d")


def _candidates(text: str, sentences: Iterable[Sentence], g: _Grammar) -> list[_Cand]:
    found: list[_Cand] = []
    for sent in sentences:
        digits = _DIGIT.search(text, sent.start, sent.end) is not None
        for kind, pat in g.patterns:
            if not digits and kind in _NEED_DIGIT:
                continue
            for m in pat.finditer(text, sent.start, sent.end):
                if m.end() <= m.start():
                    continue
                c = _Cand(kind, m.start(), m.end(), m, sent)
                if _accept(c, text, g):
                    found.append(c)
    found.sort(key=lambda c: (-(c.end - c.start), _PRIORITY[c.kind], c.start))
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []  # sorted, never overlapping: two neighbours to check
    for c in found:
        k = bisect.bisect_left(taken, (c.end,))
        if k > 0 and taken[k - 1][1] > c.start:
            continue
        chosen.append(c)
        bisect.insort(taken, (c.start, c.end))
    chosen.sort(key=lambda c: c.start)
    return chosen


# -- resolution -------------------------------------------------------------------------------


@dataclass
class _Ctx:
    text: str
    pub: dt.date | None
    g: _Grammar
    resolved: list[Time]
    sentences: list[Sentence]


def _future_ctx(c: _Cand, ctx: _Ctx) -> bool:
    words = _words_before(ctx.text, c.sent.start, c.start, 5)
    return any(w in ctx.g.future_markers for w in words)


def _habitual_ctx(c: _Cand, ctx: _Ctx) -> bool:
    words = _words_before(ctx.text, c.sent.start, c.start, 8)
    return any(w in ctx.g.habitual for w in words)


def _year_of(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


def _month_mode(post: str | None, c: _Cand, ctx: _Ctx) -> str:
    if post:
        kind = ctx.g.month_posts.get(norm(post))
        if kind == "past":
            return "strict_past"
        if kind == "future":
            return "strict_future"
        if kind == "current":
            return "near"
    return "future" if _future_ctx(c, ctx) else "past"


def _day_month(
    c: _Cand, ctx: _Ctx, d: int, mon: int, y: str | None, wd: int | None, post: str | None
) -> tuple[str | None, Granularity, str | None]:
    if y:
        day = _date(_year_of(y), mon, d)
        return (day.isoformat(), "day", None) if day else (None, "unknown", None)
    if ctx.pub is None:
        return None, "unknown", "published"
    cands = [x for x in (_date(ctx.pub.year + k, mon, d) for k in (-1, 0, 1)) if x]
    if wd is not None:
        # the written weekday picks the year, among dates within half a year of publication
        match = [x for x in cands if x.weekday() == wd and abs((x - ctx.pub).days) <= 183]
        if match:
            best = min(match, key=lambda x: abs((x - ctx.pub).days))  # type: ignore[operator]
            return best.isoformat(), "day", "published"
    best2 = _pick(cands, ctx.pub, _month_mode(post, c, ctx))
    return (best2.isoformat(), "day", "published") if best2 else (None, "unknown", "published")


def _resolve(c: _Cand, ctx: _Ctx) -> tuple[str | None, Granularity, str | None, Direction | None]:
    """(value, granularity, anchor, direction hint for valueless expressions)."""
    g, pub, m = ctx.g, ctx.pub, c.m
    gd = m.groupdict()
    kind = c.kind
    wd = g.weekdays.get(norm(gd["wd"])) if gd.get("wd") else None

    if kind in ("wd_paren", "date_num", "date_iso"):
        val, gran, anchor = _day_month(c, ctx, int(gd["d"]), int(gd["m"]), gd.get("y"), wd, None)
        return val, gran, anchor, None

    if kind in ("date_dmy", "date_mdy"):
        mon = g.months[norm(gd["mon"])]
        post = gd.get("post")
        y = gd.get("y")
        if post and norm(post) in g.month_year_posts and pub and not y:
            y = str(pub.year + g.month_year_posts[norm(post)])
            post = None
        val, gran, anchor = _day_month(c, ctx, int(gd["d"]), mon, y, wd, post)
        if gd.get("d2") and val:
            lo = _interval(val)[0]
            hi = _date(lo.year, lo.month, int(gd["d2"]))
            if hi and hi >= lo:
                val, gran = _containing(lo, hi)
        return val, gran, anchor, None

    if kind in ("month", "month_abbr"):
        mon = g.months[norm(gd["mon"])]
        mon2 = g.months[norm(gd["mon2"])] if gd.get("mon2") else None
        m_post = norm(gd["post"]) if gd.get("post") else None
        m_anchor: str | None = None
        if gd.get("y"):
            year: int | None = int(gd["y"])
        elif m_post is not None and m_post in g.month_year_posts:
            year = pub.year + g.month_year_posts[m_post] if pub else None
            m_anchor = "published"
        elif _habitual_ctx(c, ctx):
            return None, "unknown", None, None
        elif pub is None:
            return None, "unknown", "published", None
        else:
            m_anchor = "published"
            mode = _month_mode(m_post, c, ctx)
            if gd.get("dx"):
                mode = {-1: "strict_past", 0: "near", 1: "strict_future"}[
                    g.pre_deictics.get(norm(gd["dx"]), 0)
                ]
            cands = [dt.date(pub.year + k, mon, 1) for k in (-1, 0, 1)]
            first = dt.date(pub.year, pub.month, 1)
            best = _pick(cands, first, mode)
            year = best.year if best else None
        if year is None:
            return None, "unknown", m_anchor, None
        if mon2 is not None:
            y2 = year if mon2 >= mon else year + 1
            val, gran = _containing(dt.date(year, mon, 1), _month_end(y2, mon2))
            return val, gran, m_anchor, None
        return f"{year:04d}-{mon:02d}", "month", m_anchor, None

    if kind == "year":
        y = int(gd["y"])
        if gd.get("dec"):
            return None, "unknown", None, "past"
        if gd.get("y2"):
            y2 = int(gd["y2"])
            if y2 != y:
                return None, "unknown", None, None
        return f"{y:04d}", "year", None, None

    if kind == "counted":
        unit = g.units[norm(gd["unit"])]
        rel = g.counted_relations[norm(gd["rel"])]
        n: int | None = 1 if gd.get("se") else _number(gd.get("n"), g)
        if rel in ("before", "after"):
            base = _anchor_time(c, ctx)
            if n is None or base is None:
                return None, "unknown", "event", "past" if rel == "before" else None
            sign = -1 if rel == "before" else 1
            val, gran = _shift_value(base, unit, sign * n)
            return val, gran, "event", None
        sign = -1 if rel == "past" else 1
        if n is None or pub is None:
            return None, "unknown", "published", "past" if sign < 0 else "future"
        val, gran = _shift(pub, unit, sign * n)
        return val, gran, "published", "past" if sign < 0 else "future"

    if kind == "within":
        wrel = gd.get("rel")
        cue = norm(gd["cue"])
        direction: Direction = "future"
        if wrel:
            direction = "past" if g.within_relations.get(norm(wrel)) == "past" else "future"
        elif g.within_cues.get(cue) == "past":
            direction = "past"
        return None, "unknown", "published", direction

    if kind in ("unit_dx", "unit_predx"):
        unit = g.units.get(norm(gd["unit"]), "weekend")
        if kind == "unit_dx":
            k = g.unit_deictics[norm(gd["dx"])]
        else:
            k = g.pre_deictics[norm(gd["pdx"])]
        part = g.period_parts.get(norm(gd["part"])) if gd.get("part") else None
        if norm(gd["unit"]) in g.weekend_words or (unit == "week" and part == "end"):
            unit, wd = "week", 5
        if pub is None:
            return None, "unknown", "published", "past" if k < 0 else "future"
        if unit == "week":
            mon_, sun_ = _week(pub + dt.timedelta(days=7 * k))
            hint: Direction = "past" if k < 0 else "future" if k > 0 else "present"
            if wd is not None:
                return (mon_ + dt.timedelta(days=wd)).isoformat(), "day", "published", None
            val, gran = _containing(mon_, sun_)
            return val, gran, "published", hint
        if unit in ("month", "year", "day"):
            val, gran = _shift(pub, unit, k)
            return val, gran, "published", None
        return None, "unknown", "published", "past" if k < 0 else "future"

    if kind == "deictic":
        off = g.deictic_days.get(norm(gd["dd"]))
        if off is None:
            return None, "unknown", "event", None
        if pub is None:
            return None, "unknown", "published", None
        return (pub + dt.timedelta(days=off)).isoformat(), "day", "published", None

    if kind == "weekday":
        assert wd is not None
        if pub is None:
            return None, "unknown", "published", None
        if _habitual_ctx(c, ctx):
            return None, "unknown", None, None
        mode = "past"
        if gd.get("pdx"):
            mode = {-1: "strict_past", 0: "near", 1: "strict_future"}[
                g.pre_deictics.get(norm(gd["pdx"]), 0)
            ]
        elif gd.get("post"):
            mode = {"past": "strict_past", "future": "strict_future", "near": "near"}.get(
                g.weekday_posts.get(norm(gd["post"]), "past"), "past"
            )
        elif _future_ctx(c, ctx):
            mode = "strict_future"
        cands = [pub + dt.timedelta(days=k) for k in range(-7, 8)]
        cands = [x for x in cands if x.weekday() == wd]
        best = _pick(cands, pub, mode)
        return (best.isoformat() if best else None), "day", "published", None

    if kind == "dp_anaphor":
        for t in reversed(ctx.resolved):
            if t.granularity == "day" and t.value:
                return t.value, "day", "event", None
        return None, "unknown", "event", None

    # vague
    direction_v = g.vague.get(norm(gd["vg"]), "past")
    return None, "unknown", None, direction_v  # type: ignore[return-value]


def _number(s: str | None, g: _Grammar) -> int | None:
    if not s:
        return None
    s = norm(s)
    if s.isdigit():
        return int(s)
    return g.numbers.get(s)


def _anchor_time(c: _Cand, ctx: _Ctx) -> Time | None:
    """The nearest earlier valued time in this or the previous sentence."""
    idx = ctx.sentences.index(c.sent) if c.sent in ctx.sentences else 0
    lo = ctx.sentences[idx - 1].start if idx > 0 else c.sent.start
    for t in reversed(ctx.resolved):
        if t.start < lo:
            return None
        if t.value is not None:
            return t
    return None


def _shift_value(base: Time, unit: str, n: int) -> tuple[str | None, Granularity]:
    assert base.value is not None
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    if unit not in order or order[unit] < order.get(base.granularity, 9) - (unit == "week"):
        return None, "unknown"
    lo, _ = _interval(base.value)
    return _shift(lo, unit, n)


def _direction(value: str | None, pub: dt.date | None) -> Direction | None:
    if value is None or pub is None:
        return None
    lo, hi = _interval(value)
    if hi < pub:
        return "past"
    if lo > pub:
        return "future"
    return "present"


def _parse_pub(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_times(
    text: str, published: str | None, sentences: Iterable[Sentence] | None = None
) -> list[Time]:
    """Every time expression in ``text`` (within ``sentences``, default: whole text)."""
    g = _grammar()
    sents = list(sentences) if sentences is not None else [Sentence(0, len(text))]
    ctx = _Ctx(text=text, pub=_parse_pub(published), g=g, resolved=[], sentences=sents)
    for c in _candidates(text, sents, g):
        value, gran, anchor, hint = _resolve(c, ctx)
        direction = hint or _direction(value, ctx.pub)
        start, end = c.start, c.end
        while end > start and text[end - 1] in " \t\n.,":
            end -= 1
        ctx.resolved.append(Time(start, end, value, gran, direction, anchor))
    return ctx.resolved


def governing_time(doc: Doc, span: Span | Sentence) -> Time | None:
    """The time expression that most likely dates an event at ``span``.

    The valued time in the same sentence nearest to the span (ties: the one before it);
    otherwise None (the event coder then falls back to the publication date, precision
    unknown, or to the last day-level time of the previous sentence if it chooses).
    """
    sent = doc.sentence_of(span.start)
    if sent is None:
        return None
    best: tuple[int, int, Time] | None = None
    for t in doc.times:
        if t.value is None or not (sent.start <= t.start < sent.end):
            continue
        dist = span.start - t.end if t.end <= span.start else t.start - span.end
        key = (max(dist, 0), 0 if t.end <= span.start else 1)
        if best is None or key < best[:2]:
            best = (*key, t)
    return best[2] if best else None


class TimeStage(BaseStage):
    name = "warta.times"
    version = 1
    requires = ("sentences", "tokens")
    assigns = ("times",)

    def __call__(self, doc: Doc) -> Doc:
        return doc.replace(times=tuple(find_times(doc.text, doc.published, doc.sentences)))


@register(TimeStage.name)
def _make(settings: Mapping[str, Any]) -> TimeStage:
    return TimeStage()
