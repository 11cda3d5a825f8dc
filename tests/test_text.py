from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from warta import load_pipeline
from warta.ingest.readers import read_path
from warta.model import Doc
from warta.stages.language import detect_language
from warta.stages.text import find_dateline, split_sentences, tokenize


def test_sample_article_has_dateline_and_16_sentences(sample_path) -> None:
    (art,) = list(read_path(sample_path))
    doc = load_pipeline().run(Doc.from_article(art))
    assert doc.published == "2024-01-26" and doc.language == "id"
    assert doc.dateline is not None
    assert doc.span_text(doc.dateline) == "Baghdad, Purna Warta –"
    assert (doc.dateline.place, doc.dateline.source) == ("Baghdad", "Purna Warta")
    sents = [doc.span_text(s) for s in doc.sentences]
    assert len(sents) == 16
    assert sents[0].startswith("Kementerian luar negeri Irak mengatakan")
    # the ellipsis inside a quotation followed by lower case does not split
    assert "jelas… dan untuk memulai" in sents[2]
    assert sents[10].endswith("dapat dihentikan.")
    assert sents[11].startswith("Irak mengatakan pembunuhan massal")
    assert sents[14] == "Pada tahun 2020, parlemen Irak memilih penarikan pasukan AS."


def test_datelines_of_common_outlets() -> None:
    cases = {
        "JAKARTA, KOMPAS.com - Presiden Joko Widodo": ("Jakarta", "KOMPAS.com"),
        "Suara.com - Polisi menangkap": (None, "Suara.com"),
        "Jakarta (ANTARA) - Menteri Luar Negeri": ("Jakarta", "ANTARA"),
        "JAKARTA - Wakil Presiden": ("Jakarta", None),
        "Liputan6.com, Jakarta - Pemerintah": ("Jakarta", "Liputan6.com"),
        "Rimanews-Amerika Serikat mengirim": (None, "Rimanews"),
    }
    for text, (place, source) in cases.items():
        dl = find_dateline(text)
        assert dl is not None, text
        assert (dl.place, dl.source) == (place, source), text
        assert text[dl.end :].strip()[0].isupper()


def test_no_dateline_in_plain_sentences() -> None:
    for text in (
        "Presiden Joko Widodo, yang hadir di Bogor, mengatakan hal itu.",
        "Perdana Menteri Israel Benjamin Netanyahu melempar dokumen.",
        "AS - Irak",
        "Israel-Palestina kembali berunding.",
    ):
        assert find_dateline(text) is None, text


def test_abbreviations_and_initials_do_not_split() -> None:
    text = "Prof. Dr. Budi bertemu M. Natsir di Jl. Sudirman no. 5 kemarin. Dia pulang."
    sents = [text[s.start : s.end] for s in split_sentences(text)]
    assert sents == [
        "Prof. Dr. Budi bertemu M. Natsir di Jl. Sudirman no. 5 kemarin.",
        "Dia pulang.",
    ]


def test_quotes_and_question_marks() -> None:
    text = '"Ini dokumen kebencian!" kata Netanyahu. Apakah benar? "Ya," ujarnya.'
    sents = [text[s.start : s.end] for s in split_sentences(text)]
    assert sents == ['"Ini dokumen kebencian!" kata Netanyahu.', "Apakah benar?", '"Ya," ujarnya.']


def test_paragraph_breaks_end_sentences() -> None:
    text = "Baris pertama tanpa titik\n\nBaris kedua."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Baris pertama tanpa titik",
        "Baris kedua.",
    ]


def test_tokens_keep_hyphenated_words_and_numbers() -> None:
    text = "al-Sudani: sekitar 2.500 tentara, 1,5 juta (masing-masing)."
    toks = [text[t.start : t.end] for t in tokenize(text)]
    assert toks == [
        "al-Sudani",
        ":",
        "sekitar",
        "2.500",
        "tentara",
        ",",
        "1,5",
        "juta",
        "(",
        "masing-masing",
        ")",
        ".",
    ]


def test_language_identification() -> None:
    assert (
        detect_language(
            "Pemerintah Indonesia mengatakan bahwa pasukan akan ditarik dari wilayah itu."
        )
        == "id"
    )
    assert (
        detect_language(
            "The government said the troops would be withdrawn from the region next week."
        )
        == "en"
    )
    assert detect_language("12 34 !!") is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_sentences_are_ordered_disjoint_and_cover_all_non_space_text(text: str) -> None:
    doc = Doc(text=text, id="x")
    dl = find_dateline(text)
    start = dl.end if dl else 0
    sents = split_sentences(text, start)
    prev_end = start
    covered = []
    for s in sents:
        assert prev_end <= s.start < s.end <= len(text)
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        covered.append(text[prev_end : s.start])
        prev_end = s.end
    covered.append(text[prev_end:])
    # everything outside the sentences (after the dateline) is white space
    assert all(not gap.strip() for gap in covered)
    del doc


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_pipeline_never_crashes_and_is_deterministic(text: str) -> None:
    pipe = load_pipeline()
    a = pipe.run(Doc(text=text, id="x", published="2024-01-26"))
    b = pipe.run(Doc(text=text, id="x", published="2024-01-26"))
    assert a.to_record() == b.to_record()
    for tok in a.tokens:
        assert text[tok.start : tok.end].strip() == text[tok.start : tok.end]
    assert re.sub(r"\s", "", "".join(text[t.start : t.end] for t in a.tokens)) == re.sub(
        r"\s", "", "".join(text[s.start : s.end] for s in a.sentences)
    )
