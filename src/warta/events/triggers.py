"""Trigger words: lexicon entries and their morphological family, and their form."""

from __future__ import annotations

from dataclasses import replace

from warta.events.lexicon import Lexicon, Trigger
from warta.events.morph import candidates, strip_clitics
from warta.events.view import SentenceView
from warta.spans import mention_index


def in_entity_name(sv: SentenceView, k: int) -> bool:
    s, e = sv.toks[k]
    ents = sv.doc.entities
    mentions = mention_index(ents)  # the mentions around the token, not all of them
    for ref in mentions.spans.overlapping(s, e):
        ei, mi = mentions.refs[ref]
        if ents[ei].type in ("PER", "GPE", "LOC"):
            continue
        m = ents[ei].mentions[mi]
        if m.start <= s and e <= m.end and (m.end - m.start) > (e - s):
            return True
    return False


def _in_name_sequence(sv: SentenceView, k: int) -> bool:
    """A capitalised word inside a run of capitalised words mid-sentence (a name)."""
    if k == 0 or not sv.text(k)[:1].isupper() or sv.text(k).isupper():
        return False
    prev = sv.text(k - 1)
    if not prev[:1].isalpha():
        return False
    nxt = sv.text(k + 1) if k + 1 < len(sv.toks) else ""
    return prev[:1].isupper() or nxt[:1].isupper()


def _stopped(sv: SentenceView, k: int, lex: Lexicon) -> bool:
    for seq in lex.stop:
        for off in range(len(seq)):
            a = k - off
            if a < 0 or a + len(seq) > len(sv.low):
                continue
            if all(
                sv.low[a + x] == w or w in candidates(sv.low[a + x], "id")
                for x, w in enumerate(seq)
            ):
                return True
    return False


def _word_matches(low: str, word: str, lang: str) -> bool:
    return low == word or word in candidates(low, lang)


def find_triggers(sv: SentenceView, lex: Lexicon, lang: str) -> list[tuple[int, int, Trigger]]:
    n = len(sv.low)
    out: list[tuple[int, int, Trigger]] = []
    taken: set[int] = set()
    for k in range(n):
        if k in taken or not sv.low[k][:1].isalpha():
            continue
        best: tuple[int, int, Trigger] | None = None
        base = strip_clitics(sv.low[k])
        for cand in candidates(sv.low[k], lang):
            for trig in lex.by_first.get(cand, ()):
                end = _match_rest(sv, k, trig, lang)
                if end is not None and (best is None or trig.length > best[2].length):
                    best = (k, end, trig)
        ex = lex.exact.get(base) or lex.exact.get(sv.low[k])
        if ex is not None and (best is None or best[2].length == 1):
            best = (k, k + 1, ex)
        if best is None:
            continue
        if in_entity_name(sv, k) or (lang == "id" and _stopped(sv, k, lex)):
            continue
        if _in_name_sequence(sv, k):
            continue
        if lang == "id" and _agent_noun(base, best[2]):
            # "penyelidik", "penyerang", "pendukung": peN- without -an names the doer
            continue
        if (
            lang == "id"
            and k > 0
            and sv.low[k - 1] in {"yang"}
            and sv.low[k].startswith("di")
            and out
            and k - out[-1][1] <= 8
        ):
            # "serangan ... yang diperintahkan oleh X": the relative describes that event
            continue
        if out and out[-1][2].type in _CONTENT_GOVERNORS and 0 <= best[0] - out[-1][1] <= 1:
            # "meminta bantuan", "menolak menerima": the second word is the content;
            # cancelling or lifting a hostile act ("membatalkan seruan", "mencabut sanksi")
            # is a concession
            gi, gj, gov = out[-1]
            if (
                gov.type == "REJECT"
                and best[2].type in _HOSTILE
                and strip_clitics(sv.low[gi]) in _REVOKE
            ):
                out[-1] = (gi, gj, replace(gov, type="CONCEDE", mode=None))
            taken.update(range(best[0], best[1]))
            continue
        out.append(best)
        taken.update(range(best[0], best[1]))
    return out


def _agent_noun(word: str, trig: Trigger) -> bool:
    """A peN- noun without the -an suffix names a person or an instrument, not an act."""
    if trig.exact:
        return False
    root = trig.words[0]
    if root.startswith("pe") or not word.startswith("pe") or word.endswith("an"):
        return False
    return len(word) > len(root)


_HOSTILE = frozenset({"REQUEST", "THREATEN", "SANCTION", "ASSAULT", "COERCE"})


_REVOKE = frozenset(
    {"membatalkan", "dibatalkan", "mencabut", "dicabut", "cancel", "cancelled", "lift", "lifted"}
)


_CONTENT_GOVERNORS = frozenset({"REQUEST", "REJECT", "AGREE", "THREATEN"})


def _match_rest(sv: SentenceView, k: int, trig: Trigger, lang: str) -> int | None:
    pos = k + 1
    for w in trig.words[1:]:
        for gap in range(3):
            q = pos + gap
            if q < len(sv.low) and _word_matches(sv.low[q], w, lang):
                pos = q + 1
                break
        else:
            return None
    return pos


def trigger_form(sv: SentenceView, k: int, trig: Trigger, lang: str) -> str:
    w = strip_clitics(sv.low[k])
    root = "" if trig.exact else trig.words[0]
    if lang == "en":
        prev = sv.low[k - 1] if k > 0 else ""
        if w.endswith("ed") and prev in {"was", "were", "been", "be", "is", "are", "being"}:
            return "passive"
        if prev in {"the", "a", "an", "its", "their", "his", "her"} or w.endswith(("tion", "ment")):
            return "nominal"
        return "active"
    if trig.length > 1 and not w.startswith(("me", "ber", "di")):
        return "nominal"
    if w.startswith("di") and not root.startswith("di"):
        return "passive"
    if w.startswith("ter") and not root.startswith("ter"):
        return "passive"
    if w.startswith(("me", "ber", "be")) and not root.startswith(("me", "be")):
        return "active"
    if w.endswith("an") and not root.endswith("an"):
        return "nominal"
    if w.startswith(("pe", "ke")) and not root.startswith(("pe", "ke")):
        return "nominal"
    return "bare"
