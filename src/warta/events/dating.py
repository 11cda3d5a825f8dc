"""Learned dating: which of the candidate dates of an event is its date, and whether it is
historical background.

The rules (:func:`warta.events.dates.date_for`) pick one date from the times layer with
hand-written discourse rules. The corpus shows where they go wrong: a lead event with no
time of its own given the news day while annotators give the publication date (precision
unknown), background acts in a retrospective left on today's date. Here the rules' date
is one option among others:

- ``rules``: what :func:`date_for` chose;
- ``own``: the time expression of the sentence nearest the trigger, whatever the rules
  thought of it;
- ``context``: the latest dated time of the preceding sentences of the article;
- ``prev``: the date of the previous event of the article;
- ``unknown``: the publication date with precision ``unknown``;
- ``news``: for an event of the article's first sentence, the article's news day
  (:func:`warta.events.newsday.news_day`: the lead's day, else the first day within a
  week before publication outside quotes). Annotators give a lead event with no time of
  its own the day the article reports on, which a later sentence often names ("...
  Rabu (14/6)"). In the corpus train split the news day is the only right option for 24
  of the 172 lead-sentence events that have one; past the lead it is wrong for 70% of
  the events and the only right one for 3%, so it is not offered there.

A small classifier (trained by ``scripts/train_events.py`` on the gold dates of the train
split) picks one from features of the options and the sentence; a second one decides the
historical flag. The rules' date stays the fallback when no model is shipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from warta.events.lexicon import Grammar
from warta.events.view import Candidate, iso, period_end, quote_index, sent_index, tok_range
from warta.model import Doc, Granularity, Time
from warta.spans import starting_in

__all__ = [
    "OPTIONS",
    "DateOption",
    "date_items",
    "date_options",
    "historical_by_date",
    "historical_items",
]

OPTIONS = ("rules", "own", "context", "prev", "unknown", "news")
_CONTEXT_SENTENCES = 3
_HISTORICAL_DAYS = 30


@dataclass(frozen=True, slots=True)
class DateOption:
    value: str
    precision: Granularity


def _option(t: Time) -> DateOption | None:
    if not t.value or t.direction == "future":
        return None
    gran: Granularity = t.granularity if t.granularity != "unknown" else "day"
    return DateOption(t.value, gran)


def date_options(
    doc: Doc,
    c: Candidate,
    rules: tuple[str | None, Granularity],
    prev: tuple[str | None, Granularity] | None,
    news: Time | None,
) -> dict[str, DateOption]:
    """The candidate dates of one event, by option name (absent options left out);
    ``news`` is the article's news day (:func:`warta.events.newsday.news_day`)."""
    pub = doc.published or ""
    out: dict[str, DateOption] = {"unknown": DateOption(pub, "unknown")}
    if rules[0]:
        out["rules"] = DateOption(rules[0], rules[1])
    sv, ti = c.sent, c.trig[0]
    own = [
        (abs((r or (ti, ti))[0] - ti), t)
        for t in starting_in(doc.times, sv.sent.start, sv.sent.end)
        if _option(t) is not None
        for r in (tok_range(sv, t.start, t.end),)
    ]
    if own:
        got = _option(min(own, key=lambda x: x[0])[1])
        if got is not None:
            out["own"] = got
    n = sent_index(doc, sv.sent.start)
    lo = doc.sentences[max(0, n - _CONTEXT_SENTENCES)].start
    ctx = [t for t in starting_in(doc.times, lo, sv.sent.start) if _option(t) is not None]
    if ctx:
        got = _option(ctx[-1])
        if got is not None:
            out["context"] = got
    if prev is not None and prev[0]:
        out["prev"] = DateOption(prev[0], prev[1])
    if n == 0 and news is not None and news.value:
        out["news"] = DateOption(news.value[:10], "day")
    return out


def _age(doc: Doc, opt: DateOption) -> str:
    """How long before publication an option lies, in coarse buckets."""
    pub = iso(doc.published)
    end = period_end(opt.value) if opt.value else None
    if opt.precision == "unknown" or pub is None or end is None:
        return "unk"
    days = (pub - end).days
    if days < 0:
        return "after"
    for limit, name in ((1, "0d"), (7, "week"), (30, "month"), (365, "year")):
        if days <= limit:
            return name
    return "older"


def _sentence_cues(c: Candidate, gr: Grammar) -> list[str]:
    sv = c.sent
    f = []
    for w in dict.fromkeys(sv.low):
        if w in gr["historical_cues"]:
            f.append(f"hcue={w}")
        if w in gr["perfect"]:
            f.append(f"perf={w}")
        if w in {"sebelumnya", "sejak", "kemarin", "lalu", "silam", "kini", "saat", "ketika"}:
            f.append(f"cue={w}")
    n = sent_index(sv.doc, sv.sent.start)
    f.append(f"sent={min(n, 5)}")
    if quote_index(sv.doc, sv.toks[c.trig[0]][0]) is not None:
        f.append("inq")
    return f


def date_items(doc: Doc, c: Candidate, options: Mapping[str, DateOption], gr: Grammar) -> list[str]:
    """crfsuite attributes of one event's dating decision."""
    f = [f"type={c.type}", f"form={c.form}"]
    rules = options.get("rules")
    for name in OPTIONS:
        opt = options.get(name)
        if opt is None:
            f.append(f"{name}=none")
            continue
        f += [f"{name}={opt.precision}", f"{name}.age={_age(doc, opt)}"]
        if rules is not None and name != "rules" and opt.value == rules.value:
            f.append(f"{name}=rules")
    return f + _sentence_cues(c, gr)


def historical_items(
    doc: Doc, c: Candidate, chosen: str, opt: DateOption, rules_hist: bool, gr: Grammar
) -> list[str]:
    """crfsuite attributes of one event's historical flag, given its chosen date and the
    rules' flag."""
    f = [f"type={c.type}", f"chosen={chosen}", f"age={_age(doc, opt)}", f"prec={opt.precision}"]
    f += [f"rules_hist={rules_hist}", f"age+rules={_age(doc, opt)}{rules_hist}"]
    return f + _sentence_cues(c, gr)


def historical_by_date(doc: Doc, opt: DateOption) -> bool:
    """The rules' test: the date's period ended more than 30 days before publication."""
    pub = iso(doc.published)
    end = period_end(opt.value) if opt.value and opt.precision != "unknown" else None
    return bool(pub and end and (pub - end).days > _HISTORICAL_DAYS)
