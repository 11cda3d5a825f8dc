"""Candidate dates of an event (events/dating.py): which options the dating model sees."""

from __future__ import annotations

import pytest

from warta._api import load_pipeline
from warta.config import load_config
from warta.events.dating import OPTIONS, date_options
from warta.events.newsday import find_lead_time, news_day
from warta.events.phrases import sentence_views
from warta.events.view import Candidate
from warta.model import Article, Doc

TEXT = (
    "Jakarta, CNN Indonesia -- Polisi menangkap dua tersangka pencurian di Bekasi. "
    "Penangkapan itu dilakukan pada Rabu (14/6) malam. "
    "Polisi kemudian memeriksa tiga saksi."
)


@pytest.fixture(scope="module")
def doc() -> Doc:
    art = Article.create(TEXT, id="t", published="2017-06-16", language="id")
    return load_pipeline(load_config()).run(Doc.from_article(art))


def _options(doc: Doc, n: int) -> dict[str, tuple[str, str]]:
    sv = list(sentence_views(doc, "id"))[n]
    cand = Candidate("COERCE", None, (1, 2), sv, [], [], "x", "active")
    day = news_day(doc, find_lead_time(doc))
    assert day is not None
    got = date_options(doc, cand, (None, "unknown"), None, day.time)
    assert set(got) <= set(OPTIONS)
    return {k: (v.value, v.precision) for k, v in got.items()}


def test_a_lead_event_is_offered_the_news_day_a_later_sentence_names(doc: Doc) -> None:
    assert _options(doc, 0) == {
        "unknown": ("2017-06-16", "unknown"),
        "news": ("2017-06-14", "day"),
    }


def test_past_the_lead_the_sentence_and_its_context_give_the_dates(doc: Doc) -> None:
    second, third = _options(doc, 1), _options(doc, 2)
    assert second["own"] == ("2017-06-14", "day")
    assert third["context"] == ("2017-06-14", "day")
    assert "news" not in second and "news" not in third
    assert third["unknown"] == ("2017-06-16", "unknown")
