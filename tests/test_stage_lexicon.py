"""The JSON-lexicon helpers shared by the times and quantities stages."""

from __future__ import annotations

import random
import re

from warta.stages._lexicon import alternation, merge_lexicons, norm


def test_norm_lowercases_and_collapses_space() -> None:
    assert norm("  Pekan   Lalu\n") == "pekan lalu"


def test_alternation_prefers_longest_and_matches_any_space() -> None:
    rx = re.compile(alternation(["pekan", "pekan lalu", "", "Pekan"]))
    assert rx.match("pekan\t lalu").group(0) == "pekan\t lalu"  # type: ignore[union-attr]
    assert alternation(["pekan", "Pekan"]) == alternation(["pekan"])  # folded by case


def _longest_first(words: list[str]) -> str:
    """The plain alternation the trie replaces: every word, longest first."""
    uniq = sorted({w.lower() for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in uniq) + ")"


def test_alternation_trie_matches_what_the_longest_first_list_matches() -> None:
    rng = random.Random(7)
    checked = 0
    for _ in range(500):
        words = [
            " ".join(
                "".join(rng.choice("abAB.(") for _ in range(rng.randint(1, 3)))
                for _ in "xy"[: rng.randint(1, 2)]
            )
            for _ in range(rng.randint(1, 7))
        ]
        text = "".join(rng.choice("abAB .\n(") for _ in range(40))
        for shape in ("{}", "{}b", "(?<!a){}(?!a)", r"{}\s+a", "(?:{})?x?a", "{}{}"):
            old = re.compile(shape.format(_longest_first(words), _longest_first(words)), re.I)
            new = re.compile(shape.format(alternation(words), alternation(words)), re.I)
            assert [m.span() for m in old.finditer(text)] == [
                m.span() for m in new.finditer(text)
            ], (words, text, shape)
            checked += 1
    assert checked == 3000


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
