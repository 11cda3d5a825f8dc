"""Quotes: direct and indirect speech with its speaker and cue word.

Direct quotes are the text between quote marks (straight ``"``, curly “ ”, guillemets « »
and, for longer spans, single curly marks ‘ ’); a quote left open at a paragraph end
continues when the next paragraph opens with a quote mark. The speaker comes from the cue
around the quote: after it ("...," kata Netanyahu; "...," said X; "...," X said), or before
it in the same paragraph (X mengatakan, "..."; menurut X, "..."). A quote without a cue
that follows an attributed one within two paragraphs keeps that speaker.

Indirect speech is a reported clause after a speech verb (X mengatakan (bahwa) ...;
menurut X, ...; X said (that) ...). The quote span is the quoted content (direct) or the
reported clause (indirect).

``speaker_text`` is the speaker phrase as written ("Netanyahu", "dia", "pernyataan itu"
for "bunyi pernyataan itu": the statement itself speaks, it is not resolved further).
``speaker`` is an entity id when the entity layer exists and a mention overlaps the speaker
phrase; pronouns resolve to the last named speaker (:func:`speaker_names` does the same
on names when there are no entities). Cue lists are data (``resources/*/quote_cues.tsv``).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from warta import resources
from warta.model import Doc, Quote, Token
from warta.pipeline import register
from warta.spans import SpanIndex, mention_index
from warta.stages._base import BaseStage

__all__ = ["QuoteStage", "find_quotes", "speaker_names"]

_OPEN = {'"': '"', "“": "”", "«": "»", "‘": "’", "”": "”", "„": "“"}
_MIN_WORDS_SINGLE = 3
_MAX_SPEAKER = 8
_WORD = re.compile(r"\w(?:[\w'’-]|\.(?=\w))*")
_TOK = re.compile(r"\w(?:[\w'’-]|\.(?=\w))*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class _Cue:
    word: str
    position: str  # post | pre | both | menurut
    indirect: bool


@functools.cache
def _cues() -> dict[str, _Cue]:
    out: dict[str, _Cue] = {}
    for lang in ("id", "en"):
        for row in resources.load_tsv(f"{lang}/quote_cues.tsv"):
            w = row["cue"].casefold()
            out[w] = _Cue(w, row["position"], row["indirect"] == "yes")
    return out


@functools.cache
def _wordset(relpath: str) -> frozenset[str]:
    return frozenset(w.casefold() for ln in resources.load_lines(relpath) for w in ln.split())


def _speaker_stop() -> frozenset[str]:
    return _wordset("id/quote_speaker_stop.txt")


def _adverbs() -> frozenset[str]:
    return _wordset("id/quote_adverbs.txt")


def _pronouns() -> frozenset[str]:
    return _wordset("id/quote_pronouns.txt")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _direct_spans(text: str) -> list[tuple[int, int]]:
    """Content spans [start, end) of direct quotes, merged across paragraphs."""
    spans: list[tuple[int, int]] = []
    carry: int | None = None  # start of a quote left open at the previous paragraph end
    for ps, pe in _paragraphs(text):
        i = ps
        open_at: int | None = None
        close_ch = ""
        first_nonspace = ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip()))
        if carry is not None and not (first_nonspace < pe and text[first_nonspace] in _OPEN):
            carry = None
        while i < pe:
            ch = text[i]
            if open_at is None:
                if ch in _OPEN and _can_open(text, i, pe):
                    open_at = i + 1
                    close_ch = _OPEN[ch]
            elif (
                ch == close_ch or (close_ch == '"' and ch == "”") or (close_ch == "”" and ch == '"')
            ) and not (ch == "’" and i + 1 < pe and text[i + 1].isalpha()):
                start = open_at
                if carry is not None:  # the quote continued from earlier paragraphs
                    start = carry
                    if spans and spans[-1][0] >= carry - 1:
                        spans.pop()
                carry = None
                spans.append(_trim(text, start, i))
                open_at = None
            i += 1
        if open_at is not None:
            start = open_at
            if carry is not None:
                start = carry
                if spans and spans[-1][0] >= carry - 1:
                    spans.pop()
            carry = start
            spans.append(_trim(text, start, pe))
        # a quote continued into this paragraph replaces the piece kept for the last one
    return _merge_continued(text, spans)


def _merge_continued(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if out and out[-1][0] == s:
            out[-1] = (s, max(out[-1][1], e))
        elif out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return [(s, e) for s, e in out if e > s]


def _can_open(text: str, i: int, pe: int) -> bool:
    ch = text[i]
    if ch == "’":
        return False
    if ch == "‘":
        return i == 0 or not text[i - 1].isalnum()
    return i + 1 < pe


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in '"“”«»‘’„'):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in '"“”«»‘’„'):
        e -= 1
    return s, e


def _words_after(text: str, pos: int, limit: int) -> list[tuple[int, int]]:
    out = []
    for m in _WORD.finditer(text, pos, min(len(text), pos + limit)):
        out.append((m.start(), m.end()))
    return out


def _speaker_after(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The speaker phrase that starts at ``pos`` and stops at punctuation or a stop word."""
    stop = _speaker_stop()
    s = e = None
    for n, m in enumerate(_TOK.finditer(text[pos:end]), start=1):
        tok = m.group(0)
        a, b = pos + m.start(), pos + m.end()
        if not (tok[0].isalnum()) or (tok.casefold() in stop and s is not None):
            break
        if tok.casefold() in stop and not tok[0].isupper():
            break
        if s is None:
            s = a
        e = b
        if n >= _MAX_SPEAKER:
            break
    if s is None or e is None:
        return None
    while e > s and text[e - 1] == ".":
        e -= 1
    return s, e


def _speaker_before(text: str, pos: int, floor: int) -> tuple[int, int] | None:
    """The speaker phrase that ends right before ``pos`` (walking back over adverbs)."""
    stop = _speaker_stop()
    toks = [(floor + m.start(), floor + m.end()) for m in _TOK.finditer(text[floor:pos])]
    j = len(toks)
    while j > 0 and text[toks[j - 1][0] : toks[j - 1][1]].casefold() in _adverbs():
        j -= 1
    end_j = j
    n = 0
    while j > 0 and n < _MAX_SPEAKER:
        tok = text[toks[j - 1][0] : toks[j - 1][1]]
        if not tok[0].isalnum() or (tok.casefold() in stop and not tok[0].isupper()):
            # "pejabat senior di Bagdad": a place phrase inside the speaker
            if tok in ("di", "dari", "of", "at", "in") and j > 1 and n > 0:
                j -= 1
                n += 1
                continue
            break
        j -= 1
        n += 1
    if j == end_j:
        return None
    # drop a leading lower-case function word the stop list did not catch
    return toks[j][0], toks[end_j - 1][1]


def _para_of(paras: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    # lines in text order, apart by at least one line break: the last starting at or
    # before pos is the only one that can hold it
    k = bisect.bisect_right(paras, pos, key=lambda p: p[0]) - 1
    if k >= 0 and paras[k][0] <= pos <= paras[k][1]:
        return paras[k]
    return 0, len(paras[-1][1:]) if paras else 0


def _cue_tokens(text: str, s: int, e: int) -> list[tuple[int, int, _Cue]]:
    cues = _cues()
    out = []
    for m in _WORD.finditer(text, s, e):
        c = cues.get(m.group(0).casefold())
        if c is not None:
            out.append((m.start(), m.end(), c))
    return out


@dataclass(frozen=True, slots=True)
class _Q:
    start: int
    end: int
    speaker: tuple[int, int] | None
    cue: str | None
    direct: bool


def _attribute_direct(text: str, paras: list[tuple[int, int]], s: int, e: int) -> _Q:
    _ps, pe = _para_of(paras, e)
    # after the quote: ," kata X / ," said X / ," X said
    after = e
    while after < pe and text[after] in '"“”«»‘’,. \t':
        after += 1
    words = _words_after(text, after, min(200, pe - after))
    if words:
        w0 = text[words[0][0] : words[0][1]]
        c = _cues().get(w0.casefold())
        if c is not None and c.position in ("post", "both"):
            sp = _speaker_after(text, words[0][1], pe)
            return _Q(s, e, sp, w0, True)
        for k in range(1, min(len(words), 6)):
            wk = text[words[k][0] : words[k][1]]
            c = _cues().get(wk.casefold())
            if c is not None and c.position in ("pre", "both"):
                sp = _speaker_before(text, words[k][0], after)
                if sp is not None:
                    return _Q(s, e, sp, wk, True)
                break
    # before the quote in the same paragraph: X mengatakan, "..." / menurut X, "..."
    ps0, _ = _para_of(paras, s)
    lo = max(ps0, _prev_quote_end(text, ps0, s))
    cands = _cue_tokens(text, lo, s)
    for a, b, c in reversed(cands):
        w = text[a:b]
        if c.position in ("pre", "both"):
            sp = _speaker_before(text, a, lo)
            if sp is not None:
                return _Q(s, e, sp, w, True)
        elif c.position == "menurut":
            sp = _speaker_after(text, b, s)
            if sp is not None:
                return _Q(s, e, sp, w, True)
    return _Q(s, e, None, None, True)


def _prev_quote_end(text: str, ps: int, s: int) -> int:
    # attribution before a quote never reaches back over another quote mark
    seg = text[ps : max(ps, s - 1)]
    idx = max(seg.rfind(ch) for ch in '"”»')
    return ps + idx + 1 if idx >= 0 else ps


def _indirect(text: str, sent_s: int, sent_e: int, blocked: SpanIndex) -> list[_Q]:
    out: list[_Q] = []
    for a, b, c in _cue_tokens(text, sent_s, sent_e):
        if not c.indirect or blocked.containing(a):
            continue
        w = text[a:b]
        if c.position == "menurut":
            if w.casefold() == "according":
                m = re.match(r"\s+to\s+", text[b:sent_e])
                if not m:
                    continue
                b = b + m.end()
            comma = text.find(",", b, sent_e)
            if comma < 0:
                continue
            sp = _speaker_after(text, b, comma)
            if a == sent_s or text[sent_s:a].strip() == "":
                cs, ce = comma + 1, sent_e
            else:  # "..., menurut X." the clause is before
                cs, ce = sent_s, a
            cs, ce = _clause(text, cs, ce)
            if sp and ce - cs > 10 and not _overlaps(cs, ce, blocked):
                out.append(_Q(cs, ce, sp, w, False))
            continue
        if c.position not in ("pre", "both"):
            continue
        sp = _speaker_before(text, a, sent_s)
        if sp is None:
            continue
        rest = text[b:sent_e]
        # the clause starts after "bahwa"/"that" within a few words, or right after the cue
        m = re.match(r"[^.\"“”]{0,80}?\b(bahwa|that)\b\s*", rest)
        cs = b + (m.end() if m else 0)
        cs, ce = _clause(text, cs, sent_e)
        if text[cs : cs + 1] in _OPEN or _overlaps(cs, ce, blocked) or ce - cs < 10:
            continue
        if not m and not re.match(r"\s*,?\s*\w", rest):
            continue
        first = text[cs:ce].split(" ", 1)[0].casefold()
        if first in ("kepada", "pada", "di", "dalam", "to", "reporters", "wartawan"):
            continue
        out.append(_Q(cs, ce, sp, w, False))
        break
    return out


def _clause(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",:"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;"):
        e -= 1
    return s, e


def _overlaps(s: int, e: int, spans: SpanIndex) -> bool:
    return bool(spans.overlapping(s, e))


def find_quotes(doc: Doc) -> list[Quote]:
    """Direct and indirect quotes of ``doc`` (needs sentences)."""
    text = doc.text
    paras = _paragraphs(text)
    if not paras:
        return []
    body_start = doc.dateline.end if doc.dateline else 0
    qs: list[_Q] = []
    for s, e in _direct_spans(text):
        if s < body_start:
            continue
        q = _attribute_direct(text, paras, s, e)
        n_words = len(_WORD.findall(text[s:e]))
        if q.speaker is None and n_words < 4:
            continue  # scare quotes, titles
        if n_words < 2:
            continue
        qs.append(q)
    # quotes without a cue continue the last speaker's words (within two paragraphs)
    out: list[_Q] = []
    for q in qs:
        if q.speaker is None and out and out[-1].speaker is not None:
            gap = text[out[-1].end : q.start].count("\n")
            if gap <= 4:
                q = _Q(q.start, q.end, out[-1].speaker, None, True)
        out.append(q)
    direct = SpanIndex([(q.start, q.end) for q in out])
    for sent in doc.sentences:
        out.extend(_indirect(text, sent.start, sent.end, direct))
    out.sort(key=lambda q: q.start)
    return _resolve(doc, out)


def _resolve(doc: Doc, qs: list[_Q]) -> list[Quote]:
    mentions = mention_index(doc.entities)
    pron = _pronouns()
    last_per: str | None = None
    out = []
    for q in qs:
        sp_text = doc.text[q.speaker[0] : q.speaker[1]] if q.speaker else None
        ent_id: str | None = None
        if q.speaker and len(mentions.spans):
            a, b = q.speaker
            hits = [doc.entities[mentions.refs[i][0]] for i in mentions.spans.overlapping(a, b)]
            per = [ent for ent in hits if ent.type == "PER"]
            best = (per or hits)[0] if (per or hits) else None
            if best is not None:
                ent_id = best.id
                if best.type == "PER":
                    last_per = best.id
            elif sp_text and sp_text.casefold() in pron:
                ent_id = last_per
        out.append(
            Quote(
                start=q.start,
                end=q.end,
                speaker=ent_id,
                speaker_text=sp_text,
                cue=q.cue,
                direct=q.direct,
            )
        )
    return out


def speaker_names(
    doc: Doc, quotes: tuple[Quote, ...] | list[Quote] | None = None
) -> list[str | None]:
    """The speaker of each quote as a name: pronouns take the last named speaker's words."""
    pron = _pronouns()
    last: str | None = None
    out: list[str | None] = []
    for q in doc.quotes if quotes is None else quotes:
        name = q.speaker_text
        ent = doc.entity(q.speaker)
        if ent is not None:
            name = ent.name
        elif name and name.casefold() in pron:
            name = last
        elif name and any(w[:1].isupper() for w in name.split()):
            last = name
        out.append(name)
    return out


class QuoteStage(BaseStage):
    name = "warta.quotes"
    version = 1
    requires = ("sentences", "tokens")
    assigns = ("quotes",)

    def __call__(self, doc: Doc) -> Doc:
        return doc.replace(quotes=tuple(find_quotes(doc)))


@register(QuoteStage.name)
def _make_quotes(settings: Mapping[str, Any]) -> QuoteStage:
    return QuoteStage()


_ = Token  # tokens are required for ordering with other stages; spans use the text
