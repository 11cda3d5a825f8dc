"""When an event happened: the time expression of its clause, or its frame."""

from __future__ import annotations

import re

from warta.events.lexicon import Grammar
from warta.events.newsday import (
    NEWS_DAY_SPAN,
    NewsDay,
    attribution_time,
    day_before_publication,
    perfect_report,
    speaker_side,
    uttered,
)
from warta.events.view import (
    ADVERBS,
    Candidate,
    SentenceView,
    iso,
    period_end,
    quote_index,
    sent_index,
    tok_range,
    verbish,
)
from warta.model import (
    Doc,
    Granularity,
    Time,
)
from warta.spans import starting_in

_HISTORICAL_DAYS = 30


_BACKGROUND_OPENERS = frozenset({"sebelumnya", "sejak", "dulu", "previously", "since", "earlier"})


_ANAPHORIC = frozenset(
    {
        "sebelumnya",
        "setelahnya",
        "sesudahnya",
        "kemudian",
        "berikutnya",
        "itu",
        "tersebut",
        "earlier",
        "later",
        "before",
        "after",
        "previously",
    }
)


def date_for(
    doc: Doc,
    c: Candidate,
    gr: Grammar,
    prev: tuple[str | None, Granularity] | None,
    lead_time: Time | None,
    news: NewsDay | None = None,
) -> tuple[str | None, Granularity, bool, Time | None, bool]:
    """(date, precision, historical, time used, inherited) for a candidate.

    The time expression of the trigger's clause governs; a time closer to another trigger
    of the sentence (or inside a later relative clause) belongs to that one. Relative
    anchors ("beberapa hari sebelumnya", anchor="event") inherit the previous event's date.
    An event of the lead with no time of its own takes the lead's news day.
    """
    sv = c.sent
    pub = iso(doc.published)
    ti = c.trig[0]
    best: Time | None = None
    best_d = 10**6
    since = relative = foreign = False
    # a verbal act inside a quote ("Israel menolak ...," kata X, Kamis) is done by saying it
    qi = quote_index(doc, sv.toks[ti][0])
    said_act = (
        c.type in VERBAL_ACTS and qi is not None and speaker_side(doc, doc.quotes[qi], c.actors)
    )
    for t in starting_in(doc.times, sv.sent.start, sv.sent.end):
        r = tok_range(sv, t.start, t.end)
        if r is None:
            continue
        before = sv.low[r[0] - 1] if r[0] > 0 else ""
        if t.direction == "future":
            if abs(r[0] - ti) <= 8 and c.type not in ("AGREE", "REQUEST", "THREATEN"):
                c.future = True
            continue
        if not t.value:
            # "beberapa hari sebelumnya" points back to the previous event; "beberapa hari
            # setelah X" points to X in this sentence and is no anchor for the date
            last = sv.low[r[1] - 1] if r[1] - 1 < len(sv.low) else ""
            if t.anchor == "event" and last in _ANAPHORIC:
                relative = True
            continue
        ranged = any(w in {"hingga", "sampai", "until"} for w in sv.low[r[0] : r[1] + 1])
        if (before in {"sejak", "since"} or sv.low[r[0]] in {"sejak", "since"}) and not ranged:
            # ("sejak 16 hingga 19 Januari" is a period, not a background "since")
            since = True
            continue
        d = abs(r[0] - ti)
        # a later relative clause ("..., yang pada tahun 2014 menguasai") is not ours, unless
        # it describes our event ("serangan yang dilakukan pada Kamis")
        rel = [m for m in range(ti, r[0]) if sv.low[m] in gr["relative"]]
        if rel and not _final_adjunct(sv, r, gr):
            q = rel[0] + 1
            while q < r[0] and sv.low[q] in ADVERBS:
                q += 1
            if not (
                q >= r[0] or sv.low[q] in gr["light_verbs"] or sv.low[q] in gr["event_predicates"]
            ):
                continue
        # a time on the other side of a saying dates the saying ("Minggu (13/8), menyebut")
        lo_, hi_ = sorted((r[0], ti))
        saying = any(sv.low[m] in gr["speech_verbs"] for m in range(lo_, hi_))
        if saying and not said_act:
            foreign = True
            continue
        if not (saying and said_act) and any(sv.low[m] in _SEQUENTIAL for m in range(lo_, hi_)):
            # "Peristiwa pada Sabtu terjadi setelah serangan ...": the other clause's time
            foreign = True
            continue
        if any(abs(r[0] - o) < d for o in c.others):
            continue
        if d < best_d:
            best, best_d = t, d
    hist_cue = any(w in gr["historical_cues"] for w in sv.low) or _iterative(sv, ti, gr)
    ante = c.antecedent.dated if c.antecedent is not None else None
    if best is None and ante is not None and ante[1] != "unknown" and not (since or hist_cue):
        # "kedua Menlu sepakat ...": the parties of the meeting named before, at that meeting
        # (background parties "sejak 1950" are no occasion for today's act)
        value, pgran = ante
        end = period_end(value) if value else None
        if not (pub and end and (pub - end).days > _HISTORICAL_DAYS):
            return value, pgran, False, None, True
    if best is None and not (since or hist_cue or foreign):
        # "Dalam surat itu, X mengusulkan ...": the event lies inside an occasion or text
        # named before; that mention's time ("mengirim surat ... pada 8 Januari") dates it
        best = _frame_time(doc, sv, ti, gr, nominal=c.form == "nominal")
    if best is None and c.type in VERBAL_ACTS and not (since or hist_cue):
        # "X berjanji ... . Pernyataan itu disampaikan X dalam pertemuan pada Rabu (3/5).":
        # the next sentences' attribution of "that statement" dates it
        best = _later_attribution(doc, sv, gr)
    if best is None and relative and prev is not None and prev[0]:
        value, pgran = prev
        end = period_end(value) if value else None
        hist = bool(pub and end and (pub - end).days > _HISTORICAL_DAYS)
        return value, pgran, hist, None, True
    if (
        best is None
        and lead_time is not None
        and sv.sent.end
        <= doc.sentences[
            min(max(NEWS_DAY_SPAN, sent_index(doc, lead_time.start) + 2), len(doc.sentences)) - 1
        ].end
        and not (since or hist_cue or foreign)
        and sv.low[0] not in _BACKGROUND_OPENERS
        and not _decided_before(sv, ti, gr)
    ):
        # (a sentence whose own time dates another clause, the saying or a setelah/sebelum
        # clause, leaves this event undated rather than on the news day)
        best = lead_time
    if best is None and said_act and qi is not None and not (since or hist_cue):
        # a quote running over several sentences: its attribution ("...," ujar X, Sabtu
        # (27/5)) dates every verbal act inside it
        best = attribution_time(doc, doc.quotes[qi])
    if (
        best is not None
        and best.value == doc.published
        and best.anchor == "published"
        and qi is not None
    ):
        # "hari ini" inside a quote is the day of the saying: the news day, when known
        # (else the article's latest day before publication: the report came later)
        day = lead_time or day_before_publication(doc)
        if day is not None:
            best = day
    if (
        best is None
        and news is not None
        and c.type in VERBAL_ACTS
        and (c.form != "nominal" or uttered(sv, ti, gr))
        and not (since or hist_cue or foreign)
        and sv.low[0] not in _BACKGROUND_OPENERS
        and not perfect_report(sv, ti, gr)
        and not any(w in _SEQUENTIAL for w in sv.low[:ti])
        and news.speaks(doc, c.actors)
    ):
        # the news day's speaker: what the person whose statement the article reports
        # ("..., ujar Wiranto, Rabu (24/1)") says elsewhere in the article was said then
        best = news.time
    if best is None:
        hist = bool(pub is not None and (since or hist_cue))
        return doc.published, "unknown", hist, None, False
    value = best.value or doc.published
    gran: Granularity = best.granularity if best.granularity != "unknown" else "day"
    end = period_end(value) if value else None
    hist = bool(pub and end and (pub - end).days > _HISTORICAL_DAYS)
    return value, gran, hist, best, False


# a time and a trigger on either side of "setelah/sebelum" belong to different events
# ("ketika/saat" clauses are simultaneous and share the time)
_SEQUENTIAL = frozenset({"setelah", "sebelum", "usai", "seusai", "sesudah", "after", "before"})


VERBAL_ACTS = frozenset({"ACCUSE", "REJECT", "REQUEST", "THREATEN", "AGREE", "SUPPORT", "CONCEDE"})


def _frame_time(
    doc: Doc, sv: SentenceView, ti: int, gr: Grammar, *, nominal: bool = False
) -> Time | None:
    """The time of an earlier mention of the statement, letter or meeting this sentence
    places its event in: a frame noun before the trigger that is anaphoric (followed by
    itu/tersebut/ini, or opening the sentence after dalam/melalui: "Dalam surat bernomor
    ..."), whose noun occurs in one of the previous sentences next to a time. A nominal
    trigger that is itself anaphoric ("Serangan di Manchester Arena itu") likewise takes
    the time of its earlier mention ("melakukan serangan pada Senin malam")."""
    noun = None
    if nominal:
        for m in range(ti + 1, min(ti + 6, len(sv.low))):
            if sv.low[m] in gr["demonstratives"]:
                noun = sv.low[ti]
                break
            if sv.low[m] in {",", ";"} or verbish(sv.low[m]):
                break
    for k in range(ti if noun is None else 0):
        w = sv.low[k]
        base = w[:-3] if w.endswith("nya") and w[:-3] in gr["frame_nouns"] else w
        if base not in gr["frame_nouns"]:
            continue
        nxt = sv.low[k + 1] if k + 1 < len(sv.low) else ""
        after = sv.low[k + 2] if k + 2 < len(sv.low) else ""
        inside = k > 0 and sv.low[k - 1] in gr["frame_preps"]
        opener = k <= 2 and inside
        # a container ("dalam surat itu") or a text that speaks ("pernyataan itu
        # menyebutkan"); "Pertemuan tersebut diserukan oleh X" is about the meeting, the call
        # for it is not inside it
        anaphoric = nxt in gr["demonstratives"] and (inside or after in gr["speech_verbs"])
        if (anaphoric or opener) and not any(x in _SEQUENTIAL for x in sv.low[k:ti]):
            # ("Pernyataan tersebut muncul beberapa hari setelah X mengatakan ...": the
            # statement came after the act, which is not inside it)
            noun = base
            break
    if noun is None:
        return None
    n = sent_index(doc, sv.sent.start)
    pat = re.compile(rf"\b{re.escape(noun)}(?:nya)?\b")
    for m in range(n - 1, max(-1, n - 1 - _FRAME_LOOKBACK), -1):
        sent = doc.sentences[m]
        hit = pat.search(doc.text[sent.start : sent.end].lower())
        if hit is None:
            continue
        at = sent.start + hit.start()
        times = [
            t
            for t in starting_in(doc.times, sent.start, sent.end)
            if t.value and t.direction != "future" and abs(t.start - at) <= _FRAME_REACH
        ]
        if times:
            return min(times, key=lambda t: abs(t.start - at))
    return None


_FRAME_LOOKBACK = 5


def _decided_before(sv: SentenceView, ti: int, gr: Grammar) -> bool:
    """The act is the content of a decision or policy the sentence refers to ("tidak sepakat
    dengan keputusan AS mengakui Yerusalem"): a known, earlier act, not the day's news."""
    for m in range(ti - 1, max(-1, ti - 8), -1):
        w = sv.low[m]
        if w in gr["decision_nouns"]:
            return True
        if w in {",", ";"} or (m < ti - 1 and verbish(w)):
            return False
    return False


def _later_attribution(doc: Doc, sv: SentenceView, gr: Grammar) -> Time | None:
    """The time of a following "Hal/Pernyataan itu disampaikan ..." sentence (up to two
    sentences on), which attributes the preceding statement to an occasion."""
    n = sent_index(doc, sv.sent.start)
    for m in range(n + 1, min(n + 3, len(doc.sentences))):
        sent = doc.sentences[m]
        words = re.findall(r"\w+", doc.text[sent.start : sent.end].lower())[:10]
        hit = None
        for k, w in enumerate(words[:-2]):
            if w in gr["statement_nouns"] and words[k + 1] in gr["demonstratives"]:
                hit = next(
                    (j for j in range(k + 2, min(k + 5, len(words))) if words[j] in gr["said"]),
                    None,
                )
                break
        if hit is None:
            continue
        for t in starting_in(doc.times, sent.start, sent.end):
            if t.value and t.direction != "future":
                return t
    return None


_FRAME_REACH = 80  # characters between the antecedent noun and its time


def _final_adjunct(sv: SentenceView, r: tuple[int, int], gr: Grammar) -> bool:
    """A time set off by a comma at the end of the sentence ("..., yang berasal dari Desa
    X, Jambi, Kamis (10/8).") is an adjunct of the whole sentence, i.e. of its main
    predicate, not of the relative clause that happens to precede it."""
    if r[0] == 0 or sv.low[r[0] - 1] != ",":
        return False
    return all(not w[:1].isalnum() or w in gr["time_tail"] for w in sv.low[r[1] :])


def _iterative(sv: SentenceView, ti: int, gr: Grammar) -> bool:
    """A tally of repetitions before the trigger ("ratusan kali", "tiga kali"): background."""
    for m in range(1, ti):
        if sv.low[m] in {"kali", "times"} and (
            sv.low[m - 1].isdigit() or sv.low[m - 1] in gr["count_words"]
        ):
            return True
    return False
