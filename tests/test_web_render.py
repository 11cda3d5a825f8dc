"""The article highlighter: nesting, splitting of crossing spans, escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from warta.web.render import highlight


class _Check(HTMLParser):
    """Rebuild the text and check that tags nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> str:
    p = _Check()
    p.feed(html)
    p.close()
    assert p.stack == []
    return "".join(p.text)


def test_crossing_spans_are_split_and_text_is_kept() -> None:
    text = "Irak mengutuk <serangan> AS & sekutu."
    rec = {
        "text": text,
        "sentences": [{"start": 0, "end": len(text)}],
        "entities": [
            {
                "id": "e1",
                "name": "Irak",
                "type": "GPE",
                "country": "IRQ",
                "mentions": [{"start": 0, "end": 4}],
            }
        ],
        # a quote crossing the trigger's end, and a time inside the quote
        "quotes": [{"start": 5, "end": 20, "speaker": "e1"}],
        "times": [{"start": 14, "end": 24, "value": "2024-01-25", "granularity": "day"}],
        "events": [
            {
                "id": "ev1",
                "type": "ACCUSE",
                "trigger": {"start": 5, "end": 13},
                "actors": [{"text": "Irak", "country": "IRQ", "sector": "GOV"}],
                "recipients": [],
            }
        ],
    }
    html = str(highlight(rec))
    assert _parse(html) == text
    assert "&lt;" in html and "&gt;" in html and "&amp;" in html and "<serangan" not in html
    # the time crosses the quote's end: two elements, one annotation
    assert len(re.findall(r'data-ann="time:0"', html)) == 2
    assert html.count('id="t-ev1"') == 1 and html.count('id="s-0"') == 1
    assert 'title="QUOTE speaker Irak"' in html
    assert 'title="GPE Irak [IRQ]"' in html


def test_attribute_values_are_escaped() -> None:
    text = "Tokoh itu berbicara."
    rec = {
        "text": text,
        "entities": [
            {
                "id": "e1",
                "name": '"><script>x</script>',
                "type": "PER",
                "mentions": [{"start": 0, "end": 5}],
            }
        ],
    }
    html = str(highlight(rec))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert _parse(html) == text


def test_out_of_range_spans_are_ignored() -> None:
    rec = {"text": "abc", "times": [{"start": 2, "end": 9}], "places": [{"start": 1, "end": 1}]}
    assert str(highlight(rec)) == "abc"
