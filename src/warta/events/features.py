"""Features of the learned event coder: per token (triggers), per trigger-phrase pair
(roles) and per trigger (modes).

The rules are features here, not verdicts: the lexicon's types for a word, the rules
coder's reading of a trigger (its type after modality, its flags, whether it found an
actor), and the phrase the rules take as actor or recipient. Beside them: the word, its
candidate roots and affixes (me-/di-/ter-/ber-, -kan/-i, pe-an/ke-an), word clusters,
the neighbouring words, entity and quote context, and discourse (was this root told
before). (The sentence's topic as the clusters of its content words, and words two
away, were tried: no gain on the corpus dev split, a fifth of the coder's time.)
Attributes are ``name=value`` strings for python-crfsuite.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from warta.events.lexicon import Grammar, Lexicon, lexicon
from warta.events.morph import candidates, strip_clitics
from warta.events.view import Candidate, Phrase, SentenceView, tok_starting, tok_within
from warta.model import Actor, Doc
from warta.spans import containing, mention_index, span_index

__all__ = [
    "Discourse",
    "Hint",
    "SentenceHints",
    "actor_items",
    "implicit_items",
    "mode_items",
    "pair_items",
    "token_items",
]


@dataclass(frozen=True, slots=True)
class Hint:
    """What the rules coder made of a lexicon trigger."""

    type: str  # the lexicon's type
    begin: bool  # first token of the trigger
    frame: str
    coded: str | None  # the type of the rules' candidate, None when they dropped it
    flags: str  # fut / neg / hyp / none
    has_actor: bool
    has_recipient: bool


@dataclass
class SentenceHints:
    """Per token, the rules' hints; per rules candidate, its actor and recipient spans."""

    tokens: list[list[Hint]]
    lexraw: list[tuple[str, ...]]
    keys: list[str]  # the lexicon root of each token ("" when none)
    #: trigger token range -> (actor char starts, recipient char starts) of the rules' reading
    parties: dict[tuple[int, int], tuple[frozenset[int], frozenset[int]]] = field(
        default_factory=dict
    )


def lexicon_types(low: str, lex: Lexicon, lang: str) -> tuple[str, ...]:
    """Every type the lexicon gives a word whose root (or form) starts one of its entries."""
    return lexicon_entry(low, lex, lang)[0]


def lexicon_entry(low: str, lex: Lexicon, lang: str) -> tuple[tuple[str, ...], str]:
    """The lexicon's types for a word and the root (or exact form) that found them."""
    return _lexicon_entry(low, lang) if lex is lexicon(lang) else _entry(low, lex, lang)


@functools.lru_cache(maxsize=1 << 16)
def _lexicon_entry(low: str, lang: str) -> tuple[tuple[str, ...], str]:
    return _entry(low, lexicon(lang), lang)


def _entry(low: str, lex: Lexicon, lang: str) -> tuple[tuple[str, ...], str]:
    out: dict[str, None] = {}
    key = ""
    ex = lex.exact.get(strip_clitics(low)) or lex.exact.get(low)
    if ex is not None:
        out[ex.type] = None
        key = ex.words[0]
    for cand in candidates(low, lang):
        for trig in lex.by_first.get(cand, ()):
            out[trig.type] = None
            key = key or cand
    return tuple(out), key


@dataclass
class Discourse:
    """What the article said before the current sentence: the lexicon roots and types of
    its trigger words. A later mention of an event already told is not a new event (gold
    codes each event once, at its first clear mention), so "seen before" is a feature."""

    roots: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    sentences: int = 0

    def add(self, hints: SentenceHints) -> None:
        for k, types in enumerate(hints.lexraw):
            if types:
                self.types.update(types)
                self.roots.add(hints.keys[k])
        self.sentences += 1


def _flags(c: Candidate) -> str:
    if c.negated:
        return "neg"
    if c.hypothetical:
        return "hyp"
    return "fut" if c.future else "none"


def sentence_hints(
    sv: SentenceView,
    lex: Lexicon,
    lang: str,
    found: Sequence[tuple[int, int, object]],
    coded: Mapping[tuple[int, int], Candidate | None],
) -> SentenceHints:
    """The rules' view of one sentence: lexicon types per token and each trigger's reading."""
    n = len(sv.low)
    tokens: list[list[Hint]] = [[] for _ in range(n)]
    entries = (
        [_lexicon_entry(w, lang) for w in sv.low]
        if lex is lexicon(lang)
        else [_entry(w, lex, lang) for w in sv.low]
    )
    hints = SentenceHints(tokens, [e[0] for e in entries], [e[1] for e in entries])
    for ti, tj, trig in found:
        c = coded.get((ti, tj))
        for k in range(ti, tj):
            tokens[k].append(
                Hint(
                    type=getattr(trig, "type", ""),
                    begin=k == ti,
                    frame=getattr(trig, "frame", ""),
                    coded=c.type if c is not None else None,
                    flags=_flags(c) if c is not None else "none",
                    has_actor=bool(c is not None and c.actors),
                    has_recipient=bool(c is not None and c.recipients),
                )
            )
        if c is not None:
            hints.parties[(ti, tj)] = (
                frozenset(a.start for a in c.actors if a.start is not None),
                frozenset(a.start for a in c.recipients if a.start is not None),
            )
    return hints


# -- tokens -----------------------------------------------------------------------------

_PREFIXES = (
    ("memper", "me"),
    ("diper", "di"),
    ("meng", "me"),
    ("meny", "me"),
    ("mem", "me"),
    ("men", "me"),
    ("me", "me"),
    ("di", "di"),
    ("ter", "ter"),
    ("ber", "ber"),
    ("be", "ber"),
    ("peng", "pe"),
    ("peny", "pe"),
    ("pem", "pe"),
    ("pen", "pe"),
    ("per", "pe"),
    ("pe", "pe"),
    ("ke", "ke"),
)
_SUFFIXES = ("kan", "an", "i")


@functools.lru_cache(maxsize=1 << 16)
def _affixes(low: str, lang: str) -> tuple[str, str]:
    if lang != "id" or len(low) < 5:
        return "", ""
    w = strip_clitics(low)
    pre = next((cls for p, cls in _PREFIXES if w.startswith(p) and len(w) - len(p) >= 3), "")
    suf = next((s for s in _SUFFIXES if w.endswith(s) and len(w) - len(s) >= 3), "")
    return pre, suf


def _shape(tok: str) -> str:
    if tok[:1].isupper():
        return "U" if tok.isupper() and len(tok) > 1 else "T"
    if any(ch.isdigit() for ch in tok):
        return "D"
    return "l" if tok[:1].isalpha() else "P"


def _context_marks(sv: SentenceView) -> tuple[list[str], list[str], list[bool]]:
    """Per token: entity type of the mention it is in, sector of the actor phrase it is in,
    and whether it stands inside a quote."""
    n = len(sv.toks)
    ent = [""] * n
    phr = [""] * n
    inq = [False] * n
    s0, s1 = sv.sent.start, sv.sent.end
    mentions = mention_index(sv.doc.entities)
    for ref in mentions.spans.starting_in(s0, s1):
        ei, mi = mentions.refs[ref]
        e = sv.doc.entities[ei]
        m = e.mentions[mi]
        for k in tok_within(sv, m.start, m.end):
            ent[k] = e.type
    for p in sv.phrases:
        for k in range(p.i, min(p.j, n)):
            phr[k] = p.actor.sector or "x"
    for qi in span_index(sv.doc.quotes).overlapping(s0, s1):
        q = sv.doc.quotes[qi]
        for k in tok_starting(sv, q.start, q.end):
            inq[k] = True
    return ent, phr, inq


_WORD_CACHE: dict[tuple[str, str, int, frozenset[str] | None], tuple[str, ...]] = {}


def _word_features(
    word: str,
    lang: str,
    key: int,
    clusters: Mapping[str, str] | None,
    keep: frozenset[str] | None = None,
) -> tuple[str, ...]:
    """The features of a word on its own (memoised: words repeat across sentences), only
    those in ``keep`` when it is given."""
    hit = _WORD_CACHE.get((word, lang, key, keep))
    if hit is not None:
        return hit
    low = word.lower()
    f = [f"w={low}", f"sh={_shape(word)}"]
    if lang == "id":
        f += [f"r={r}" for r in candidates(low, lang)[1:6]]
    pre, suf = _affixes(low, lang)
    if pre:
        f.append(f"pre={pre}")
    if suf:
        f.append(f"suf={suf}")
    if pre and suf:
        f.append(f"conf={pre}-{suf}")
    if clusters is not None:
        path = clusters.get(low)
        if path is None:
            f.append("oov")
        else:
            c = path.split("/")
            f += [f"c1={c[1]}", f"c2={c[2]}", f"c3={c[3]}"]
    out = tuple(f) if keep is None else tuple(x for x in f if x in keep)
    if len(_WORD_CACHE) > 200_000:
        _WORD_CACHE.clear()
    _WORD_CACHE[(word, lang, key, keep)] = out
    return out


def token_items(
    sv: SentenceView,
    hints: SentenceHints,
    lang: str,
    clusters: Mapping[str, str] | None,
    before: Discourse | None = None,
    keep: frozenset[str] | None = None,
) -> list[list[str]]:
    """crfsuite attributes of every token of the sentence (the trigger tagger's input);
    ``before`` is what the article said in earlier sentences. With ``keep`` (the
    attributes a trained model knows) a word's own and its neighbours' attributes are
    only those: crfsuite ignores the others, so the tags are the same, found faster."""
    n = len(sv.low)
    before = before or Discourse()
    position = f"sent={min(before.sentences, 3)}"
    ent, phr, inq = _context_marks(sv)
    words = [sv.text(k) for k in range(n)]
    ckey = id(clusters)
    near = [_near_features(sv.low[m], hints.lexraw[m], ent[m], phr[m], keep) for m in range(n)]
    items: list[list[str]] = []
    for k in range(n):
        f = list(_word_features(words[k], lang, ckey, clusters, keep))
        lexraw = hints.lexraw[k]
        if lexraw:
            f += [f"lx={t}" for t in lexraw]
        for h in hints.tokens[k]:
            f += [f"lex={h.type}", f"lexpos={'B' if h.begin else 'I'}", f"frame={h.frame}"]
            f.append(f"rules={h.coded or 'drop'}")
            if h.coded:
                f += [f"rflag={h.flags}", f"ract={h.has_actor}", f"rrec={h.has_recipient}"]
        if lexraw:
            f.append(position)
            if hints.keys[k] in before.roots:
                f.append("seen")
            f += [f"seentype={t}" for t in lexraw if t in before.types]
        if ent[k]:
            f.append(f"ent={ent[k]}")
        if phr[k]:
            f.append(f"phr={phr[k]}")
        if inq[k]:
            f.append("inq")
        if k == 0:
            f.append("BOS")
        if k == n - 1:
            f.append("EOS")
        if k >= 1:
            f += near[k - 1][0]
        if k + 1 < n:
            f += near[k + 1][1]
        items.append(f)
    return items


@functools.lru_cache(maxsize=1 << 16)
def _near_features(
    low: str, lexraw: tuple[str, ...], ent: str, phr: str, keep: frozenset[str] | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a word tells its neighbours, as the word before and the word after: the word,
    its lexicon types, entity and phrase marks (``-1:w=``, ``1:lx=`` ...); only those in
    ``keep`` when it is given."""

    def one(d: int) -> tuple[str, ...]:
        f = [f"{d}:w={low}", *(f"{d}:lx={t}" for t in lexraw)]
        if ent:
            f.append(f"{d}:ent={ent}")
        if phr:
            f.append(f"{d}:phr={phr}")
        return tuple(f) if keep is None else tuple(x for x in f if x in keep)

    return one(-1), one(1)


# -- roles ------------------------------------------------------------------------------


def _bucket(d: int) -> str:
    return str(d) if d < 3 else ("3-5" if d <= 5 else ("6-10" if d <= 10 else "far"))


def _rules_role(p: Phrase, hints: SentenceHints | None, ti: int, tj: int) -> str:
    if hints is None or (ti, tj) not in hints.parties:
        return "none"
    acts, recs = hints.parties[(ti, tj)]
    start = p.actor.start
    if start in acts:
        return "actor"
    return "recipient" if start in recs else "none"


def pair_items(
    sv: SentenceView,
    ti: int,
    tj: int,
    etype: str,
    form: str,
    gr: Grammar,
    hints: SentenceHints | None,
    reading: tuple[list[Phrase], list[Phrase]],
) -> list[list[str]]:
    """crfsuite attributes of every (trigger, actor phrase) pair of the sentence.

    ``reading`` is the structural reading of the rules (actor and recipient phrases)."""
    out = []
    low = sv.low
    tprev = low[ti - 1] if ti > 0 else "BOS"
    tnext = low[tj] if tj < len(low) else "EOS"
    r_act, r_rec = reading
    for n, p in enumerate(sv.phrases):
        before = p.j <= ti
        lo, hi = (p.j, ti) if before else (tj, p.i)
        between = low[lo:hi] if hi > lo else []
        pos = "B" if before else ("A" if p.i >= tj else "O")
        prev = low[p.i - 1] if p.i > 0 else "BOS"
        nxt = low[p.j] if p.j < len(low) else "EOS"
        nbetween = sum(1 for q in sv.phrases if (lo <= q.i < hi))
        ent = sv.doc.entity(p.actor.entity) if p.actor.entity else None
        struct = "actor" if p in r_act else ("recipient" if p in r_rec else "none")
        f = [
            f"pos={pos}",
            f"dist={_bucket(len(between))}",
            f"nphr={min(nbetween, 3)}",
            f"form={form}",
            f"type={etype}",
            f"prev={prev}",
            f"next={nxt}",
            f"tprev={tprev}",
            f"tnext={tnext}",
            f"struct={struct}",
            f"rules={_rules_role(p, hints, ti, tj)}",
            f"sector={p.actor.sector or '-'}",
            f"etype={ent.type if ent is not None else '-'}",
            f"country={'y' if p.actor.country else 'n'}",
            f"pos+form={pos}{form}",
            f"pos+prev={pos}{prev}",
            f"pos+type={pos}{etype}",
            f"struct+form={struct}{form}",
            f"first={'y' if n == 0 else 'n'}",
        ]
        if p.head:
            f.append("head")
        if len(between) <= 3:
            f.append("btw=" + "_".join(between))
        for w in dict.fromkeys(between):  # text order: the same item in every process
            if w in {",", "yang", "bahwa", "dan", "oleh", "kepada", "terhadap", "dengan"}:
                f.append(f"has={w}")
            if w in gr["speech_verbs"]:
                f.append("has=speech")
            if w in gr["recipient_preps"]:
                f.append("has=rprep")
        if prev in gr["recipient_preps"]:
            f.append("prev=rprep")
        if prev in gr["location_preps"]:
            f.append("prev=lprep")
        out.append(f)
    return out


# -- modes ------------------------------------------------------------------------------


def mode_items(sv: SentenceView, ti: int, tj: int, etype: str, lang: str) -> list[str]:
    """crfsuite attributes of one trigger, for its PLOVER mode."""
    f = [f"type={etype}"]
    for k in range(ti, tj):
        low = sv.low[k]
        f += [f"w={low}", f"t+w={etype}{low}"]
        f += [f"r={r}" for r in candidates(low, lang)[1:6]]
    for k in range(max(0, ti - 3), min(len(sv.low), tj + 4)):
        if not ti <= k < tj:
            f.append(f"ctx={sv.low[k]}")
    return f


# -- implicit actors --------------------------------------------------------------------


def implicit_items(
    sv: SentenceView,
    ti: int,
    etype: str,
    form: str,
    recipients: Sequence[Actor],
    heads: Mapping[str, str],
    lang: str,
) -> list[str]:
    """crfsuite attributes of an event whose actor the sentence does not name, for the
    actor's sector and the source of its country."""
    low = sv.low
    f = [f"type={etype}", f"form={form}", f"t+f={etype}{form}", f"w={low[ti]}"]
    f += [f"r={r}" for r in candidates(low[ti], lang)[1:4]]
    for d in (-2, -1, 1, 2):
        if 0 <= ti + d < len(low):
            f.append(f"{d}:w={low[ti + d]}")
    f += [f"head={w}:{heads[w]}" for w in dict.fromkeys(low) if w in heads]
    if recipients:
        r = recipients[0]
        f += [f"rsec={r.sector or '-'}", f"rc={'y' if r.country else 'n'}"]
        if sv.last_person and r.country and sv.last_person[0].country == r.country:
            f.append("rc=last")
    else:
        f.append("norecip")
    if sv.last_person:
        f.append(f"lastsec={sv.last_person[0].sector or '-'}")
    if containing(sv.doc.quotes, sv.toks[ti][0]):
        f.append("inq")
    n = next((k for k, s in enumerate(sv.doc.sentences) if s.start == sv.sent.start), 0)
    f.append(f"sent={min(n, 3)}")
    return f


# -- actor sectors ----------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:[-']\w+)*")


def actor_items(doc: Doc, actor: Actor, etype: str, role: str) -> list[str]:
    """crfsuite attributes of an actor the entity layer gave no sector: the words that
    describe it where the article first names it ("Pengamat kebijakan publik dari
    Universitas Gadjah Mada, Erwan ..."), its own words, the event and its side."""
    ent = doc.entity(actor.entity) if actor.entity else None
    if ent is not None and ent.mentions:
        first = ent.mentions[0]
        start, end = first.start, first.end
    elif actor.start is not None and actor.end is not None:
        start, end = actor.start, actor.end
    else:
        return [f"type={etype}", f"role={role}", "nospan"]
    left = _WORD.findall(doc.text[max(0, start - 80) : start].lower())[-6:]
    right = _WORD.findall(doc.text[end : end + 40].lower())[:3]
    own = _WORD.findall(doc.text[start:end].lower())
    f = [f"type={etype}", f"role={role}", f"t+r={etype}{role}"]
    f.append(f"etype={ent.type if ent is not None else '-'}")
    f += [f"L={w}" for w in left] + [f"L1={left[-1]}" if left else "L1=BOS"]
    f += [f"R={w}" for w in right]
    f += [f"own={w}" for w in own]
    if ent is not None and ent.role:
        f += [f"role_w={w}" for w in _WORD.findall(ent.role.lower())]
    return f
