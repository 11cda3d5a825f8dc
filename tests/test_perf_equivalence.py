"""The speed-ups keep results identical: indexed look-ups equal the plain scans they replace."""

from __future__ import annotations

import re
import unicodedata

import pytest

from warta.model import Article, Doc
from warta.stages.places import normalise_name
from warta.stages.text import split_sentences, tokenize

TEXT = (
    "JAKARTA, KOMPAS.com - Presiden Joko Widodo bertemu Perdana Menteri Malaysia di Istana "
    "Merdeka, Senin (27/3). Keduanya membahas perbatasan.\n\nMenteri Luar Negeri Retno "
    'Marsudi mengatakan pertemuan itu penting. "Kami sepakat," ujarnya.'
)


def _doc() -> Doc:
    doc = Doc.from_article(Article.create(TEXT, language="id"))
    sents = tuple(split_sentences(doc.text))
    return doc.replace(sentences=sents, tokens=tuple(tokenize(doc.text)))


def test_tokens_in_and_sentence_of_equal_linear_scans() -> None:
    doc = _doc()
    n = len(doc.text)
    for start in range(-1, n + 2, 3):
        for end in range(start, n + 3, 7):
            want = [t for t in doc.tokens if t.start >= start and t.end <= end]
            assert list(doc.tokens_in(start, end)) == want
    for off in range(-1, n + 2):
        want = next((s for s in doc.sentences if s.start <= off < s.end), None)
        assert doc.sentence_of(off) == want


def _normalise_reference(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = name.replace("’", "'").replace("‘", "'").replace("-", " ").replace("–", " ")
    return re.sub(r"\s+", " ", name).strip().casefold()


@pytest.mark.parametrize(
    "name",
    [
        "Jakarta",
        "  Bagdad  ",
        "Al-Quds",
        "São Paulo",
        "Côte d’Ivoire",
        "A–B",
        "x\u2003y",
        "STRASSE",
        "Straße",
        "a\x1cb",
        "\u00a0Kota\tBaru\n",
        "",
    ],
)
def test_normalise_name_fast_path_equals_reference(name: str) -> None:
    assert normalise_name(name) == _normalise_reference(name)


def test_lexicon_role_lookups_equal_full_scans() -> None:
    from warta.stages._gazetteer import get_lexicon

    lex = get_lexicon("id")
    words = [w.lower() for w in re.findall(r"\w+|[^\w\s]", TEXT)]
    words += ["menteri", "luar", "negeri", "wakil", "presiden", "kepolisian", "daerah"]
    kinds = ("title", "inst", "group", "former")

    def at(i: int) -> object:
        for n in range(min(lex.role_max_len, len(words) - i), 0, -1):
            for role in lex.roles.get(tuple(words[i : i + n]), ()):
                if role.kind in kinds:
                    return n, role
        return None

    def ending(j: int) -> object:
        for n in range(min(lex.role_max_len, j + 1), 0, -1):
            for role in lex.roles.get(tuple(words[j - n + 1 : j + 1]), ()):
                if role.kind in kinds:
                    return n, role
        return None

    for i in range(len(words) + 1):
        assert lex.roles_at(words, i, kinds) == at(i)
        assert lex.roles_ending(words, i, kinds) == ending(i)


def _prepared(text: str) -> Doc:
    """A Doc with everything the entity stage needs (dateline, sentences, tokens)."""
    from warta._api import load_pipeline
    from warta.config import from_dict, load_config

    raw = dict(load_config(None).raw)
    keep = ("warta.language", "warta.dateline", "warta.sentences", "warta.tokens")
    pipe = load_pipeline(from_dict({**raw, "pipeline": {**raw["pipeline"], "stages": keep}}))
    return pipe.run(Doc.from_article(Article.create(text, language="id")))


def test_tagger_skip_changes_no_entity(
    monkeypatch: pytest.MonkeyPatch, sample_path: object, shared: object
) -> None:
    """Skipping segments where no token can open a name gives the entities of tagging
    every segment with a free capitalised word (the looser check it replaced)."""
    import json
    from pathlib import Path

    from warta.stages import entities

    texts = [Path(str(sample_path)).read_text(encoding="utf-8")]
    dev = Path(str(shared)) / "eval" / "dev" / "articles.jsonl"
    if dev.exists():
        texts += [json.loads(line)["text"] for line in dev.open(encoding="utf-8")]
    docs = [_prepared(t) for t in texts]
    tight = [entities.extract_entities(d) for d in docs]

    extra = 0  # tokens only the looser check takes as a reason to tag
    real = entities._may_open_name

    def loose(work: entities._Work, k: int) -> bool:
        nonlocal extra
        got = work.covered[k] == -1 and work.words[k][:1].isupper()
        extra += got and not real(work, k)
        return got

    monkeypatch.setattr(entities, "_may_open_name", loose)
    assert [entities.extract_entities(d) for d in docs] == tight
    assert extra > 0  # the looser check does tag more segments here


def test_pickled_doc_is_equal(sample_path: object) -> None:
    """Model objects pickle as their constructor call; a coded Doc comes back equal."""
    import pickle
    from pathlib import Path

    import warta

    doc = warta.code(Path(str(sample_path)).read_text(encoding="utf-8"), published="2024-01-26")
    assert doc.events and doc.entities and doc.tokens
    for proto in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(doc, protocol=proto))
        assert back == doc and type(back) is Doc
        assert back.to_record() == doc.to_record()


def _main_country_reference(doc: Doc, offset: int) -> str | None:
    """The plain scan ``main_country_before`` replaced: every entity, every call."""
    from warta.stages._home import entity_state

    counts: dict[str, int] = {}
    for ent in doc.entities:
        state = entity_state(ent, "id")
        k = sum(1 for m in ent.mentions if m.start < offset) if state else 0
        if state and k:
            counts[state] = counts.get(state, 0) + k
    return max(counts, key=lambda c: counts[c]) if counts else None


def test_main_country_before_equals_the_plain_scan() -> None:
    from warta.events.phrases import main_country_before
    from warta.model import Entity, Mention

    def ent(i: int, typ: str, country: str | None, *starts: int) -> Entity:
        return Entity(f"e{i}", f"n{i}", typ, tuple(Mention(s, s + 3) for s in starts), country)

    entities = (
        ent(1, "GPE", "USA", 50, 10, 200),  # mentions out of order
        ent(2, "PER", "USA", 5, 6, 7),  # people do not count
        ent(3, "GPE", "IRQ", 20, 30, 210),
        ent(4, "GPE", "IRQ", 300),  # a second entity of the same state
        ent(5, "GPE", "USA", 300),  # the same start as another mention
        ent(6, "GPE", None, 15, 16),
        ent(7, "LOC", "FRA", 40, 41, 42, 43),
    )
    doc = Doc.from_article(Article.create("x" * 400, language="id")).replace(entities=entities)
    for off in range(-1, 402):
        assert main_country_before(doc, off) == _main_country_reference(doc, off), off
    assert main_country_before(doc, 44) == "FRA"  # four mentions before 44, ties after
    assert main_country_before(doc, 25) == "USA"  # USA 1, IRQ 1: the first entity wins


def test_people_index_equals_the_plain_scan() -> None:
    """The words of the people found so far, read incrementally, as a scan of all of them."""
    from warta.stages.entities import Cand, _People, _Work

    doc = _doc()
    work = _Work(doc, "id")

    def scan(i: int) -> bool:
        w = work.lower[i]
        return any(
            c.i < c.j
            and c.label == "PER"
            and (w in work.lower[c.i : c.j] or w in (c.name or "").lower().split())
            for c in work.cands
        )

    people = _People()
    adds = [
        Cand(7, 9, "PER", "caps", name="Joko Widodo"),
        Cand(10, 12, "ORG", "caps", name="Perdana Menteri"),
        Cand(12, 13, "PER", "caps", name="Istana Bogor"),  # name words beyond its span
    ]
    for c in [None, *adds]:
        if c is not None:
            assert work.add(c)
        for i in range(len(work.toks)):
            assert people.has(work, i) == scan(i), (c, work.words[i])
    assert people.has(work, work.lower.index("joko"))
    assert not people.has(work, work.lower.index("perdana"))
    assert people.has(work, work.lower.index("istana"))
