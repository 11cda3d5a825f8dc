"""Datelines, sentences and tokens: the layers every other stage stands on."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from warta import resources
from warta.model import Dateline, Doc, Sentence, Token
from warta.pipeline import register
from warta.stages._base import BaseStage

__all__ = [
    "DatelineStage",
    "SentenceStage",
    "TokenStage",
    "find_dateline",
    "split_sentences",
    "tokenize",
]

_DASH = r"[-–—]{1,2}"
# "Baghdad, Purna Warta – ", "JAKARTA, KOMPAS.com - "
_DL_PLACE_SOURCE = re.compile(
    rf"(?P<place>[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){{0,3}}),[ \t]*"
    rf"(?P<source>[A-Z][\w.]*(?: [A-Z][\w.]*){{0,3}})[ \t]*{_DASH}[ \t]*"
)
# "Jakarta (ANTARA) - "
_DL_PLACE_PAREN = re.compile(
    rf"(?P<place>[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){{0,3}})[ \t]*\((?P<source>[^()\n]{{2,30}})\)"
    rf"[ \t]*{_DASH}[ \t]*"
)
# "Suara.com - ", "Liputan6.com, Jakarta - "
_DL_SITE = re.compile(
    rf"(?P<source>[A-Z][\w-]*\.(?:com|co\.id|id|net|org))"
    rf"(?:,[ \t]*(?P<place>[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){{0,3}}))?[ \t]*{_DASH}[ \t]*"
)
# "Rimanews-", "Okezone News - ": an outlet named ...news, the dash possibly glued to the text
_DL_NEWS = re.compile(rf"(?P<source>[A-Z][A-Za-z]*[Nn]ews(?: ?\.com)?)[ \t]*{_DASH}[ \t]*")
# "JAKARTA - "
_DL_CAPS = re.compile(rf"(?P<place>[A-Z]{{3,}}(?: [A-Z]{{3,}}){{0,2}})[ \t]*{_DASH}[ \t]*")


def _title(name: str | None) -> str | None:
    if name is None:
        return None
    name = name.strip()
    return name.title() if name.isupper() and len(name) > 3 else name


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text`` (after leading space), if there is one."""
    lead = len(text) - len(text.lstrip())
    for pattern in (_DL_SITE, _DL_PLACE_PAREN, _DL_PLACE_SOURCE, _DL_NEWS, _DL_CAPS):
        m = pattern.match(text, lead)
        if m is None:
            continue
        gd = m.groupdict()
        end = m.end()
        # the dateline must be followed by the body text on the same line
        if end >= len(text) or text[end] == "\n":
            continue
        start, stop = m.start(), m.end()
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        return Dateline(
            start=start, end=stop, place=_title(gd.get("place")), source=gd.get("source")
        )
    return None


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in resources.load_lines("id/abbreviations.txt"))


_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_OPENERS = "\"'“‘(["


def _is_boundary(text: str, stop_start: int, stop_end: int) -> bool:
    """Whether the punctuation run text[stop_start:stop_end] ends a sentence."""
    nxt = stop_end
    while nxt < len(text) and text[nxt] in " \t":
        nxt += 1
    if nxt >= len(text) or text[nxt] == "\n":
        return True
    ch = text[nxt]
    if not (ch.isupper() or ch.isdigit() or ch in _OPENERS):
        return False
    if text[stop_start] != ".":
        return True
    m = _WORD_BEFORE.search(text, max(0, stop_start - 40), stop_start)
    if m is None:
        return True
    word = m.group(1)
    if word.lower().rstrip(".") in _abbreviations():
        return False
    # initials such as "M." or "A.S." before a name
    return not re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word)


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of ``text[start:]``: ordered, non-overlapping, trimmed of space.

    Every line break ends a sentence (news paragraphs); inside a line a full stop, ``!``,
    ``?`` or ellipsis ends one when an upper-case letter, digit or opening quote follows,
    except after a known abbreviation or an initial. A sentence longer than
    :data:`MAX_SENTENCE_CHARS` is cut at a clause mark or space before that length.
    """
    out: list[Sentence] = []
    pos = start
    for line in re.finditer(r"[^\n]+", text[start:]):
        ls, le = line.start() + start, line.end() + start
        seg_start = ls
        for m in _CANDIDATE.finditer(text, ls, le):
            if _is_boundary(text, m.start(), m.end()):
                _append(out, text, seg_start, m.end())
                seg_start = m.end()
        _append(out, text, seg_start, le)
        pos = le
    del pos
    return out


#: the longest sentence kept whole. The stages' per-sentence work grows faster than the
#: sentence (the event coder's roughly with its cube), so a "sentence" longer than any real
#: one (news sentences stay under ~450 characters) is cut, keeping the cost of a text that
#: never ends a sentence linear in its length.
MAX_SENTENCE_CHARS = 1000


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut(text, start, start + MAX_SENTENCE_CHARS)
        _append(out, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end))


def _cut(text: str, start: int, limit: int) -> int:
    """Where to cut an over-long sentence before ``limit``: after the last ``;`` or ``,``
    in its second half, else at the last space, else at ``limit``."""
    half = start + (limit - start) // 2
    for mark in ("; ", ", "):
        k = text.rfind(mark, half, limit)
        if k >= 0:
            return k + 1
    k = max(text.rfind(" ", half, limit), text.rfind("\t", half, limit))
    return k if k > start else limit


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|[^\w\s]")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word, number and punctuation tokens; hyphenated words stay whole (al-Sudani)."""
    return [
        Token(m.start(), m.end())
        for m in _TOKEN.finditer(text, start, len(text) if end is None else end)
    ]


class DatelineStage(BaseStage):
    name = "warta.dateline"
    version = 1
    assigns = ("dateline",)

    def __call__(self, doc: Doc) -> Doc:
        return doc.replace(dateline=find_dateline(doc.text))


class SentenceStage(BaseStage):
    name = "warta.sentences"
    version = 1
    requires = ("dateline",)
    assigns = ("sentences",)

    def __call__(self, doc: Doc) -> Doc:
        start = doc.dateline.end if doc.dateline else 0
        return doc.replace(sentences=tuple(split_sentences(doc.text, start)))


class TokenStage(BaseStage):
    name = "warta.tokens"
    version = 1
    requires = ("sentences",)
    assigns = ("tokens",)

    def __call__(self, doc: Doc) -> Doc:
        toks: list[Token] = []
        for sent in doc.sentences:
            toks.extend(tokenize(doc.text, sent.start, sent.end))
        return doc.replace(tokens=tuple(toks))


@register(DatelineStage.name)
def _make_dateline(settings: Mapping[str, Any]) -> DatelineStage:
    return DatelineStage()


@register(SentenceStage.name)
def _make_sentences(settings: Mapping[str, Any]) -> SentenceStage:
    return SentenceStage()


@register(TokenStage.name)
def _make_tokens(settings: Mapping[str, Any]) -> TokenStage:
    return TokenStage()
