"""Actor phrases: entity mentions and actor head nouns, resolved to country and sector."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import replace

from warta.events.lexicon import Grammar, Lexicon, grammar, lexicon
from warta.events.morph import strip_clitics
from warta.events.view import (
    DEMONSTRATIVES,
    Phrase,
    Resolver,
    SentenceView,
    entity_resolver,
    sentence_view,
    tok_range,
)
from warta.model import (
    Actor,
    Doc,
    Entity,
)
from warta.spans import cached, containing, mention_index, span_index, starting_in
from warta.stages._home import doc_home_country, entity_state

MODIFIERS = frozenset(
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


_INTERNATIONAL = frozenset({"internasional", "international"})


PARTITIVES = frozenset(
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


def actor_phrases(
    sv: SentenceView,
    lex: Lexicon,
    gr: Grammar,
    resolver: Resolver | None,
    last_person: list[Actor],
) -> list[Phrase]:
    speech, pron_group, pron_person = (
        gr["speech_verbs"],
        gr["pronouns_group"],
        gr["pronouns_person"],
    )
    doc = sv.doc
    n = len(sv.toks)
    owner: list[Entity | None] = [None] * n
    mentions = mention_index(doc.entities)  # the mentions in this sentence, not all of them
    for ref in mentions.spans.within(sv.sent.start, sv.sent.end):
        ent = doc.entities[mentions.refs[ref][0]]
        m = ent.mentions[mentions.refs[ref][1]]
        r = tok_range(sv, m.start, m.end)
        if r:
            for k in range(*r):
                if owner[k] is None:
                    owner[k] = ent
    phrases: list[Phrase] = []
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
            if owner[j] is not None or heads[j] or lw in MODIFIERS:
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
            and sv.low[j - 1] in MODIFIERS
            and sv.low[j - 1] not in _INTERNATIONAL
        ):
            j -= 1
        # partitive before the head ("para pejabat", "pihak berwenang")
        if i > 0 and sv.low[i - 1] in PARTITIVES:
            i -= 1
        actor = _resolve_phrase(sv, i, j, owner, lex, resolver)
        if actor is not None:
            phrases.append(Phrase(i, j, actor, head=is_head))
        k = j
    # "X mengatakan mereka ...": a group pronoun after a saying is the sayer
    for k in range(1, n):
        if sv.low[k] in pron_group and sv.low[k - 1] in speech:
            if any(p.i <= k < p.j for p in phrases):
                continue
            sayer = [p for p in phrases if p.j <= k - 1]
            if sayer and sayer[-1].actor.country:
                # the phrase stands on the pronoun; the actor keeps the sayer's words
                phrases.append(Phrase(k, k + 1, sayer[-1].actor))
    phrases.sort(key=lambda p: p.i)
    # "negara itu / pemerintah tersebut / di negara itu": the last country named before
    for n_, p in enumerate(phrases):
        if p.actor.country is not None or not p.head:
            continue
        after = sv.low[p.j : p.j + 3]
        anaphoric = (
            bool(set(sv.low[p.i : p.j]) & DEMONSTRATIVES)
            or (bool(after) and after[0] in DEMONSTRATIVES)
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
        lw = strip_clitics(sv.low[k]) if sv.low[k] not in pron_person else sv.low[k]
        if (sv.low[k] in pron_person or lw in pron_person) and last_person:
            if any(p.i <= k < p.j for p in phrases):
                continue
            # a pronoun is never an actor's text: the actor is the antecedent, its words
            phrases.append(Phrase(k, k + 1, last_person[0]))
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
        sp = [k for k in range(n) if sv.low[k] in speech and k > fp[0]]
        if sp:
            cands += [p.actor for p in phrases if sp[0] < p.i <= sp[0] + 3]
        if any(strip_clitics(sv.low[k]) in {"saya", "aku", "i"} for k in fp):
            cands += last_person  # "saya" is a person; "kami/kita" are not the last person
        speaker = next((c for c in cands if c.country), None)
        if speaker is not None:
            for k in fp:
                hit = [p for p in phrases if p.i <= k < p.j]
                if hit and hit[0].actor.country:
                    continue
                phrases = [p for p in phrases if p not in hit]
                phrases.append(Phrase(k, k + 1, speaker))
    phrases.sort(key=lambda p: p.i)
    return phrases


# a bare military, police, civilian or government noun ("militer", "pemerintah") belongs
# to the country of the nearest place named in its sentence
_DOMESTIC_SECTORS = frozenset({"MIL", "COP", "CVL", "GOV"})


def _nearest_country(doc: Doc, sv: SentenceView, p: Phrase) -> str | None:
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
    return main_country_before(doc, pos) or sv.home


def main_country_before(doc: Doc, offset: int) -> str | None:
    """The country whose places/states are mentioned most often before ``offset`` (ties:
    the one whose entity comes first in the entity layer)."""
    lang = "en" if doc.language == "en" else "id"
    tally = cached(doc.entities, f"state-tally-{lang}", lambda: _StateTally(doc.entities, lang))
    return tally.before(offset)


class _StateTally:
    """The leading state after each state mention of an article, in text order: built once
    per article (mentions x states), so each question is a binary search, not a walk over
    every entity (the coder asks once per event)."""

    __slots__ = ("leaders", "starts")

    def __init__(self, entities: Sequence[Entity], lang: str) -> None:
        seq = sorted(
            (m.start, ei, state)
            for ei, ent in enumerate(entities)
            if (state := entity_state(ent, lang))
            for m in ent.mentions
        )
        self.starts = [start for start, _ei, _state in seq]
        self.leaders: list[str] = []
        # a state's rank: (mentions so far, minus its first entity in layer order); a
        # mention only raises its own state's rank, so it leads now or the leader stays
        rank: dict[str, tuple[int, int]] = {}
        leader = ""
        for _start, ei, state in seq:
            n, neg_first = rank.get(state, (0, -ei))
            rank[state] = (n + 1, max(neg_first, -ei))
            if not leader or rank[state] > rank[leader]:
                leader = state
            self.leaders.append(leader)

    def before(self, offset: int) -> str | None:
        k = bisect.bisect_left(self.starts, offset)  # the mentions that start before offset
        return self.leaders[k - 1] if k else None


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
    sv: SentenceView,
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
        country, sector, eid = resolver(doc, start, end)
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


def sentence_views(doc: Doc, lang: str) -> Iterator[SentenceView]:
    """The article's sentences as the coder reads them, each with its actor phrases.

    "Baca juga" link lines are skipped. The last person named as an actor (outside direct
    quotes) is carried from sentence to sentence for pronouns, and role codes learned from
    "Dubes Korut untuk PBB, Ja Song Nam" are kept for the rest of the article."""
    lex, gr = lexicon(lang), grammar(lang)
    resolver = entity_resolver()
    last_person: list[Actor] = []
    inherited: dict[str, tuple[str | None, str | None]] = {}
    home = doc_home_country(doc)
    for sent in doc.sentences:
        stext = doc.text[sent.start : sent.end].strip().lower()
        if any(stext.startswith(p) for p in gr.link_prefixes):
            continue
        sv = sentence_view(doc, sent, lang)
        if not sv.toks:
            continue
        sv.last_person = list(last_person)
        sv.inherited = inherited
        sv.home = home
        sv.phrases = actor_phrases(sv, lex, gr, resolver, last_person)
        yield sv
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
