"""The JSON-lexicon helpers shared by the times and quantities stages."""

from __future__ import annotations

import re

from warta.stages._lexicon import alternation, merge_lexicons, norm


def test_norm_lowercases_and_collapses_space() -> None:
    assert norm("  Pekan   Lalu\n") == "pekan lalu"


def test_alternation_prefers_longest_and_matches_any_space() -> None:
    rx = re.compile(alternation(["pekan", "pekan lalu", "", "Pekan"]))
    assert rx.match("pekan\t lalu").group(0) == "pekan\t lalu"  # type: ignore[union-attr]
    assert rx.pattern.count("pekan") == 2  # duplicates folded case-insensitively


def test_merge_concatenates_lists_and_overrides_scalars() -> None:
    id_part = {
        "_comment": "ignored",
        "months": {"Januari": 1},
        "cues": ["Sekitar"],
        "casualty_after": {"Tewas": ["korban  Jiwa"]},
    }
    en_part = {
        "months": {"january": 1, "januari": 99},
        "cues": ["about"],
        "casualty_after": {"tewas": ["dead"]},
    }
    merged = merge_lexicons(id_part, en_part)
    assert "_comment" not in merged
    assert merged["months"] == {"januari": 99, "january": 1}
    assert merged["cues"] == ["sekitar", "about"]
    assert merged["casualty_after"] == {"tewas": ["korban jiwa", "dead"]}
