"""Quantities: counts, amounts and percentages with the counted noun.

The grammar's words are data (``resources/id/quantities.json`` merged with
``resources/en/quantities.json``). Rules:

* Indonesian number formats: ``2.500`` = 2500 (a dot before exactly three digits groups
  thousands), ``1,5 juta`` = 1 500 000 (comma is the decimal mark); in English documents
  ``2,500`` = 2500 and ``1.5 million`` = 1 500 000.
* Number words are composed: "dua belas" = 12, "dua puluh lima" = 25, "tiga ratus" = 300,
  "seribu dua ratus" = 1200, "twenty-five" = 25.
* Magnitude words ("puluhan", "ratusan", "ribuan", "puluhan ribu", "dozens of") take the
  **lower bound** of their order of magnitude as the value (puluhan = 10, ratusan = 100,
  ribuan = 1000, belasan = 11) and are ``approximate``.
* An approximation cue before the number ("sekitar", "lebih dari", "hampir", "setidaknya",
  "±", "about", "more than" ...) is part of the span and makes it ``approximate``.
* ``unit`` is the counted noun right after the number ("2.500 tentara" -> ``tentara``);
  after a classifier ("tiga orang tentara") the noun after the classifier; a currency
  prefix gives the currency ("Rp 5 juta" -> ``rupiah``); "%"/"persen" gives ``persen``.
* Not quantities: years and dates (anything inside a ``doc.times`` span, and bare
  year-like numbers without a unit), times of day ("pukul 10.30", "10.30 WIB"), numbers
  in identifiers ("8/5", "B/91/I/2018", "S-400"), numbers after "Nomor", "Pasal", "ke" ...
  Number words with no counted noun are dropped ("salah satu" is not a count).

:func:`casualty` tells the event coder whether a quantity counts the dead, the injured or
the arrested, from cue words after it ("22 orang tewas") or before it ("menewaskan 22
orang").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from warta import resources
from warta.model import Doc, Quantity, Sentence, Time
from warta.pipeline import register
from warta.spans import SpanIndex
from warta.stages._base import BaseStage
from warta.stages._lexicon import alternation, merge_lexicons, norm

__all__ = ["QuantityStage", "casualty", "find_quantities", "parse_number", "words_to_number"]

Casualty = Literal["dead", "injured", "arrested"]


@dataclass(frozen=True)
class _Grammar:
    pattern: re.Pattern[str]
    digit_words: Mapping[str, int]
    whole_words: Mapping[str, int]
    multipliers: Mapping[str, Any]
    scales: Mapping[str, int]
    vague: Mapping[str, int]
    classifiers: frozenset[str]
    classifier_nouns: frozenset[str]
    percent: frozenset[str]
    currency: Mapping[str, str]
    stop_units: frozenset[str]
    verb_prefix: re.Pattern[str]
    verb_exceptions: frozenset[str]
    blockers: frozenset[str]
    time_after: re.Pattern[str]
    cas_after: tuple[tuple[Casualty, re.Pattern[str]], ...]
    cas_before: tuple[tuple[Casualty, re.Pattern[str]], ...]
    cas_skip: re.Pattern[str]


@functools.cache
def _grammar() -> _Grammar:
    d = merge_lexicons(
        resources.load_json("id/quantities.json"), resources.load_json("en/quantities.json")
    )
    digit_words: dict[str, int] = d["digit_words"]
    whole: dict[str, int] = d["whole_words"]
    mult: dict[str, Any] = d["multipliers"]
    scales: dict[str, int] = d["scales"]
    vague: dict[str, int] = d["vague_numbers"]
    start_words = list(digit_words) + list(whole)
    any_word = start_words + list(mult) + list(scales)
    num_words = rf"{alternation(start_words)}(?:[\s-]+{alternation(any_word)})*"
    approx = alternation(w for w in d["approximators"] if w != "±")
    currency = alternation(d["currency_prefixes"])
    pat = (
        rf"(?:(?P<approx>(?<![\w'’]){approx}(?=[\s\d±])\s*|±\s*))?"
        rf"(?:(?P<cur>(?<![\w'’]){currency})\s*)?"
        rf"(?:(?<![\w'’])(?P<vague>{alternation(vague)})(?![\w-])"
        rf"|(?<![\w.,/:-])(?P<num>\d+(?:[.,]\d+)*)(?![\w/:]|[.,]\d)"
        rf"|(?<![\w'’-])(?P<words>{num_words})(?![\w-]))"
        rf"(?:\s+(?P<scale>{alternation(scales)})(?![\w-]))?"
        rf"(?:\s*(?P<pct>%|{alternation(w for w in d['percent_words'] if w != '%')}(?![\w-])))?"
    )

    def cues(
        m: Mapping[str, list[str]], after: bool
    ) -> tuple[tuple[Casualty, re.Pattern[str]], ...]:
        out = []
        for cat in ("dead", "injured", "arrested"):
            words = m.get(cat, [])
            if words:
                body = alternation(words)
                rx = rf"(?<![\w-]){body}(?![\w-])" if after else rf"(?<![\w-]){body}\s*$"
                out.append((cat, re.compile(rx, re.IGNORECASE)))
        return tuple(out)  # type: ignore[arg-type]

    return _Grammar(
        pattern=re.compile(pat, re.IGNORECASE),
        digit_words=digit_words,
        whole_words=whole,
        multipliers=mult,
        scales=scales,
        vague=vague,
        classifiers=frozenset(d["classifiers"]),
        classifier_nouns=frozenset(d["classifier_nouns"]),
        percent=frozenset(d["percent_words"]),
        currency=d["currency_prefixes"],
        stop_units=frozenset(
            d["stop_units"]
            + [w for ws in d["casualty_after"].values() for w in ws]
            + [w for ws in d["casualty_before"].values() for w in ws]
        ),
        verb_prefix=re.compile(rf"^{alternation(d['verb_prefixes'])}\w{{3,}}$"),
        verb_exceptions=frozenset(d["verb_prefix_exceptions"]),
        blockers=frozenset(d["blockers_before"]),
        time_after=re.compile(rf"^\s*{alternation(d['time_of_day_after'])}(?!\w)", re.IGNORECASE),
        cas_after=cues(d["casualty_after"], True),
        cas_before=cues(d["casualty_before"], False),
        cas_skip=re.compile(rf"^(?:\s*{alternation(d['casualty_skip'])}(?![\w-]))+", re.IGNORECASE),
    )


def parse_number(s: str, language: str | None = None) -> float | None:
    """The value of a digit string in Indonesian (default) or English notation."""
    en = language == "en"
    if re.fullmatch(r"\d+", s):
        return int(s)
    if not en and re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        return _num(s.replace(".", "").replace(",", "."))
    if en and re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        return _num(s.replace(",", ""))
    if re.fullmatch(r"\d+,\d+", s):
        return _num(s.replace(",", "."))
    if re.fullmatch(r"\d+\.\d+", s):
        return _num(s)
    return None


def _num(s: str) -> float:
    v = float(s)
    return int(v) if v.is_integer() else v


def words_to_number(words: str) -> int | None:
    """Compose number words: "dua puluh lima" = 25, "seribu dua ratus" = 1200."""
    g = _grammar()
    total = group = last = 0
    seen = False
    for w in re.split(r"[\s-]+", words.lower()):
        if not w:
            continue
        if w in g.digit_words:
            group += g.digit_words[w]
            last = g.digit_words[w]
        elif w in g.whole_words:
            v = g.whole_words[w]
            if v >= 1000:
                total += v
            else:
                group += v
            last = 0
        elif w in g.multipliers:
            mul = g.multipliers[w]
            if mul == "teen":
                group += 10
            elif last:
                group = group - last + last * int(mul)
            else:
                group = (group or 1) * int(mul)
            last = 0
        elif w in g.scales:
            total += (group or 1) * g.scales[w]
            group = last = 0
        else:
            return None
        seen = True
    return total + group if seen else None


_WORD = re.compile(r"\s*([^\W\d_][\w'’]*(?:-[\w'’]+)*)")


def _next_word(text: str, pos: int, end: int) -> tuple[str, int, int] | None:
    m = _WORD.match(text, pos, end)
    if not m or m.start(1) - pos > 2:
        return None
    return m.group(1), m.start(1), m.end(1)


def _unit_ok(word: str, g: _Grammar) -> bool:
    low = word.lower()
    if low in g.stop_units or len(word) < 2:
        return False
    if g.verb_prefix.match(low) and low not in g.verb_exceptions:
        return False  # "dikirim", "terluka", "menyerang": a verb, not the counted noun
    return word[0].islower() or (word.isupper() and len(word) >= 2)


def find_quantities(
    text: str,
    sentences: Iterable[Sentence] | None = None,
    times: Iterable[Time] = (),
    language: str | None = None,
) -> list[Quantity]:
    g = _grammar()
    sents = list(sentences) if sentences is not None else [Sentence(0, len(text))]
    busy = SpanIndex([(t.start, t.end) for t in times])
    out: list[Quantity] = []
    for sent in sents:
        for m in g.pattern.finditer(text, sent.start, sent.end):
            q = _build(m, text, sent, g, busy, language)
            if q is not None:
                out.append(q)
    return out


def _build(
    m: re.Match[str],
    text: str,
    sent: Sentence,
    g: _Grammar,
    busy: SpanIndex,
    language: str | None,
) -> Quantity | None:
    core_start = m.start("vague") if m.group("vague") else m.start("num")
    if m.group("words"):
        core_start = m.start("words")
    if busy.containing(core_start):
        return None  # a year or date (or a number inside one)
    before = re.findall(r"[\w.$]+", text[max(sent.start, m.start() - 20) : m.start()].lower())
    if before and before[-1] in g.blockers:
        return None
    if text[max(sent.start, m.start() - 3) : m.start()].lower().endswith("ke-"):
        return None
    approximate = bool(m.group("approx"))
    value: float | None
    if m.group("vague"):
        value = g.vague[norm(m.group("vague"))]
        approximate = True
    elif m.group("num"):
        raw = m.group("num")
        value = parse_number(raw, language)
        if value is None:
            return None
        if g.time_after.match(text, m.end("num"), sent.end) and re.search(r"[.:]\d\d$", raw):
            return None
    else:
        value = words_to_number(m.group("words"))
        if value is None:
            return None
    if m.group("scale"):
        value = value * g.scales[norm(m.group("scale"))]
    end = m.end()
    unit: str | None = None
    if m.group("pct"):
        unit = "persen"
    elif m.group("cur"):
        unit = g.currency.get(norm(m.group("cur")))
    else:
        nxt = _next_word(text, end, sent.end)
        if nxt and _unit_ok(nxt[0], g):
            unit, end = nxt[0], nxt[2]
            if unit.lower() in g.classifiers:
                nxt2 = _next_word(text, end, sent.end)
                if nxt2 and nxt2[0].lower() in g.classifier_nouns:
                    unit, end = nxt2[0], nxt2[2]
            unit = unit.lower() if not unit.isupper() else unit
    if unit is None:
        if m.group("words") or m.group("vague"):
            return None  # "salah satu", a bare "puluhan": not a count
        raw = m.group("num")
        if re.fullmatch(r"(?:1[5-9]|20)\d\d", raw) and not m.group("scale"):
            return None  # a year written bare
        if not approximate and not m.group("scale") and not _casualty_near(text, m, sent, g):
            return None  # a bare number (a score, a list item): not a count of anything
    value = round(value, 6)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Quantity(m.start(), end, value, unit, approximate)


def _casualty_near(text: str, m: re.Match[str], sent: Sentence, g: _Grammar) -> bool:
    tail = text[m.end() : min(sent.end, m.end() + 30)]
    head = text[max(sent.start, m.start() - 40) : m.start()]
    return any(rx.search(tail[:20]) for _, rx in g.cas_after) or any(
        rx.search(head) for _, rx in g.cas_before
    )


def casualty(quantity: Quantity, doc: Doc) -> Casualty | None:
    """Whether ``quantity`` counts the dead, the injured or the arrested (else None).

    Looks for a cue right after the quantity ("22 orang tewas", "tiga warga luka-luka")
    and, failing that, right before it ("menewaskan 22 orang", "menangkap tiga orang").
    """
    g = _grammar()
    sent = doc.sentence_of(quantity.start)
    lo = sent.start if sent else 0
    hi = sent.end if sent else len(doc.text)
    pos = quantity.end
    skip = g.cas_skip.match(doc.text, pos, hi)
    if skip:
        pos = skip.end()
    # the cue may follow a few words later ("tiga orang tentara AS terluka")
    words = list(re.finditer(r"\S+", doc.text[pos : min(hi, pos + 60)]))[:3]
    tail = doc.text[pos : pos + words[-1].end()] if words else ""
    tail = re.split(r"[,;:()]", tail)[0]
    for cat, rx in g.cas_after:
        if rx.search(tail):
            return cat
    head = doc.text[max(lo, quantity.start - 40) : quantity.start]
    for cat, rx in g.cas_before:
        if rx.search(head):
            return cat
    return None


class QuantityStage(BaseStage):
    name = "warta.quantities"
    version = 1
    requires = ("sentences", "tokens")
    assigns = ("quantities",)

    def __call__(self, doc: Doc) -> Doc:
        found = find_quantities(doc.text, doc.sentences, doc.times, doc.language)
        return doc.replace(quantities=tuple(found))


@register(QuantityStage.name)
def _make(settings: Mapping[str, Any]) -> QuantityStage:
    return QuantityStage()
