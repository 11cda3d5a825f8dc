"""warta.quantities: number formats, units, approximation, casualties, exclusions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.model import Article, Doc, Quantity, Sentence
from warta.pipeline import build_pipeline
from warta.stages.quantities import casualty, find_quantities, parse_number, words_to_number
from warta.stages.times import find_times


def quants(text: str, language: str = "id") -> list[tuple[str, float | None, str | None, bool]]:
    times = find_times(text, "2024-01-26")
    return [
        (text[q.start : q.end], q.value, q.unit, q.approximate)
        for q in find_quantities(text, None, times, language)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "AS menempatkan sekitar 2.500 tentara di Irak.",
            ("sekitar 2.500 tentara", 2500, "tentara", True),
        ),
        (
            "Sedikitnya 1,5 juta warga mengungsi.",
            ("Sedikitnya 1,5 juta warga", 1_500_000, "warga", True),
        ),
        ("Mereka melancarkan puluhan serangan.", ("puluhan serangan", 10, "serangan", True)),
        ("Ratusan warga berunjuk rasa.", ("Ratusan warga", 100, "warga", True)),
        ("Ribuan orang hadir.", ("Ribuan orang", 1000, "orang", True)),
        ("Polisi menangkap tiga orang tentara.", ("tiga orang tentara", 3, "tentara", False)),
        ("Ada dua belas korban.", ("dua belas korban", 12, "korban", False)),
        ("Hampir 40 persen setuju.", ("Hampir 40 persen", 40, "persen", True)),
        ("Naik 6,88% tahun ini.", ("6,88%", 6.88, "persen", False)),
        ("Bantuan Rp 5 miliar dikirim.", ("Rp 5 miliar", 5_000_000_000, "rupiah", False)),
        ("Lebih dari 1000 tahanan mogok.", ("Lebih dari 1000 tahanan", 1000, "tahanan", True)),
        ("Ada ± 300 personel.", ("± 300 personel", 300, "personel", True)),
        ("Kurang lebih 50 polisi berjaga.", ("Kurang lebih 50 polisi", 50, "polisi", True)),
        ("Setidaknya 5 orang tewas.", ("Setidaknya 5 orang", 5, "orang", True)),
        ("Dua puluh lima rumah rusak.", ("Dua puluh lima rumah", 25, "rumah", False)),
    ],
)
def test_quantity(text: str, expected: tuple[str, float, str, bool]) -> None:
    assert quants(text) == [expected]


def test_english() -> None:
    assert quants("About 2,500 troops and 12 people were there.", "en") == [
        ("About 2,500 troops", 2500, "troops", True),
        ("12 people", 12, "people", False),
    ]
    assert quants("Some 1.5 million fled.", "en") == [("Some 1.5 million", 1_500_000, None, True)]


@pytest.mark.parametrize(
    "text",
    [
        "Pada 2014, kelompok itu menguasai Mosul.",
        "Ia bertemu Senin (8/5) di Gedung Putih.",
        "Rapat digelar pukul 10.30 WIB.",
        "Surat bernomor B/91/I/2018 dikirim.",
        "Resolusi PBB Nomor 2334 Tahun 2016 jelas.",
        "Salah satu pejabat mengatakan itu.",
        "Sistem S-400 dikerahkan oleh pasukan ke-3.",
        "Pada 26 Januari 2024 ia tiba.",
        "Pilpres 2019 makin dekat.",
    ],
)
def test_not_counts(text: str) -> None:
    assert quants(text) == []


def test_parse_number() -> None:
    assert parse_number("2.500") == 2500
    assert parse_number("1,5") == 1.5
    assert parse_number("1.250.000") == 1_250_000
    assert parse_number("256.4") == 256.4
    assert parse_number("2,500", "en") == 2500
    assert parse_number("1.5", "en") == 1.5
    assert words_to_number("seribu dua ratus") == 1200
    assert words_to_number("tujuh belas") == 17
    assert words_to_number("three hundred") == 300


@pytest.mark.parametrize(
    ("text", "cat"),
    [
        ("Serangan itu menewaskan 22 orang.", "dead"),
        ("Sebanyak 22 orang tewas dalam serangan.", "dead"),
        ("Tiga orang tentara AS terluka.", "injured"),
        ("Polisi menangkap 5 orang.", "arrested"),
        ("Ratusan demonstran ditahan.", "arrested"),
        ("At least 12 people were killed.", "dead"),
        ("AS menempatkan 2.500 tentara di Irak.", None),
    ],
)
def test_casualty(text: str, cat: str | None) -> None:
    doc = Doc(text=text, id="x", sentences=(Sentence(0, len(text)),))
    (q,) = find_quantities(text, doc.sentences, (), "en" if "people" in text else "id")
    assert casualty(q, doc) == cat


def test_sample_article(sample_path: Path) -> None:
    from warta.ingest.readers import read_path

    pipe = build_pipeline(
        ["warta.dateline", "warta.sentences", "warta.tokens", "warta.times", "warta.quantities"]
    )
    (art,) = [a for a in read_path(sample_path) if isinstance(a, Article)]
    doc = pipe.run(Doc.from_article(art))
    got = {doc.span_text(q): q for q in doc.quantities}
    q = got["sekitar 2.500 tentara"]
    assert (q.value, q.unit, q.approximate) == (2500, "tentara", True)
    # no year of the article became a count
    assert all(x.value not in (2014, 2017, 2020) for x in doc.quantities)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"abc XYZ0123456789.,%±/-\n",
                "sekitar ",
                "juta ",
                "ribuan ",
                "dua ",
                "belas ",
                "orang ",
                "tewas ",
                "Rp ",
                "2.500 ",
                "1,5 ",
                "puluh ",
                "tahun ",
            ]
        ),
        max_size=60,
    ).map("".join)
    | st.text(max_size=200)
)
def test_property_spans(text: str) -> None:
    doc = Doc(text=text, id="x", sentences=(Sentence(0, len(text)),))
    for q in find_quantities(text, doc.sentences, (), "id"):
        assert isinstance(q, Quantity)
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end].strip()
        assert q.value is not None
        casualty(q, doc)


def test_bare_numbers_only_with_a_casualty_cue() -> None:
    assert quants("Ia mencetak 17, lalu 20.") == []
    got = quants("Bom itu menewaskan 22 dan melukai 5 lainnya.")
    assert [(s, v) for s, v, _, _ in got] == [("22", 22), ("5", 5)]
