"""warta.times: resolution rules, the sample article, a property test and the dev gate."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.model import Article, Doc, Sentence
from warta.pipeline import build_pipeline
from warta.stages.times import find_times, governing_time

ROOT = Path(__file__).resolve().parents[1]
PUB = "2024-01-26"  # a Friday


def one(text: str, pub: str = PUB) -> tuple[str, str | None, str]:
    """The single time found in ``text``: (span text, value, granularity)."""
    found = find_times(text, pub)
    assert len(found) == 1, [(text[t.start : t.end], t.value) for t in found]
    t = found[0]
    return text[t.start : t.end], t.value, t.granularity


@pytest.mark.parametrize(
    ("text", "span", "value", "gran"),
    [
        (
            "Pernyataan dikeluarkan pada hari Kamis, kata dia.",
            "pada hari Kamis",
            "2024-01-25",
            "day",
        ),
        ("Ia tiba Kamis (30/11/2017) malam.", "Kamis (30/11/2017) malam", "2017-11-30", "day"),
        ("Mereka bertemu Senin (27/3).", "Senin (27/3)", "2023-03-27", "day"),
        ("Ia bicara di PBB, Rabu (3/5) waktu setempat.", "Rabu (3/5)", "2023-05-03", "day"),
        ("Dialog diadakan pada bulan Agustus.", "pada bulan Agustus", "2023-08", "month"),
        (
            "Daesh kalah pada bulan November 2017, kata dia.",
            "pada bulan November 2017",
            "2017-11",
            "month",
        ),
        ("Kelompok itu muncul tahun 2014 di Irak.", "tahun 2014", "2014", "year"),
        ("Pada tahun 2020, parlemen memilih.", "Pada tahun 2020", "2020", "year"),
        ("Perang terjadi sejak 2007.", "sejak 2007", "2007", "year"),
        ("Perundingan mandek pada 2014 setelah itu.", "pada 2014", "2014", "year"),
        ("Dokumen itu terbit pekan lalu.", "pekan lalu", "2024-01", "month"),
        ("Dokumen itu terbit minggu lalu.", "minggu lalu", "2024-01", "month"),
        ("Harga naik bulan lalu.", "bulan lalu", "2023-12", "month"),
        ("Pemilu digelar tahun lalu.", "tahun lalu", "2023", "year"),
        ("Koran itu dua hari lalu memuat tulisan.", "dua hari lalu", "2024-01-24", "day"),
        ("Ia ditahan sebelas hari lalu.", "sebelas hari lalu", "2024-01-15", "day"),
        ("Ia pergi dua belas tahun lalu.", "dua belas tahun lalu", "2012", "year"),
        ("Ia datang kemarin.", "kemarin", "2024-01-25", "day"),
        ("Ia datang hari ini.", "hari ini", "2024-01-26", "day"),
        ("Ia datang besok.", "besok", "2024-01-27", "day"),
        ("Pertemuan pada 26 Januari 2024 berjalan.", "pada 26 Januari 2024", "2024-01-26", "day"),
        ("Surat bertanggal 26/1/2024 itu beredar.", "26/1/2024", "2024-01-26", "day"),
        ("Ia lahir 3 Agt 2001.", "3 Agt 2001", "2001-08-03", "day"),
        ("Laporan 5 Sept 2022 menyebut itu.", "5 Sept 2022", "2022-09-05", "day"),
        ("Data Okt 2021 menunjukkan itu.", "Okt 2021", "2021-10", "month"),
        ("Ia terpilih pada Mei tahun lalu.", "pada Mei tahun lalu", "2023-05", "month"),
        ("Ia ditangkap pada 8 Januari lalu.", "pada 8 Januari lalu", "2024-01-08", "day"),
        (
            "Rapat berlangsung sejak 16 hingga 19 Januari 2017.",
            "sejak 16 hingga 19 Januari 2017",
            "2017-01",
            "month",
        ),
        ("Nilai ekspor periode Januari-Juni 2017 naik.", "Januari-Juni 2017", "2017", "year"),
        ("Mereka bertemu pada Jumat pekan lalu.", "pada Jumat pekan lalu", "2024-01-19", "day"),
        ("Kapal itu berlayar pada akhir pekan lalu.", "pada akhir pekan lalu", "2024-01-20", "day"),
        ("Ia dilantik pada awal September lalu.", "pada awal September lalu", "2023-09", "month"),
        ("Pulau itu muncul sekitar 11 tahun lalu.", "sekitar 11 tahun lalu", "2013", "year"),
        ("Ia akan berkunjung pada Senin.", "pada Senin", "2024-01-29", "day"),
        ("Sidang digelar Senin depan.", "Senin depan", "2024-01-29", "day"),
        ("Ia tiba pada Minggu, kata polisi.", "pada Minggu", "2024-01-21", "day"),
        ("Anggaran PBB 2018 lantaran sanksi.", "2018", "2018", "year"),
        # English
        ("The ministry said on Thursday it agreed.", "on Thursday", "2024-01-25", "day"),
        ("The document was released last week.", "last week", "2024-01", "month"),
        ("Talks were held in August.", "in August", "2023-08", "month"),
        ("He arrived on January 26, 2024 in Baghdad.", "on January 26, 2024", "2024-01-26", "day"),
        ("He arrived 2 days ago.", "2 days ago", "2024-01-24", "day"),
        ("He arrived yesterday.", "yesterday", "2024-01-25", "day"),
        ("They meet next Monday.", "next Monday", "2024-01-29", "day"),
        ("It was founded in May 2019.", "in May 2019", "2019-05", "month"),
    ],
)
def test_resolution(text: str, span: str, value: str, gran: str) -> None:
    assert one(text) == (span, value, gran)


@pytest.mark.parametrize(
    ("text", "span", "direction", "anchor"),
    [
        ("Ia muncul beberapa hari setelah PM bicara.", "beberapa hari setelah", None, "event"),
        ("Beberapa hari sebelumnya, ia dibunuh.", "Beberapa hari sebelumnya", "past", "event"),
        (
            "Pertemuan dalam beberapa hari mendatang.",
            "dalam beberapa hari mendatang",
            "future",
            "published",
        ),
        ("Kini jumlahnya 8.400 orang.", "Kini", "present", None),
        ("Itu terjadi sejak 1970-an, kata dia.", "sejak 1970-an", "past", None),
        ("Itu terjadi beberapa tahun lalu.", "beberapa tahun lalu", "past", "published"),
    ],
)
def test_vague_keeps_span_without_value(
    text: str, span: str, direction: str | None, anchor: str | None
) -> None:
    (t,) = find_times(text, PUB)
    assert (text[t.start : t.end], t.value, t.granularity) == (span, None, "unknown")
    assert (t.direction, t.anchor) == (direction, anchor)


def test_event_relative_with_count_uses_previous_time() -> None:
    text = "Pada 2011, Israel membebaskan tahanan yang ditahan lima tahun sebelumnya."
    a, b = find_times(text, "2017-05-04")
    assert (a.value, b.value, b.anchor, b.granularity) == ("2011", "2006", "event", "year")


def test_direction_and_anchor() -> None:
    (t,) = find_times("Ia tiba pada hari Kamis.", PUB)
    assert (t.direction, t.anchor) == ("past", "published")
    (t,) = find_times("Ia tiba pada 30 November 2017.", PUB)
    assert (t.direction, t.anchor) == ("past", None)
    (t,) = find_times("Ia tiba besok.", PUB)
    assert t.direction == "future"


def test_weekday_on_publication_day_counts() -> None:
    # published Friday: "pada Jumat" is that Friday (the same-day report)
    assert one("Ia tiba pada Jumat.") == ("pada Jumat", "2024-01-26", "day")
    # "Jumat lalu" is strictly before
    assert one("Ia tiba Jumat lalu.") == ("Jumat lalu", "2024-01-19", "day")


def test_not_times() -> None:
    for text in (
        "Sebanyak 2000 tentara dan 1500 tahanan dikirim.",
        "Harganya Rp 2000 per liter.",
        "Surat bernomor B/91/I/2018 dikirim.",
        "salah satu minggu yang panjang",
        "Ia menembak rudal S-400 dan bertemu di G20.",
    ):
        assert find_times(text, PUB) == [], text


def test_without_publication_date() -> None:
    (t,) = find_times("Ia tiba pada hari Kamis.", None)
    assert t.value is None and t.anchor == "published"
    (t,) = find_times("Ia tiba pada 30 November 2017.", None)
    assert t.value == "2017-11-30"


def test_sample_article(sample_path: Path) -> None:
    from warta.ingest.readers import read_path

    pipe = build_pipeline(
        ["warta.language", "warta.dateline", "warta.sentences", "warta.tokens", "warta.times"]
    )
    (art,) = [a for a in read_path(sample_path) if isinstance(a, Article)]
    doc = pipe.run(Doc.from_article(art))
    got = {doc.span_text(t): t.value for t in doc.times}
    assert got["pada hari Kamis"] == "2024-01-25"
    assert got["pada bulan Agustus"] == "2023-08"
    assert got["pada bulan November 2017"] == "2017-11"
    assert got["Pada tahun 2020"] == "2020"
    assert got["dalam beberapa hari mendatang"] is None
    # the event coder's helper: the time governing a trigger in the same sentence
    i = doc.text.index("dikeluarkan")
    t = governing_time(doc, Sentence(i, i + 11))
    assert t is not None and t.value == "2024-01-25"


_GRAN = {"day": r"\d{4}-\d\d-\d\d", "month": r"\d{4}-\d\d", "year": r"\d{4}"}


_FRAGMENTS = [
    *"abcdefghijklmnopqrstuvwxyz ABCKJS0123456789/().,-–\n",
    "Kamis ",
    "pada ",
    "hari ",
    "lalu ",
    "Agustus ",
    "tahun ",
    "2014 ",
    "(30/11) ",
    "dua ",
    "pekan ",
    "sejak ",
    "akhir ",
    "Minggu ",
    "sebelumnya ",
    "Mei ",
    "29/2/2023 ",
    "31 Februari ",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=60).map("".join) | st.text(max_size=200),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
)
def test_property_spans_and_values(text: str, pub: dt.date) -> None:
    for t in find_times(text, pub.isoformat()):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end].strip()
        if t.value is None:
            assert t.granularity == "unknown"
        else:
            assert re.fullmatch(_GRAN[t.granularity], t.value), (t, text)
            parts = [int(p) for p in t.value.split("-")] + [1, 1]
            dt.date(parts[0], parts[1], parts[2])  # a real calendar date


def _load_score() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_times", ROOT / "scripts" / "eval_times.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.shared
def test_dev_gold_floor(dev_gold: Path) -> None:
    floors = json.loads((ROOT / "tests" / "floors" / "times.json").read_text())
    res = _load_score().score(dev_gold)  # type: ignore[attr-defined]
    for key, floor in floors.items():
        if key.startswith("_"):
            continue
        assert res[key] >= floor, (key, res[key], res["failures"])
