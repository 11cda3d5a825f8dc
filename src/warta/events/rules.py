"""The rule-based event coder (backend ``rules``).

For each sentence: find trigger words (lexicon + morphology), find actor phrases (entity
mentions and actor head nouns, resolved through the entity layer), read actor and
recipient from the sentence structure (active, passive, nominal, prepositions, joint
actions, relative clauses, reported speech), then flag modality (negated, future,
hypothetical), date the event from the times layer, attach place, size, context and
quote, and merge mentions of the same event within the article (coreference).

No parser is available offline for Indonesian, so structure is read from tokens and
function words kept in ``resources/{id,en}/event_grammar.json``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from warta.events import register_backend
from warta.events.lexicon import Grammar, Lexicon, Trigger, codebook, grammar, lexicon
from warta.events.morph import candidates, strip_clitics
from warta.model import (
    Actor,
    Doc,
    Entity,
    Event,
    EventLocation,
    EventSize,
    Granularity,
    Quote,
    Sentence,
    Span,
    Time,
)
from warta.spans import containing, mention_index, span_index, starting_in

__all__ = ["RulesBackend", "code_events"]

_COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
_FORCEFUL = frozenset({"SANCTION", "ASSAULT", "COERCE", "MOBILIZE"})
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
_STATE_SECTORS = frozenset({"GOV", "LEG", "MIL", "IGO", "JUD", "COP"})

Resolver = Callable[[Doc, int, int], tuple[str | None, str | None, str | None]]


def _entity_resolver() -> Resolver | None:
    """The entity layer's ``resolve_actor_text`` when that layer is installed."""
    try:
        from warta.actors import resolve_actor_text  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    fn: Resolver = resolve_actor_text
    return fn


# -- sentence view ----------------------------------------------------------------------


@dataclass
class _Phrase:
    """An actor phrase: tokens [i, j) of the sentence, resolved to an Actor."""

    i: int
    j: int
    actor: Actor
    head: bool = False  # starts with a common actor noun (pasukan, polisi ...)


@dataclass
class _Sent:
    doc: Doc
    sent: Sentence
    toks: list[tuple[int, int]]
    low: list[str]
    phrases: list[_Phrase] = field(default_factory=list)
    last_person: list[Actor] = field(default_factory=list)
    #: entity id -> (country, sector) learned from a role phrase ("Dubes Korut, Ja Song Nam")
    inherited: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def text(self, i: int) -> str:
        s, e = self.toks[i]
        return self.doc.text[s:e]


@dataclass
class _Cand:
    """An event candidate before coreference."""

    type: str
    mode: str | None
    trig: tuple[int, int]  # token range
    sent: _Sent
    actors: list[Actor]
    recipients: list[Actor]
    frame: str
    form: str
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    confidence: float = 0.5
    others: tuple[int, ...] = ()  # token positions of the other triggers of the sentence
    #: the event whose parties an anaphoric "kedua negara" takes, and this event's date
    antecedent: _Cand | None = None
    dated: tuple[str | None, Granularity] | None = None


# -- the backend ------------------------------------------------------------------------


class RulesBackend:
    name = "rules"
    version = 1

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        settings = settings or {}
        self.keep_unresolved = bool(settings.get("keep_unresolved", False))
        self.min_confidence = float(settings.get("min_confidence", 0.0))

    def code(self, doc: Doc) -> tuple[Event, ...]:
        events = code_events(doc, keep_unresolved=self.keep_unresolved)
        return tuple(e for e in events if e.confidence >= self.min_confidence)


@register_backend("rules")
def _make_rules(settings: Mapping[str, Any]) -> RulesBackend:
    return RulesBackend(settings)


# -- main procedure ---------------------------------------------------------------------


def code_events(doc: Doc, *, keep_unresolved: bool = False) -> tuple[Event, ...]:
    lang = "en" if (doc.language or "id") == "en" else "id"
    lex, gr = lexicon(lang), grammar(lang)
    resolver = _entity_resolver()
    cands: list[_Cand] = []
    last_person: list[Actor] = []
    inherited: dict[str, tuple[str | None, str | None]] = {}
    for sent in doc.sentences:
        stext = doc.text[sent.start : sent.end].strip().lower()
        if any(stext.startswith(p) for p in gr.link_prefixes):
            continue
        sv = _sentence_view(doc, sent, lang)
        if not sv.toks:
            continue
        sv.last_person = list(last_person)
        sv.inherited = inherited
        sv.phrases = _actor_phrases(sv, lex, gr, resolver, last_person)
        found = _triggers(sv, lex, lang)
        sent_cands: list[_Cand] = []
        for ti, tj, trig in found:
            c = _code_one(sv, ti, tj, trig, gr, lang, sent_cands, cands, keep_unresolved)
            if c is not None:
                c.others = tuple(x[0] for x in found if x[0] != ti)
                sent_cands.append(c)
        cands.extend(sent_cands)
        for ph in sv.phrases:
            ent = doc.entity(ph.actor.entity) if ph.actor.entity else None
            if ent is None or ent.type != "PER" or not ph.actor.country:
                continue
            # a person named only inside someone's direct quote does not become the
            # antecedent of the narrator's later pronouns
            start = ph.actor.start if ph.actor.start is not None else sv.toks[ph.i][0]
            if any(doc.quotes[n].direct for n in span_index(doc.quotes).containing(start)):
                continue
            last_person[:] = [ph.actor]
    kept = [c for c in cands if (keep_unresolved or _resolved(c)) and _political(c)]
    return _finalise(doc, kept, gr, lang)


_NONPOLITICAL_SECTORS = frozenset({"MED", "CVL"})


def _political(c: _Cand) -> bool:
    """A meeting or visit needs a political party: journalists' and tourists' visits and
    interviews (all actors MED or CVL) are reporting and travel, not diplomacy."""
    if c.type != "CONSULT" or not c.actors:
        return True
    return not all(a.sector in _NONPOLITICAL_SECTORS for a in c.actors)


def _resolved(c: _Cand) -> bool:
    """An actor with a country, or a named non-state organisation (an armed group)."""
    for a in c.actors:
        if a.country:
            return True
        ent = c.sent.doc.entity(a.entity) if a.entity else None
        if ent is not None and ent.type == "ORG" and (a.sector or ent.sector):
            return True
    return False


# -- tokens and phrases -----------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|[^\w\s]")


def _sentence_view(doc: Doc, sent: Sentence, lang: str) -> _Sent:
    toks = [(t.start, t.end) for t in doc.tokens_in(sent.start, sent.end)]
    if not toks:
        toks = [(m.start(), m.end()) for m in _TOKEN.finditer(doc.text, sent.start, sent.end)]
    low = [doc.text[s:e].lower() for s, e in toks]
    return _Sent(doc=doc, sent=sent, toks=toks, low=low)


def _tok_range(sv: _Sent, start: int, end: int) -> tuple[int, int] | None:
    idx = [k for k, (s, e) in enumerate(sv.toks) if s < end and e > start]
    return (idx[0], idx[-1] + 1) if idx else None


_MODIFIERS = frozenset(
    {
        "luar",
        "negeri",
        "dalam",
        "pertahanan",
        "keamanan",
        "khusus",
        "udara",
        "laut",
        "darat",
        "senior",
        "besar",
        "tinggi",
        "koalisi",
        "bersenjata",
        "operasi",
        "sipil",
        "jenderal",
        "utama",
        "perdana",
        "wakil",
        "kepala",
        "ketua",
        "juru",
        "bicara",
        "menteri",
        "presiden",
        "pemimpin",
        "komandan",
        "mantan",
        "tetap",
        "federal",
        "nasional",
        "gabungan",
        "internasional",
        "wilayah",
        "daerah",
        "provinsi",
        "kota",
        "distrik",
        "islam",
        "muslim",
        "pro",
        "anti",
        "foreign",
        "defense",
        "defence",
        "security",
        "special",
        "armed",
        "prime",
        "vice",
        "chief",
        "national",
        "former",
        "military",
        "police",
        "kementerian",
        "pasukan",
        "angkatan",
        "tentara",
        "militer",
        "polisi",
        "the",
    }
)
_REACTIONS = frozenset({"ACCUSE", "REJECT", "SUPPORT", "REQUEST"})
_EVENT_NOUNS = frozenset(
    {
        "hal",
        "langkah",
        "keputusan",
        "pernyataan",
        "tindakan",
        "kebijakan",
        "rencana",
        "aksi",
        "sikap",
        "pengakuan",
        "serangan",
        "pemungutan",
        "resolusi",
        "usulan",
        "tuduhan",
        "tudingan",
        "move",
        "decision",
        "statement",
        "step",
        "action",
    }
)
_DEMONSTRATIVES = frozenset({"itu", "tersebut", "ini"})
_VICTIM_NOUNS = frozenset({"target", "sasaran", "korban", "victim", "victims"})
_NAMELY = frozenset({"yakni", "yaitu", "seperti", "namely", "including"})
_INTERNATIONAL = frozenset({"internasional", "international"})
_PARTITIVES = frozenset(
    {
        "para",
        "pihak",
        "sejumlah",
        "beberapa",
        "kedua",
        "seorang",
        "sebuah",
        "ribuan",
        "ratusan",
        "puluhan",
        "the",
        "some",
        "several",
    }
)


def _actor_phrases(
    sv: _Sent,
    lex: Lexicon,
    gr: Grammar,
    resolver: Resolver | None,
    last_person: list[Actor],
) -> list[_Phrase]:
    doc = sv.doc
    n = len(sv.toks)
    owner: list[Entity | None] = [None] * n
    mentions = mention_index(doc.entities)  # the mentions in this sentence, not all of them
    for ref in mentions.spans.within(sv.sent.start, sv.sent.end):
        ent = doc.entities[mentions.refs[ref][0]]
        m = ent.mentions[mentions.refs[ref][1]]
        r = _tok_range(sv, m.start, m.end)
        if r:
            for k in range(*r):
                if owner[k] is None:
                    owner[k] = ent
    phrases: list[_Phrase] = []
    heads = [_dedup(w) in lex.heads for w in sv.low]
    for k in range(n):  # "kelompok kerja": a working group, no actor
        if heads[k] and any(tuple(sv.low[k : k + len(st)]) == st for st in lex.head_stop):
            heads[k] = False
    k = 0
    while k < n:
        is_head = heads[k]
        if owner[k] is None and not is_head:
            k += 1
            continue
        i = k
        j = k + 1
        # extend over further name tokens, head nouns and modifiers ("Menteri Pertahanan AS
        # Lloyd Austin", "pasukan keamanan Irak"), at most 9 tokens
        while j < n and j - i < 9:
            lw = sv.low[j]
            if owner[j] is not None or heads[j] or lw in _MODIFIERS:
                j += 1
                continue
            break
        # a head noun without a name takes the country after "di/dari": "faksi-faksi di Irak"
        if (
            is_head
            and all(o is None for o in owner[i:j])
            and j + 1 < n
            and sv.low[j] in {"di", "dari", "in", "from"}
            and owner[j + 1] is not None
            and owner[j + 1].type == "GPE"  # type: ignore[union-attr]
        ):
            j += 2
            while j < n and owner[j] is not None and owner[j] is owner[j - 1]:
                j += 1
        # do not end on a bare modifier
        while (
            j - 1 > i
            and owner[j - 1] is None
            and sv.low[j - 1] in _MODIFIERS
            and sv.low[j - 1] not in _INTERNATIONAL
        ):
            j -= 1
        # partitive before the head ("para pejabat", "pihak berwenang")
        if i > 0 and sv.low[i - 1] in _PARTITIVES:
            i -= 1
        actor = _resolve_phrase(sv, i, j, owner, lex, resolver)
        if actor is not None:
            phrases.append(_Phrase(i, j, actor, head=is_head))
        k = j
    # "X mengatakan mereka ...": a group pronoun after a saying is the sayer
    for k in range(1, n):
        if sv.low[k] in gr["pronouns_group"] and sv.low[k - 1] in gr["speech_verbs"]:
            if any(p.i <= k < p.j for p in phrases):
                continue
            sayer = [p for p in phrases if p.j <= k - 1]
            if sayer and sayer[-1].actor.country:
                s, e = sv.toks[k]
                phrases.append(
                    _Phrase(k, k + 1, replace(sayer[-1].actor, text=doc.text[s:e], start=s, end=e))
                )
    phrases.sort(key=lambda p: p.i)
    # "negara itu / pemerintah tersebut / di negara itu": the last country named before
    for n_, p in enumerate(phrases):
        if p.actor.country is not None or not p.head:
            continue
        after = sv.low[p.j : p.j + 3]
        anaphoric = (
            bool(set(sv.low[p.i : p.j]) & _DEMONSTRATIVES)
            or (bool(after) and after[0] in _DEMONSTRATIVES)
            or after in (["di", "negara", "itu"], ["di", "negara", "tersebut"])
        )
        if not anaphoric:
            continue
        # "Indonesia mengajak negara tersebut": the anaphor is not its own clause's subject
        # (but "Libya mengaku negara itu ..." is: a complement clause of a saying)
        local = {
            q.actor.country
            for q in phrases
            if q.actor.country
            and q.j <= p.i
            and p.i - q.j <= 3
            and not any(w in gr["speech_verbs"] or w == "bahwa" for w in sv.low[q.j : p.i])
        }
        last = _last_country_before(doc, p.actor.start or sv.toks[p.i][0], exclude=local)
        if last is not None:
            phrases[n_] = replace(p, actor=replace(p.actor, country=last))
    # a bare group noun ("militer", "warga sipil", "polisi") belongs to the country of the
    # nearest place named in the sentence, else the last country named before
    for n_, p in enumerate(phrases):
        if p.actor.country is not None or p.actor.entity is not None or not p.head:
            continue
        if p.actor.sector not in _DOMESTIC_SECTORS:
            continue
        c = _nearest_country(doc, sv, p)
        if c is not None:
            phrases[n_] = replace(p, actor=replace(p.actor, country=c))
    # a person named after a role phrase takes its codes: "Dubes Korut untuk PBB, Ja Song Nam"
    for n_, p in enumerate(phrases):
        pent = doc.entity(p.actor.entity) if p.actor.entity else None
        if pent is None or pent.type != "PER":
            continue
        if p.actor.country is None and pent.id in sv.inherited:
            c, sec = sv.inherited[pent.id]
            phrases[n_] = replace(
                p, actor=replace(p.actor, country=c, sector=p.actor.sector or sec)
            )
            continue
        if p.actor.country is not None or p.i == 0 or sv.low[p.i - 1] != ",":
            continue
        role = next(
            (q for q in reversed(phrases[:n_]) if q.head and q.actor.country and p.i - q.j <= 5),
            None,
        )
        if role is not None:
            sv.inherited[pent.id] = (role.actor.country, role.actor.sector)
            phrases[n_] = replace(
                p,
                actor=replace(
                    p.actor, country=role.actor.country, sector=p.actor.sector or role.actor.sector
                ),
            )
    # pronouns: a person pronoun refers to the last person named as an actor
    for k in range(n):
        lw = strip_clitics(sv.low[k]) if sv.low[k] not in gr["pronouns_person"] else sv.low[k]
        if (sv.low[k] in gr["pronouns_person"] or lw in gr["pronouns_person"]) and last_person:
            if any(p.i <= k < p.j for p in phrases):
                continue
            s, e = sv.toks[k]
            a = last_person[0]
            phrases.append(_Phrase(k, k + 1, replace(a, text=doc.text[s:e], start=s, end=e)))
    # first person in quoted speech: the quote's speaker (quotes layer), else the speaker
    # named after "kata/ujar" in the sentence, else the last person named
    first = {"saya", "kami", "kita", "aku", "i", "we"}
    fp = [k for k in range(n) if strip_clitics(sv.low[k]) in first or sv.low[k] in first]
    if fp:
        cands: list[Actor] = []
        for q in containing(doc.quotes, sv.toks[fp[0]][0]):
            if q.speaker:
                sp_ent = doc.entity(q.speaker)
                if sp_ent is not None:
                    c, sec = sp_ent.country, sp_ent.sector
                    if c is None and sp_ent.id in sv.inherited:
                        c, sec = sv.inherited[sp_ent.id]
                    cands.append(Actor(sp_ent.name, sp_ent.id, c, sec))
        sp = [k for k in range(n) if sv.low[k] in gr["speech_verbs"] and k > fp[0]]
        if sp:
            cands += [p.actor for p in phrases if sp[0] < p.i <= sp[0] + 3]
        if any(strip_clitics(sv.low[k]) in {"saya", "aku", "i"} for k in fp):
            cands += last_person  # "saya" is a person; "kami/kita" are not the last person
        speaker = next((c for c in cands if c.country), None)
        if speaker is not None:
            for k in fp:
                s, e = sv.toks[k]
                hit = [p for p in phrases if p.i <= k < p.j]
                if hit and hit[0].actor.country:
                    continue
                phrases = [p for p in phrases if p not in hit]
                phrases.append(
                    _Phrase(k, k + 1, replace(speaker, text=doc.text[s:e], start=s, end=e))
                )
    phrases.sort(key=lambda p: p.i)
    return phrases


# a bare military, police, civilian or government noun ("militer", "pemerintah") belongs
# to the country of the nearest place named in its sentence
_DOMESTIC_SECTORS = frozenset({"MIL", "COP", "CVL", "GOV"})


def _nearest_country(doc: Doc, sv: _Sent, p: _Phrase) -> str | None:
    """The country of the place or state named nearest to phrase ``p`` in its sentence."""
    pos = sv.toks[p.i][0]
    best: tuple[int, str] | None = None
    mentions = mention_index(doc.entities)
    for hit in mentions.spans.starting_in(sv.sent.start, sv.sent.end):
        ent = doc.entities[mentions.refs[hit][0]]
        if ent.type not in ("GPE", "LOC") or not ent.country:
            continue
        d = abs(ent.mentions[mentions.refs[hit][1]].start - pos)
        if best is None or d < best[0]:
            best = (d, ent.country)
    for pl in starting_in(doc.places, sv.sent.start, sv.sent.end):
        if pl.country:
            d = abs(pl.start - pos)
            if best is None or d < best[0]:
                best = (d, pl.country)
    if best is not None:
        return best[1]
    return _main_country_before(doc, pos)


def _main_country_before(doc: Doc, offset: int) -> str | None:
    """The country whose places/states are mentioned most often before ``offset``."""
    counts: dict[str, int] = {}
    for ent in doc.entities:
        if ent.type != "GPE" or not ent.country:
            continue
        k = sum(1 for m in ent.mentions if m.start < offset)
        if k:
            counts[ent.country] = counts.get(ent.country, 0) + k
    return max(counts, key=lambda c: counts[c]) if counts else None


def _last_country_before(
    doc: Doc, offset: int, window: int = 600, exclude: frozenset[str] | set[str] = frozenset()
) -> str | None:
    """The country of the last place entity (GPE) mentioned before ``offset``."""
    best: tuple[int, str] | None = None
    mentions = mention_index(doc.entities)
    for hit in mentions.spans.starting_in(offset - window, offset):
        ei, mi = mentions.refs[hit]
        ent = doc.entities[ei]
        if ent.type != "GPE" or not ent.country or ent.country in exclude:
            continue
        m = ent.mentions[mi]
        if best is None or m.start > best[0]:
            best = (m.start, ent.country)
    return best[1] if best else None


def _dedup(word: str) -> str:
    """The base of a reduplicated plural: "faksi-faksi" -> "faksi"."""
    a, sep, b = word.partition("-")
    return a if sep and a == b else word


def _resolve_phrase(
    sv: _Sent,
    i: int,
    j: int,
    owner: list[Entity | None],
    lex: Lexicon,
    resolver: Resolver | None,
) -> Actor | None:
    doc = sv.doc
    start, end = sv.toks[i][0], sv.toks[j - 1][1]
    text = doc.text[start:end]
    country = sector = eid = None
    if resolver is not None:
        try:
            country, sector, eid = resolver(doc, start, end)
        except Exception:  # the entity layer must never break event coding
            country = sector = eid = None
    # distinct by identity: an Entity's hash walks all its mentions (quadratic on long texts)
    ents = list({id(o): o for o in owner[i:j] if o is not None}.values())
    if country is None:
        # the entity mentions inside: a person or organisation carries the sector, the
        # first of person / place / organisation with a country gives the country
        # ("Presiden Turki Recep Tayyip Erdogan" = TUR even when the person is unknown)
        people = [e for e in ents if e.type in ("PER", "ORG", "NORP")]
        order = {"PER": 0, "GPE": 1, "ORG": 2}
        for e in sorted(ents, key=lambda e: order.get(e.type, 3)):
            if e.country and country is None:
                country = e.country
            if e.sector and sector is None and e.type != "GPE":
                sector = e.sector
        if ents and eid is None:
            pers = [e for e in ents if e.type == "PER"]
            eid = (pers or people or ents)[-1].id
    head_sector = next(
        (lex.heads[_dedup(sv.low[k])] for k in range(i, j) if _dedup(sv.low[k]) in lex.heads), None
    )
    if sector is None:
        if head_sector is not None:
            sector = head_sector
        elif ents and all(e.type == "GPE" for e in ents):
            sector = "GOV"
    elif (
        head_sector is not None
        and _dedup(sv.low[i]) in lex.heads
        and ents
        and all(e.type == "GPE" for e in ents)
    ):
        # "pasukan AS": the head noun decides the sector, the GPE the country
        sector = head_sector
    if country is None:
        words = [_dedup(sv.low[k]) for k in range(i, j)]
        country = next((lex.head_country[w] for w in words if w in lex.head_country), None)
        if country is None and any(w in _INTERNATIONAL for w in words):
            country, sector = "IGO", "IGO"
    if country is None and eid is None and not ents and head_sector is None:
        return None
    return Actor(text=text, entity=eid, country=country, sector=sector, start=start, end=end)


# -- triggers ---------------------------------------------------------------------------


def _in_entity_name(sv: _Sent, k: int) -> bool:
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


def _in_name_sequence(sv: _Sent, k: int) -> bool:
    """A capitalised word inside a run of capitalised words mid-sentence (a name)."""
    if k == 0 or not sv.text(k)[:1].isupper() or sv.text(k).isupper():
        return False
    prev = sv.text(k - 1)
    if not prev[:1].isalpha():
        return False
    nxt = sv.text(k + 1) if k + 1 < len(sv.toks) else ""
    return prev[:1].isupper() or nxt[:1].isupper()


def _stopped(sv: _Sent, k: int, lex: Lexicon) -> bool:
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


def _triggers(sv: _Sent, lex: Lexicon, lang: str) -> list[tuple[int, int, Trigger]]:
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
        if _in_entity_name(sv, k) or (lang == "id" and _stopped(sv, k, lex)):
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


_SUBORDINATORS = frozenset(
    {
        "setelah",
        "sebelum",
        "usai",
        "seusai",
        "ketika",
        "saat",
        "sambil",
        "sesudah",
        "after",
        "before",
        "while",
        "when",
    }
)
_HOSTILE = frozenset({"REQUEST", "THREATEN", "SANCTION", "ASSAULT", "COERCE"})
_REVOKE = frozenset(
    {"membatalkan", "dibatalkan", "mencabut", "dicabut", "cancel", "cancelled", "lift", "lifted"}
)
_CONTENT_GOVERNORS = frozenset({"REQUEST", "REJECT", "AGREE", "THREATEN"})


def _match_rest(sv: _Sent, k: int, trig: Trigger, lang: str) -> int | None:
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


def _form(sv: _Sent, k: int, trig: Trigger, lang: str) -> str:
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


# -- arguments --------------------------------------------------------------------------


def _group_at(sv: _Sent, idx: int, gr: Grammar, direction: int) -> list[_Phrase]:
    """The phrase at list index ``idx`` with the phrases joined to it by conjunctions."""
    ph = sv.phrases
    group = [ph[idx]]
    joins: list[str] = []
    k = idx
    while 0 <= k + direction < len(ph):
        a, b = (ph[k], ph[k + direction]) if direction > 0 else (ph[k + direction], ph[k])
        between = sv.low[a.j : b.i]
        nxt = ph[k + direction]
        placeish = nxt.actor.country is None and nxt.actor.sector is None
        if nxt.i > 0 and sv.low[nxt.i - 1] in gr["location_preps"]:
            placeish = True
        if (
            between
            and len(between) <= 2
            and all(w in gr["conjunctions"] for w in between)
            and not placeish
        ):
            group.append(ph[k + direction])
            joins.extend(between)
            k += direction
            continue
        break
    if joins and all(w == "," for w in joins):
        # commas alone mark an apposition ("Dubes Korut untuk PBB, Ja Song Nam"), not a list
        return [ph[idx]]
    return sorted(group, key=lambda p: p.i)


def _phrase_index_at(sv: _Sent, tok: int) -> int | None:
    for n, p in enumerate(sv.phrases):
        if p.i <= tok < p.j:
            return n
    return None


def _appositive(sv: _Sent, k: int, verb: int | None = None) -> bool:
    """Whether token k lies in ", sebuah/seorang/yang ... ," (skipped by subject search)."""
    left = k
    while left > 0 and sv.low[left - 1] != ",":
        left -= 1
    if left == 0:
        return False
    right = k
    while right < len(sv.low) and sv.low[right] != ",":
        right += 1
    if right >= len(sv.low) or (verb is not None and right > verb):
        return False
    return sv.low[left] in {"sebuah", "seorang", "salah", "yang", "a", "an", "which", "who"}


_ADVERBS = frozenset(
    {
        "telah",
        "sudah",
        "juga",
        "pun",
        "masih",
        "terus",
        "langsung",
        "akan",
        "kerap",
        "sering",
        "baru",
        "kemudian",
        "lalu",
        "segera",
        "tidak",
        "tak",
        "belum",
        "bahkan",
        "hanya",
        "sempat",
        "secara",
        "resmi",
        "akhirnya",
        "kembali",
        "pernah",
        "sedang",
        "tengah",
        "mulai",
        "ikut",
        "has",
        "have",
        "had",
        "also",
        "then",
        "later",
        "already",
        "not",
        "reportedly",
    }
)


def _main_subject(sv: _Sent, k: int, gr: Grammar) -> list[_Phrase]:
    """The first actor group of the sentence before token k that is not a prepositional object."""
    for n, p in enumerate(sv.phrases):
        if p.i >= k:
            break
        prev = sv.low[p.i - 1] if p.i > 0 else ""
        if prev in gr["recipient_preps"] | gr["location_preps"] | gr["source_preps"]:
            continue
        return _group_at(sv, n, gr, +1)
    return []


def _subject(sv: _Sent, k: int, gr: Grammar, *, through_speech: bool = False) -> list[_Phrase]:
    """The actor group left of token k in its clause (the grammatical subject)."""
    q = k - 1
    while q >= 0 and sv.low[q] in _ADVERBS:
        q -= 1
    if q >= 1 and sv.low[q] in {"dan", "serta", "and"} and sv.low[q - 1] == ",":
        # a coordinated verb phrase shares the sentence subject: "X memberi ..., dan memperingatkan"
        return _main_subject(sv, k, gr)
    if q >= 1 and sv.low[q] in {"dan", "serta", "and"}:
        # "X bertemu Y dan terus berkoordinasi": the first verb's subject
        for v in range(q - 1, max(-1, q - 10), -1):
            if sv.low[v] in gr["clause_breaks"] and sv.low[v] not in {","}:
                break
            w = sv.low[v]
            if _phrase_index_at(sv, v) is None and len(w) > 4 and w.startswith(("me", "ber")):
                return _subject(sv, v, gr)
    relative_ok = q >= 0 and sv.low[q] in gr["relative"]
    first: list[_Phrase] = []
    m = k - 1
    while m >= 0:
        lw = sv.low[m]
        pi = _phrase_index_at(sv, m)
        if pi is not None and not _appositive(sv, m, k):
            p = sv.phrases[pi]
            # an object of a preposition is not a subject
            if p.i > 0 and sv.low[p.i - 1] in gr["recipient_preps"] | gr["location_preps"]:
                m = p.i - 1
                continue
            group = _group_at(sv, pi, gr, -1)
            if any(g.actor.country for g in group):
                return first or group
            # "pihak otoritas di negara itu": an unresolved head; a named actor may precede
            first = first or group
            m = group[0].i - 1
            continue
        if lw in gr["relative"]:
            if not relative_ok:
                return first
            # a relative clause takes the noun before "yang" as its subject
            q = m - 1
            if q >= 0 and sv.low[q] == ",":
                q -= 1
            pi = _phrase_index_at(sv, q) if q >= 0 else None
            if pi is not None:
                return _group_at(sv, pi, gr, -1)
            # "X mengeluarkan surat yang meminta ...": the antecedent's owner acts
            m = q
            continue
        if (
            lw in gr["speech_verbs"]
            and first
            and not any(p.actor.country for p in first)
            and first[-1].j < len(sv.low)
            and sv.low[first[-1].j] in _DEMONSTRATIVES
        ):
            # "X mengaku negara itu akan ...": the anaphoric noun is the sayer's state
            said = _subject(sv, m, gr)
            if any(p.actor.country for p in said):
                return said
        if lw in gr["speech_verbs"] and (
            through_speech
            or m == k - 1
            or (m == k - 2 and sv.low[k - 1] in _ADVERBS | gr["speech_verbs"])
        ):
            # a subject-less complement shares the sayer: "X mengaku dihubungi Y"
            m -= 1
            continue
        if lw in gr["clause_breaks"]:
            return first
        m -= 1
    return first


def _verbish(w: str) -> bool:
    """An Indonesian verb form by its prefix (meN-, ber-, di-), loanword nouns excluded
    ("diplomasi", "diskusi", "dialog", "direktur")."""
    if w.endswith(("si", "log", "ktur", "nas", "rektorat")):
        return False
    return len(w) > 4 and w.startswith(("me", "ber", "di"))


def _governed_by(sv: _Sent, i: int, preps: frozenset[str], gr: Grammar) -> bool:
    """Whether a preposition of ``preps`` stands before token i with at most three plain
    nouns between ("terhadap dugaan campur tangan Rusia")."""
    for d in range(1, 5):
        q = i - d
        if q < 0:
            return False
        w = sv.low[q]
        if w in preps:
            return True
        if (
            _phrase_index_at(sv, q) is not None
            or w in gr["clause_breaks"]
            or w in gr["recipient_preps"]
            or _verbish(w)
            or not w[:1].isalpha()
        ):
            return False
    return False


def _object(
    sv: _Sent, k: int, gr: Grammar, *, preps: frozenset[str] | None = None, limit: int = 12
) -> list[_Phrase]:
    """The first actor group right of token k in its clause (not a location after "di")."""
    stop = gr["clause_breaks"] - gr["relative"] - {"bahwa", "that"}
    first: list[_Phrase] = []
    m = k
    while m < len(sv.low) and m - k < limit:
        lw = sv.low[m]
        if lw in stop and lw not in {",", "dan", "and"}:
            break
        if lw in gr["relative"]:
            break
        pi = _phrase_index_at(sv, m)
        if pi is not None:
            p = sv.phrases[pi]
            prev = sv.low[p.i - 1] if p.i > 0 else ""
            if prev in gr["location_preps"] and prev not in gr["recipient_preps"]:
                m = p.j
                continue
            if preps is not None and not _governed_by(sv, p.i, preps, gr):
                m = p.j
                continue
            group = _group_at(sv, pi, gr, +1)
            if any(g.actor.country for g in group):
                return group
            # an unresolved phrase ("Kepala Manajemen", "pihak"): a resolved one may follow;
            # a bare name with neither country nor sector (a weapon, a place) is no recipient
            if any(g.actor.sector for g in group):
                first = first or group
            m = group[-1].j
            continue
        m += 1
    return first


def _agent(sv: _Sent, k: int, gr: Grammar) -> list[_Phrase]:
    """The agent after "oleh"/"by" (may cross a relative clause)."""
    for m in range(k, len(sv.low)):
        if sv.low[m] in gr["agent_markers"]:
            for q in range(m + 1, min(m + 4, len(sv.low))):
                pi = _phrase_index_at(sv, q)
                if pi is not None:
                    return _group_at(sv, pi, gr, +1)
            return []
        if sv.low[m] in {";"}:
            break
    return []


def _relative_agent(sv: _Sent, k: int, gr: Grammar) -> list[_Phrase]:
    """ "... yang dilakukan/diperintahkan (oleh) X": the agent of a nominal event."""
    for m in range(k, min(k + 8, len(sv.low) - 1)):
        if sv.low[m] in gr["relative"]:
            q = m + 1
            while q < len(sv.low) and sv.low[q] in {"telah", "sudah", "juga", "kerap", "sering"}:
                q += 1
            if q < len(sv.low) and sv.low[q].startswith("di") and len(sv.low[q]) > 4:
                if q + 1 < len(sv.low) and sv.low[q + 1] in gr["agent_markers"]:
                    q += 1
                pi = _phrase_index_at(sv, q + 1) if q + 1 < len(sv.low) else None
                if pi is not None:
                    return _group_at(sv, pi, gr, +1)
            return []
        if sv.low[m] in {";", "."}:
            break
    return []


def _nominal_actor(sv: _Sent, k: int, gr: Grammar) -> list[_Phrase]:
    """The possessor right after a nominal trigger: "serangan (udara) AS"."""
    preps = gr["recipient_preps"] | gr["location_preps"] | gr["clause_breaks"] | gr["source_preps"]
    for m in range(k, min(k + 4, len(sv.low))):
        if sv.low[m] in preps:
            break
        pi = _phrase_index_at(sv, m)
        if pi is not None:
            return [sv.phrases[pi]]
    for m in range(k, min(k + 4, len(sv.low))):
        if sv.low[m] in gr["source_preps"]:
            return _object(sv, m + 1, gr, limit=8)
    return []


def _actors(group: list[_Phrase]) -> list[Actor]:
    return [p.actor for p in group]


def _danger(sv: _Sent, ti: int, tj: int, gr: Grammar) -> bool:
    """A threat noun naming a danger: after "di tengah" / "menghadapi" / "evaluasi" ...
    (quote marks skipped) or before "yang ditimbulkan/dihadapi"."""
    k = ti - 1
    while k >= 0 and not sv.low[k][:1].isalnum():
        k -= 1
    if k >= 0 and sv.low[k] in gr["danger_cues"]:
        return True
    after = sv.low[tj : tj + 2]
    return len(after) == 2 and after[0] in gr["relative"] and after[1] in gr["danger_followers"]


def _in_place(sv: _Sent, k: int) -> bool:
    """Token k lies inside a place name of the place layer."""
    if k < 0:
        return False
    s, e = sv.toks[k]
    return any(p.start <= s and e <= p.end for p in sv.doc.places)


def _code_one(
    sv: _Sent,
    ti: int,
    tj: int,
    trig: Trigger,
    gr: Grammar,
    lang: str,
    sent_cands: list[_Cand],
    doc_cands: list[_Cand],
    keep_actorless: bool = False,
) -> _Cand | None:
    form = _form(sv, ti, trig, lang)
    rp = gr["recipient_preps"]
    if form == "nominal" and tj < len(sv.low) and sv.low[tj] in {"itu", "tersebut", "that"}:
        # "pengakuan itu", "serangan tersebut": a reference back to a known event
        return None
    if form == "nominal" and trig.type == "THREATEN" and _danger(sv, ti, tj, gr):
        # "di tengah ancaman rudal", "evaluasi ancaman yang ditimbulkan oleh ISIS": a danger
        # faced, not a warning issued
        return None
    if (
        form == "passive"
        and lang == "id"
        and sv.low[ti].startswith("ter")
        and ti > 1
        and sv.low[ti - 1] in gr["relative"]
        and _in_place(sv, ti - 2)
        and not any(w in gr["agent_markers"] for w in sv.low[tj : tj + 3])
    ):
        # "Jalur Gaza yang terkepung": a stative participle describing a place, no act
        return None
    if trig.type == "REJECT":
        nxt = [w for w in sv.low[tj : tj + 3] if w not in {"untuk", "to"}]
        if nxt and nxt[0] in gr["reject_nonevent"]:
            # "menolak berkomentar", "menolak makan": declining to comment or to eat is no
            # political refusal
            return None
    actor: list[_Phrase] = []
    recip: list[_Phrase] = []
    etype = trig.type
    conf = 0.55
    if trig.frame in ("label", "speech"):
        # the act is the saying: the sayer acts; a label targets the actor it describes
        sp = [m for m in range(ti) if sv.low[m] in gr["speech_verbs"]]
        if sp:
            actor = _subject(sv, sp[-1], gr)
            if not actor:
                actor = _object(sv, sp[-1] + 1, gr, limit=4) if sp[-1] < ti - 1 else []
        else:
            # a postposed sayer: "“... provokasi ...,” kata X"
            post = [m for m in range(tj, len(sv.low)) if sv.low[m] in gr["speech_verbs"]]
            if post:
                actor = _object(sv, post[0] + 1, gr, limit=4)
        if trig.frame == "label":
            lo = sp[-1] + 1 if sp else 0
            near = [p for p in sv.phrases if lo <= p.i < ti and p not in actor]
            recip = [near[-1]] if near else _object(sv, tj, gr, limit=6)
        elif not actor:
            actor = _subject(sv, ti, gr)
    elif form == "passive":
        recip = _subject(sv, ti, gr)
        actor = _agent(sv, tj, gr)
        if not actor and lang == "id" and sv.low[tj - 1].endswith("nya") and sv.last_person:
            # "dihubunginya": contacted by him/her
            actor = [_Phrase(ti, tj, sv.last_person[0])]
        if not any(p.actor.country for p in recip):
            yk = next(
                (m for m in range(tj, min(tj + 3, len(sv.low))) if sv.low[m] in _NAMELY), None
            )
            if yk is not None:
                recip = _object(sv, yk + 1, gr, limit=4) or recip
        if not actor and tj < len(sv.low):
            pi = _phrase_index_at(sv, tj)
            if pi is not None:
                actor = _group_at(sv, pi, gr, +1)
        if not actor:
            # "X dibunuh dalam serangan (yang diperintahkan oleh) Y": leave to the nominal
            conf -= 0.15
    elif form == "nominal":
        w0 = strip_clitics(sv.low[ti])
        patient_first = (
            lang == "id"
            and w0.startswith("pe")
            and w0.endswith("an")
            and trig.type in {"ASSAULT", "COERCE", "RETREAT", "SANCTION"}
        )
        rel_agent = _relative_agent(sv, tj, gr)
        possessor = _nominal_actor(sv, tj, gr)
        if rel_agent or patient_first:
            actor = rel_agent
            recip = possessor
        else:
            actor = possessor
        if not actor:
            actor = _agent(sv, tj, gr)
        # "X menjadi target/korban serangan (dari Y)": X is the recipient, never the actor
        vic_noun = next((m for m in range(max(0, ti - 4), ti) if sv.low[m] in _VICTIM_NOUNS), None)
        if vic_noun is not None:
            recip = recip or _subject(sv, vic_noun, gr)
            actor = [p for p in actor if p not in recip]
        # the object of a light verb: "X melakukan serangan terhadap Y"
        before = sv.low[ti - 1] if ti > 0 and vic_noun is None else ""
        q = ti - 1
        while q >= 0 and (
            sv.low[q] in _PARTITIVES
            or sv.low[q].isdigit()
            or sv.low[q] in {"serangkaian", "sejumlah", "aksi", "puluhan", "ratusan", "berbagai"}
        ):
            q -= 1
        if not actor and vic_noun is None and q >= 0 and sv.low[q] in gr["light_verbs"]:
            actor = _subject(sv, q, gr)
            before = sv.low[q]
        if not actor and lang == "id" and vic_noun is None:
            # the object of an active verb: "X memulai program latihan gabungan"
            for q2 in range(ti - 1, max(-1, ti - 3), -1):
                if _phrase_index_at(sv, q2) is not None:
                    break
                if sv.low[q2].startswith(("me", "ber")) and len(sv.low[q2]) > 4:
                    # ("membenarkan peretasan", "merespons tuntutan": confirming or answering
                    # an act does not make one its doer)
                    if sv.low[q2] not in gr["epistemic_verbs"]:
                        actor = _subject(sv, q2, gr)
                    break
        if trig.frame == "joint" and not actor:
            bt = next(
                (m for m in range(tj, min(tj + 2, len(sv.low))) if sv.low[m] in gr["between"]), None
            )
            if bt is not None:
                actor = _object(sv, bt + 1, gr, limit=3)
        recip = recip or _object(sv, tj, gr, preps=rp)
        # victim before "dalam serangan": "X tewas dalam serangan Y"
        if not recip and before in gr["victim_preps"]:
            vic = [m for m in range(max(0, ti - 6), ti) if sv.low[m] in gr["victim_words"]]
            if vic:
                recip = _subject(sv, vic[0], gr)
        if not actor:
            actor = (
                _subject(sv, ti, gr)
                if before in gr["light_verbs"]
                or (ti > 0 and sv.low[ti - 1] in {"telah", "sudah", "juga"})
                else []
            )
        conf -= 0.05
    else:  # active or bare
        actor = _subject(sv, ti, gr)
        if not actor and form == "bare" and lang == "id":
            # a bare word with no subject is a noun: "mencuatnya protes AS terhadap Rusia"
            possessor = _nominal_actor(sv, tj, gr)
            if possessor:
                actor = possessor
                recip = _object(sv, possessor[-1].j, gr, preps=rp)
        if trig.frame == "joint" and not recip:
            if len(actor) < 2:
                recip = _object(sv, tj, gr, preps=gr["joint_preps"] | rp | frozenset({""}))
                if not recip:
                    recip = _object(sv, tj, gr, limit=4)
        elif trig.frame == "dir" and not recip:
            recip = _object(sv, tj, gr)
        conf += 0.05
    # "kedua negara/keduanya": the parties of the last joint event
    # ("kedua Menlu" names no one: its country guessed from context is no evidence)
    if (
        actor
        and sv.low[actor[0].i] in {"kedua", "keduanya", "both"}
        and (not actor[0].actor.country or actor[0].actor.entity is None)
    ):
        actor = []
    if not actor and any(
        sv.low[m] in {"kedua", "keduanya", "both"} for m in range(max(0, ti - 4), ti)
    ):
        for c in reversed(sent_cands + doc_cands):
            if len(c.actors) + len(c.recipients) >= 2:
                return _modal(
                    _Cand(
                        etype,
                        trig.mode,
                        (ti, tj),
                        sv,
                        list(c.actors) + list(c.recipients),
                        [],
                        trig.frame,
                        form,
                        confidence=conf,
                        antecedent=c,
                    ),
                    gr,
                    lang,
                )
    acts, recs = _actors(actor), _actors(recip)
    # inside a quote with no subject: the speaker (or "saya/kami" in the quote); a reported
    # event noun ("X menyebutkan ... tewas dalam bentrokan") is not the speaker's act
    if not acts and form != "nominal":
        acts = _quote_speaker(sv, ti)
    # a fronted subordinate clause: "Setelah menangkap X, Kepolisian Inggris ..."
    if not acts and form in ("active", "bare"):
        q = ti - 1
        while q >= 0 and sv.low[q] not in _SUBORDINATORS and sv.low[q] not in {",", ";"}:
            pq = _phrase_index_at(sv, q)
            if (
                pq is not None
                and sv.phrases[pq].actor.country
                and not (
                    sv.phrases[pq].i > 0 and sv.low[sv.phrases[pq].i - 1] in gr["location_preps"]
                )
            ):
                break
            q -= 1
        if q >= 0 and sv.low[q] in _SUBORDINATORS:
            for comma in (m for m in range(tj, len(sv.low)) if sv.low[m] == ","):
                pi = _phrase_index_at(sv, comma + 1)
                if pi is None:
                    break
                end_ = sv.phrases[pi].j
                if end_ < len(sv.low) and sv.low[end_] == ",":
                    # "Ketika bertemu Menlu Yordania, Ayman Safadi, Retno ...": an apposition
                    continue
                acts = _actors(_group_at(sv, pi, gr, +1))
                break
    # a second mention in the sentence ("serangan AS, termasuk serangan ... terhadap Y")
    if not acts:
        for c in reversed(sent_cands):
            if c.type == etype and c.actors:
                acts = list(c.actors)
                break
    # voting for a withdrawal is demanding it
    if (
        form == "nominal"
        and etype == "RETREAT"
        and ti > 0
        and sv.low[ti - 1] in {"memilih", "voted"}
    ):
        etype = "REQUEST"
        recs = _actors(_nominal_actor(sv, tj, gr)) or recs
        acts = _actors(_subject(sv, ti - 1, gr)) or acts
    if not acts and form == "nominal" and etype == "ASSAULT":
        # an agentless "serangan" continues the article's last attack by a known actor
        for c in reversed(doc_cands[-8:]):
            if c.type == etype and c.actors and sv.sent.start - c.sent.sent.start < 1500:
                acts = list(c.actors)
                conf -= 0.15
                break
    # subject control: "X melakukan serangan terhadap pangkalan AS untuk mendukung Z" - the
    # purpose clause's doer is the main clause's subject, not the noun before "untuk" (orders
    # and requests control their object instead: "mendesak Israel untuk menghentikan")
    if form in ("active", "bare") and ti > 0 and sv.low[ti - 1] in gr["purpose_control"]:
        main = next((c for c in reversed(sent_cands) if c.actors and c.trig[0] < ti), None)
        if (
            main is not None
            and main.type not in _OBJECT_CONTROL
            and (not actor or actor[0].i > main.trig[0])
            # (another verb in between heads its own clause: "menuduh lawannya telah
            # memanfaatkan krisis untuk mendesak ..." - the rivals press, not the accuser)
            and not any(_verbish(w) for w in sv.low[main.trig[1] : ti - 1])
        ):
            acts = list(main.actors)
    if not acts and not keep_actorless:
        return None
    if (
        not recs
        and lang == "id"
        and form in ("active", "bare")
        and sv.low[tj - 1].endswith("nya")
        and sv.last_person
        and trig.frame != "intrans"
    ):
        recs = [sv.last_person[0]]

    # drop a recipient that is the actor itself; a bare noun ("pemerintah", "kepala") given
    # the actor's own country and sector is no second party either (orders within one
    # government are REQUESTs)
    own_codes = {(a.country, a.sector) for a in acts if a.country} if etype != "REQUEST" else set()

    def same(r: Actor) -> bool:
        return any(
            r.start == a.start or (r.entity is not None and r.entity == a.entity) for a in acts
        ) or (r.entity is None and (r.country, r.sector) in own_codes)

    if recip and all(same(p.actor) for p in recip) and form != "passive":
        # "Kami meminta ... kami": look past the actor's own mention for the recipient
        recs = _actors(_object(sv, recip[-1].j, gr))
    recs = [r for r in recs if not same(r)]
    if not recs and etype == "ASSAULT" and actor and form in ("active", "bare"):
        # "Y terluka ketika X melepaskan tembakan": the wounded are the recipients
        q = actor[0].i - 1
        if q >= 0 and sv.low[q] in _SUBORDINATORS | gr["victim_preps"]:
            vic = [m for m in range(max(0, q - 4), q) if sv.low[m] in gr["victim_words"]]
            if vic:
                recs = _actors(_subject(sv, vic[0], gr))
    if not recs and etype in _REACTIONS and doc_cands:
        # "Hal itu memicu kecaman ...", "X mengecam langkah tersebut": the target is the
        # actor of the event the anaphoric noun points back to
        anaph = any(
            sv.low[m] in _EVENT_NOUNS
            and (sv.low[m + 1] in _DEMONSTRATIVES or sv.low[m + 2 : m + 3] == ["itu"])
            for m in range(len(sv.low) - 1)
        )
        if anaph:
            own = {a.country for a in acts}
            for c in reversed(doc_cands):
                if c.sent.sent.start < sv.sent.start and c.actors:
                    other = [a for a in c.actors if a.country and a.country not in own]
                    if not other:
                        # the actor's own earlier act ("X mengecam rencana Y ... X menolak
                        # pemungutan suara itu"): the same stance towards the same party
                        other = [a for a in c.recipients if a.country and a.country not in own]
                    if other:
                        recs = other
                    break
    if trig.frame == "intrans":
        recs = []
    if etype == "PROTEST" and any(a.sector in _STATE_SECTORS for a in acts):
        etype = "ACCUSE"
    # arrests by a state's police or government: an unnamed detainee is that state's
    if (
        etype == "COERCE"
        and trig.mode == "arrest"
        and recs
        and not any(r.country for r in recs)
        and any(a.country and a.sector in _STATE_SECTORS for a in acts)
    ):
        home = next(a.country for a in acts if a.country and a.sector in _STATE_SECTORS)
        recs = [replace(r, country=home) for r in recs]
    if recs:
        conf += 0.1
    cand = _Cand(etype, trig.mode, (ti, tj), sv, acts, recs, trig.frame, form, confidence=conf)
    return _modal(cand, gr, lang)


# acts whose object, not subject, does what a following "untuk" clause says
_OBJECT_CONTROL = frozenset({"REQUEST", "COERCE", "AID", "SANCTION"})


def _quote_speaker(sv: _Sent, ti: int) -> list[Actor]:
    s = sv.toks[ti][0]
    for q in sv.doc.quotes:
        if q.start <= s < q.end and q.speaker:
            ent = sv.doc.entity(q.speaker)
            if ent is not None and (ent.country or ent.sector):
                return [
                    Actor(
                        text=q.speaker_text or ent.name,
                        entity=ent.id,
                        country=ent.country,
                        sector=ent.sector,
                    )
                ]
    return []


# -- modality ---------------------------------------------------------------------------


def _alleged(sv: _Sent, ti: int, gr: Grammar) -> bool:
    """Whether the trigger stands in the content of an accusation: right after a passive
    allegation verb ("dituduh mendukung") or in a "bahwa" clause after an allegation word
    ("tudingan bahwa X mendukung")."""
    if ti > 0 and sv.low[ti - 1] in gr["allegation_passive"]:
        return True
    for m in range(ti - 1, max(-1, ti - 10), -1):
        w = sv.low[m]
        if w in gr["relative"] or w in {";", "."}:
            return False
        if w == "bahwa":
            return any(x in gr["allegation"] for x in sv.low[max(0, m - 2) : m])
    return False


def _modal(c: _Cand, gr: Grammar, lang: str) -> _Cand:
    sv, (ti, tj) = c.sent, c.trig
    lo = max(0, ti - 3)
    window = sv.low[lo:ti]
    # the clause so far, for conditionals
    m = ti - 1
    clause: list[str] = []
    while m >= 0 and sv.low[m] not in {";", "."}:
        clause.append(sv.low[m])
        if sv.low[m] in gr["clause_breaks"] - gr["hypothetical"] and sv.low[m] not in {","}:
            break
        m -= 1
    if any(w in gr["hypothetical"] for w in clause):
        c.hypothetical = True
    verbal = c.form in ("active", "passive", "bare")
    if verbal and any(w in gr["possibility"] for w in sv.low[max(0, ti - 2) : ti]):
        # "bisa mengancam", "dapat memicu": a possibility, not an event
        c.hypothetical = True
    if _alleged(sv, ti, gr):
        # "tudingan bahwa Doha mendukung terorisme", "dituduh mendukung": the alleged act is
        # the content of an accusation, not an event of its own
        c.hypothetical = True
    if c.type not in ("AGREE", "REQUEST", "THREATEN", "REJECT") and any(
        w in gr["purpose_clause"] for w in clause
    ):
        # "mendesak agar Trump menarik pernyataannya dan meminta maaf": the wished act
        c.future = True
    if c.type not in ("REQUEST", "THREATEN", "REJECT") and any(
        w in gr["obligation"] for w in clause
    ):
        # "mesti diputuskan melalui perundingan": an obligation, not an event
        c.future = True
    after4 = sv.low[tj : tj + 5]
    if any(
        after4[k : k + 2] in (["belum", "berhasil"], ["tidak", "berhasil"], ["tak", "berhasil"])
        for k in range(len(after4))
    ):
        # "berusaha menghubungi Filipina belum berhasil": a failed attempt
        c.negated = True
    if sv.low[tj : tj + 2] in (["atau", "tidak"], ["atau", "tak"], ["or", "not"]):
        # "terlepas PBB mengakuinya atau tidak": an alternative, not an event
        c.hypothetical = True
    if any(w in gr["negation"] for w in window):
        c.negated = True
    if lang == "id" and ti >= 2 and sv.low[ti - 2] == "menolak" and sv.low[ti - 1] == "untuk":
        c.negated = True
    if c.negated and c.type in ("AGREE", "SUPPORT") and not c.hypothetical:
        # "tidak sepakat / tidak mendukung": disapproval is an ACCUSE
        c.type, c.mode, c.negated = "ACCUSE", "disapprove", False
    fut = any(w in gr["future"] for w in window)
    plan = any(w in gr["plan_nouns"] for w in sv.low[max(0, ti - 3) : ti])
    purpose = False
    for w in reversed(sv.low[max(0, ti - 4) : ti]):
        if w in gr["purpose"]:
            purpose = True
            break
        if w in gr["clause_breaks"] and w not in {","}:
            break
    if c.form == "nominal" and not fut:
        after = []
        for w in sv.low[tj : tj + 14]:
            if w in gr["clause_breaks"] and w not in {","}:
                break
            after.append(w)
        if any(w in gr["future"] for w in after) and any(w in gr["light_verbs"] for w in after):
            fut = True
    if fut and not c.negated:
        if c.type in _COOPERATIVE:
            # "akan bekerja sama", "siap membantu": a promise is an AGREE
            c.type, c.mode = "AGREE", None
        elif c.type in _FORCEFUL and c.form in ("active", "bare"):
            # "akan menjatuhkan sanksi": a coercive warning
            c.type, c.mode = "THREATEN", None
        elif c.type not in ("AGREE", "REQUEST", "THREATEN"):
            c.future = True
    if (plan or purpose) and c.type not in ("AGREE", "REQUEST", "THREATEN", "REJECT"):
        c.future = True
    if c.type == "AGREE" and c.future:
        c.future = False
    return c


# -- dates, places, sizes, contexts, coreference ---------------------------------------


def _iso(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published) if published else None
    except ValueError:
        return None


def _period_end(value: str) -> dt.date | None:
    try:
        if len(value) == 4:
            return dt.date(int(value), 12, 31)
        if len(value) == 7:
            y, mo = int(value[:4]), int(value[5:7])
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _date_for(
    doc: Doc,
    c: _Cand,
    gr: Grammar,
    prev: tuple[str | None, Granularity] | None,
    lead_time: Time | None,
    news: _NewsDay | None = None,
) -> tuple[str | None, Granularity, bool, Time | None, bool]:
    """(date, precision, historical, time used, inherited) for a candidate.

    The time expression of the trigger's clause governs; a time closer to another trigger
    of the sentence (or inside a later relative clause) belongs to that one. Relative
    anchors ("beberapa hari sebelumnya", anchor="event") inherit the previous event's date.
    An event of the lead with no time of its own takes the lead's news day.
    """
    sv = c.sent
    pub = _iso(doc.published)
    ti = c.trig[0]
    best: Time | None = None
    best_d = 10**6
    since = relative = foreign = False
    # a verbal act inside a quote ("Israel menolak ...," kata X, Kamis) is done by saying it
    qi = _quote_index(doc, sv.toks[ti][0])
    said_act = (
        c.type in _VERBAL_ACTS and qi is not None and _speaker_side(doc, doc.quotes[qi], c.actors)
    )
    for t in starting_in(doc.times, sv.sent.start, sv.sent.end):
        r = _tok_range(sv, t.start, t.end)
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
            while q < r[0] and sv.low[q] in _ADVERBS:
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
        end = _period_end(value) if value else None
        if not (pub and end and (pub - end).days > _HISTORICAL_DAYS):
            return value, pgran, False, None, True
    if best is None and not (since or hist_cue or foreign):
        # "Dalam surat itu, X mengusulkan ...": the event lies inside an occasion or text
        # named before; that mention's time ("mengirim surat ... pada 8 Januari") dates it
        best = _frame_time(doc, sv, ti, gr, nominal=c.form == "nominal")
    if best is None and c.type in _VERBAL_ACTS and not (since or hist_cue):
        # "X berjanji ... . Pernyataan itu disampaikan X dalam pertemuan pada Rabu (3/5).":
        # the next sentences' attribution of "that statement" dates it
        best = _later_attribution(doc, sv, gr)
    if best is None and relative and prev is not None and prev[0]:
        value, pgran = prev
        end = _period_end(value) if value else None
        hist = bool(pub and end and (pub - end).days > _HISTORICAL_DAYS)
        return value, pgran, hist, None, True
    if (
        best is None
        and lead_time is not None
        and sv.sent.end
        <= doc.sentences[
            min(max(_NEWS_DAY_SPAN, _sent_index(doc, lead_time.start) + 2), len(doc.sentences)) - 1
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
        best = _attribution_time(doc, doc.quotes[qi])
    if (
        best is not None
        and best.value == doc.published
        and best.anchor == "published"
        and qi is not None
    ):
        # "hari ini" inside a quote is the day of the saying: the news day, when known
        # (else the article's latest day before publication: the report came later)
        day = lead_time or _day_before_publication(doc)
        if day is not None:
            best = day
    if (
        best is None
        and news is not None
        and c.type in _VERBAL_ACTS
        and (c.form != "nominal" or _uttered(sv, ti, gr))
        and not (since or hist_cue or foreign)
        and sv.low[0] not in _BACKGROUND_OPENERS
        and not _perfect_report(sv, ti, gr)
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
    end = _period_end(value) if value else None
    hist = bool(pub and end and (pub - end).days > _HISTORICAL_DAYS)
    return value, gran, hist, best, False


# a time and a trigger on either side of "setelah/sebelum" belong to different events
# ("ketika/saat" clauses are simultaneous and share the time)
_SEQUENTIAL = frozenset({"setelah", "sebelum", "usai", "seusai", "sesudah", "after", "before"})


_VERBAL_ACTS = frozenset({"ACCUSE", "REJECT", "REQUEST", "THREATEN", "AGREE", "SUPPORT", "CONCEDE"})


@dataclass
class _NewsDay:
    """The article's news day and who speaks or acts on it (entity ids; country and sector
    of parties named without an entity, "Pemerintah Israel")."""

    time: Time
    entities: set[str] = field(default_factory=set)
    sides: set[tuple[str, str]] = field(default_factory=set)

    def add(self, doc: Doc, actors: Sequence[Actor]) -> None:
        """A named person speaks for themself; a government or body ("Pemerintah Israel")
        for every official of its country and sector."""
        for a in actors:
            ent = doc.entity(a.entity) if a.entity else None
            if ent is not None and ent.type == "PER":
                self.entities.add(ent.id)
            elif a.country and a.sector:
                self.sides.add((a.country, a.sector))

    def speaks(self, doc: Doc, actors: Sequence[Actor]) -> bool:
        """One of the actors is a speaker of the day, or an official (a named person) of a
        government or body that spoke that day; a country named as such ("Irak mengutuk")
        is not tied to one day's statement."""
        for a in actors:
            if a.entity and a.entity in self.entities:
                return True
            ent = doc.entity(a.entity) if a.entity else None
            if ent is not None and ent.type == "PER" and (a.country, a.sector) in self.sides:
                return True
        return False


def _news_day(doc: Doc, lead: Time | None) -> _NewsDay | None:
    """The lead's news day, else the first day-precision time within a week before
    publication outside quotes; with the speakers of the quotes it attributes."""
    t = lead
    if t is None:
        pub = _iso(doc.published)
        for x in doc.times:
            d = _iso(x.value[:10]) if x.value and x.granularity == "day" else None
            if d is None or x.direction == "future" or pub is None or not 0 <= (pub - d).days <= 7:
                continue
            if _quote_index(doc, x.start) is None:
                t = x
                break
    if t is None:
        return None
    nd = _NewsDay(t)
    for q in doc.quotes:
        if q.speaker and _attribution_time(doc, q) is t:
            nd.entities.add(q.speaker)
    return nd


def _uttered(sv: _Sent, ti: int, gr: Grammar) -> bool:
    """A verbal-act noun made a predicate by an uttering or light verb ("mengucapkan terima
    kasih", "melontarkan kecaman"); a bare noun ("berdasarkan perintah Presiden X") only
    refers to an act."""
    return ti > 0 and (
        sv.low[ti - 1] in gr["utterance_verbs"] or sv.low[ti - 1] in gr["light_verbs"]
    )


def _perfect_report(sv: _Sent, ti: int, gr: Grammar) -> bool:
    """The act itself is reported as done before ("Trump juga telah memerintahkan"): a
    perfect marker right before the trigger with no saying before it (in "X mengatakan
    bahwa Hamas telah berbohong" the marker belongs to the content)."""
    window = sv.low[max(0, ti - 3) : ti]
    if not any(w in gr["perfect"] for w in window):
        return False
    return not any(w in gr["speech_verbs"] or w in gr["complementisers"] for w in sv.low[:ti])


def _frame_time(doc: Doc, sv: _Sent, ti: int, gr: Grammar, *, nominal: bool = False) -> Time | None:
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
            if sv.low[m] in {",", ";"} or _verbish(sv.low[m]):
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
    n = _sent_index(doc, sv.sent.start)
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


def _decided_before(sv: _Sent, ti: int, gr: Grammar) -> bool:
    """The act is the content of a decision or policy the sentence refers to ("tidak sepakat
    dengan keputusan AS mengakui Yerusalem"): a known, earlier act, not the day's news."""
    for m in range(ti - 1, max(-1, ti - 8), -1):
        w = sv.low[m]
        if w in gr["decision_nouns"]:
            return True
        if w in {",", ";"} or (m < ti - 1 and _verbish(w)):
            return False
    return False


def _later_attribution(doc: Doc, sv: _Sent, gr: Grammar) -> Time | None:
    """The time of a following "Hal/Pernyataan itu disampaikan ..." sentence (up to two
    sentences on), which attributes the preceding statement to an occasion."""
    n = _sent_index(doc, sv.sent.start)
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


def _speaker_side(doc: Doc, q: Quote, actors: Sequence[Actor]) -> bool:
    """The quote's speaker is (on the side of) one of the actors: the same entity, or the
    same country and sector ("Pemerintah tidak punya pilihan," ujar the government's
    negotiator). A quote with no resolved speaker is taken as the actor's own."""
    ent = doc.entity(q.speaker) if q.speaker else None
    if ent is None:
        return True
    return any(
        a.entity == ent.id or (a.country and a.country == ent.country and a.sector == ent.sector)
        for a in actors
    )


def _attribution_time(doc: Doc, q: Quote) -> Time | None:
    """The time of a quote's postposed attribution: after the quote, in its last sentence."""
    sent = doc.sentence_of(max(q.start, q.end - 1))
    if sent is None:
        return None
    for t in starting_in(doc.times, q.end, sent.end):
        if t.value and t.direction != "future":
            return t
    return None


def _day_before_publication(doc: Doc) -> Time | None:
    """The first day-precision time outside quotes within a week before publication."""
    pub = _iso(doc.published)
    if pub is None:
        return None
    for t in doc.times:
        if t.granularity != "day" or not t.value or t.direction == "future":
            continue
        d = _iso(t.value[:10])
        if d is None or not 0 < (pub - d).days <= 7:
            continue
        if _quote_index(doc, t.start) is None:
            return t
    return None


def _final_adjunct(sv: _Sent, r: tuple[int, int], gr: Grammar) -> bool:
    """A time set off by a comma at the end of the sentence ("..., yang berasal dari Desa
    X, Jambi, Kamis (10/8).") is an adjunct of the whole sentence, i.e. of its main
    predicate, not of the relative clause that happens to precede it."""
    if r[0] == 0 or sv.low[r[0] - 1] != ",":
        return False
    return all(not w[:1].isalnum() or w in gr["time_tail"] for w in sv.low[r[1] :])


def _iterative(sv: _Sent, ti: int, gr: Grammar) -> bool:
    """A tally of repetitions before the trigger ("ratusan kali", "tiga kali"): background."""
    for m in range(1, ti):
        if sv.low[m] in {"kali", "times"} and (
            sv.low[m - 1].isdigit() or sv.low[m - 1] in gr["count_words"]
        ):
            return True
    return False


def _sent_index(doc: Doc, offset: int) -> int:
    hits = span_index(doc.sentences).containing(offset)
    return hits[0] if hits else 0


def _lead_time(doc: Doc) -> Time | None:
    """The news day: the first day-precision past time of the article within a week before
    publication, when it lies in the first ``_NEWS_DAY_SEARCH`` sentences."""
    pub = _iso(doc.published)
    if pub is None or not doc.sentences:
        return None
    limit = doc.sentences[min(_NEWS_DAY_SEARCH, len(doc.sentences)) - 1].end
    for t in doc.times:
        if t.start >= limit:
            break
        if t.granularity != "day" or not t.value or t.direction == "future":
            continue
        d = _iso(t.value[:10])
        if d is not None and 0 <= (pub - d).days <= 7:
            return t
    return None


_NEWS_DAY_SEARCH = 4
_NEWS_DAY_SPAN = 3


def _location(doc: Doc, c: _Cand, gr: Grammar) -> EventLocation | None:
    sv = c.sent
    best: tuple[int, int] | None = None
    for n in span_index(doc.places).starting_in(sv.sent.start, sv.sent.end):
        p = doc.places[n]
        r = _tok_range(sv, p.start, p.end)
        # "di X" / "in X" places the event; a bare name is usually an actor
        if r is None:
            continue
        if not any(r[0] - d >= 0 and sv.low[r[0] - d] in gr["location_preps"] for d in (1, 2)):
            continue
        dist = abs(r[0] - c.trig[0])
        if best is None or dist < best[1]:
            best = (n, dist)
    if best is None:
        return None
    p = doc.places[best[0]]
    return EventLocation(
        place=best[0], name=p.name or doc.span_text(p), country=p.country, geonameid=p.geonameid
    )


def _size(doc: Doc, c: _Cand, gr: Grammar) -> EventSize:
    sv = c.sent
    vals: dict[str, int] = {}
    for q in starting_in(doc.quantities, sv.sent.start, sv.sent.end):
        if q.value is None:
            continue
        near = doc.text[max(sv.sent.start, q.start - 40) : min(sv.sent.end, q.end + 40)].lower()
        for kind, words in gr.casualty.items():
            if kind not in vals and any(w in near for w in words):
                vals[kind] = int(q.value)
                break
    return EventSize(
        dead=vals.get("dead"), injured=vals.get("injured"), arrested=vals.get("arrested")
    )


def _contexts(sv: _Sent) -> tuple[str, ...]:
    text = " " + " ".join(sv.low) + " "
    out = []
    for name, spec in codebook()["contexts"].items():
        if any(f" {cue} " in text for cue in spec.get("cues", [])):
            out.append(name)
    return tuple(out[:4])


def _quote_index(doc: Doc, start: int) -> int | None:
    hits = span_index(doc.quotes).containing(start)
    return hits[0] if hits else None


def _countries(actors: Sequence[Actor]) -> set[str]:
    return {a.country or a.text.lower() for a in actors}


_GENERIC_CODES = frozenset({"IGO", "NGO", "MNC"})


def _party(x: Actor) -> str:
    """A party's identity for coreference: its country, but an IGO, NGO or company by name
    (the UN and UNHCR share the code IGO but are different parties)."""
    if x.country and x.country not in _GENERIC_CODES:
        return x.country
    return x.entity or x.text.lower()


def _same_event(a: Event, b: Event, *, soft: bool = False) -> bool:
    """Two mentions of one event: same type and modality, compatible parties and dates.

    ``soft``: one of the two dates is only the news-day default (no time of its own), so it
    does not contradict the other's explicit time."""
    if a.type != b.type:
        return False
    if a.negated != b.negated or a.future != b.future or a.hypothetical != b.hypothetical:
        return False
    pa_a, pa_b = (
        _countries(a.actors) | _countries(a.recipients),
        _countries(b.actors) | _countries(b.recipients),
    )
    joint = a.type in ("AGREE", "CONSULT", "COOPERATE")
    if not (_countries(a.actors) & (_countries(b.actors) | (pa_b if joint else set()))):
        return False
    # the parties of one mention must all be parties of the other
    ca = {x.country for x in a.actors + a.recipients if x.country}
    cb = {x.country for x in b.actors + b.recipients if x.country}
    if not (ca <= cb or cb <= ca):
        return False
    ga = {_party(x) for x in a.actors + a.recipients if x.country in _GENERIC_CODES}
    gb = {_party(x) for x in b.actors + b.recipients if x.country in _GENERIC_CODES}
    if ga and gb and not (ga <= gb or gb <= ga):
        return False
    ra = {r.country for r in a.recipients if r.country}
    rb = {r.country for r in b.recipients if r.country}
    if ra and rb and not (ra & pa_b) and not (rb & pa_a):
        return False
    if (
        a.date_precision != "unknown"
        and b.date_precision != "unknown"
        and a.date != b.date
        and a.sentence != b.sentence
        and not soft
    ):
        # (within one sentence a second time word belongs to the other mention's clause)
        return False
    sa = {x.sector for x in a.actors if x.sector}
    sb = {x.sector for x in b.actors if x.sector}
    if sa and sb and not (sa & sb):
        # a government's call and an armed faction's call are two events
        return False
    return a.historical == b.historical or a.sentence == b.sentence


def _merge(a: Event, b: Event, *, prefer_b_date: bool = False) -> Event:
    def union(x: tuple[Actor, ...], y: tuple[Actor, ...]) -> tuple[Actor, ...]:
        have = _countries(x)
        add = tuple(r for r in y if (r.country or r.text.lower()) not in have)
        if any(a.country for a in x):
            add = tuple(r for r in add if r.country)
        return x + add

    date, prec, hist = a.date, a.date_precision, a.historical
    if b.date_precision != "unknown" and (prec == "unknown" or prefer_b_date):
        date, prec, hist = b.date, b.date_precision, b.historical
    return replace(
        a,
        actors=union(a.actors, b.actors),
        recipients=union(a.recipients, b.recipients) if b.recipients else a.recipients,
        date=date,
        date_precision=prec,
        historical=hist,
        location=a.location or b.location,
        size=EventSize(
            dead=a.size.dead if a.size.dead is not None else b.size.dead,
            injured=a.size.injured if a.size.injured is not None else b.size.injured,
            arrested=a.size.arrested if a.size.arrested is not None else b.size.arrested,
        ),
        context=tuple(dict.fromkeys(a.context + b.context)),
        evidence=a.evidence + ((b.sentence,) if b.sentence != a.sentence else ()) + b.evidence,
        confidence=min(0.95, max(a.confidence, b.confidence) + 0.05),
    )


def _finalise(doc: Doc, cands: list[_Cand], gr: Grammar, lang: str) -> tuple[Event, ...]:
    events: list[Event] = []
    #: per event: its date is the news-day default, not a time of its own sentence
    soft: list[bool] = []
    prev: tuple[str | None, Granularity] | None = None
    lead = _lead_time(doc)
    news = _news_day(doc, lead)
    for c in cands:
        date, prec, hist, used, _inh = _date_for(doc, c, gr, prev, lead, news)
        c.dated = (date, prec)
        if (
            news is not None
            and used is news.time
            and c.type in _VERBAL_ACTS
            and c.sent.sent.start <= used.start < c.sent.sent.end
            and not (c.future or c.hypothetical or c.negated)
        ):
            news.add(doc, c.actors)
        is_soft = (
            used is not None
            and used is lead
            and not (c.sent.sent.start <= used.start < c.sent.sent.end)
        )
        if prec != "unknown":
            prev = (date, prec)
        s, e = c.sent.toks[c.trig[0]][0], c.sent.toks[c.trig[1] - 1][1]
        quote = _quote_index(doc, s)
        loc = _location(doc, c, gr)
        if (
            c.type == "PROTEST"
            and not c.recipients
            and loc is not None
            and loc.country
            and loc.country not in {a.country for a in c.actors}
        ):
            # a protest held in another state ("mogok makan tahanan Palestina di Israel") is
            # addressed to that state's government
            c.recipients = [Actor(text=loc.name or "", country=loc.country, sector="GOV")]
        conf = c.confidence - (0.1 if quote is not None else 0.0)
        ev = Event(
            id="",
            type=c.type,
            trigger=Span(s, e),
            sentence=c.sent.sent,
            mode=c.mode,
            context=_contexts(c.sent),
            actors=tuple(c.actors),
            recipients=tuple(c.recipients),
            date=date,
            date_precision=prec,
            historical=hist,
            future=c.future,
            hypothetical=c.hypothetical,
            negated=c.negated,
            location=loc,
            size=_size(doc, c, gr),
            quote=quote,
            confidence=round(max(0.05, min(0.95, conf)), 2),
        )
        for n, earlier in enumerate(events):
            if _same_event(earlier, ev, soft=soft[n] or is_soft):
                # an explicit time of a restatement beats the news-day default
                take = soft[n] and not is_soft and prec != "unknown"
                events[n] = _merge(earlier, ev, prefer_b_date=take)
                soft[n] = soft[n] and not take
                break
        else:
            events.append(ev)
            soft.append(is_soft)
    return tuple(replace(ev, id=f"ev{n}") for n, ev in enumerate(events, 1))
