"""warta eval: hand-made gold/pred pairs whose scores are computed by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warta.cli import main
from warta.evaluate import (
    evaluate,
    events_match,
    score_entities,
    score_events,
    score_places,
    score_quotes,
    score_times,
)


def A(country: str | None, sector: str = "GOV") -> dict[str, Any]:
    return {"country": country, "sector": sector, "text": country or "x"}


def ev(type_: str, actors: list[Any], recips: list[Any], **kw: Any) -> dict[str, Any]:
    return {"type": type_, "actors": actors, "recipients": recips, **kw}


def test_match_rule() -> None:
    g = ev("ASSAULT", [A("USA")], [A("IRQ")])
    assert events_match(g, ev("ASSAULT", [A("USA", "MIL")], [A("IRQ", "PRM")]))
    assert not events_match(g, ev("ACCUSE", [A("USA")], [A("IRQ")]))  # type
    assert not events_match(g, ev("ASSAULT", [A("IRN")], [A("IRQ")]))  # actor
    assert not events_match(g, ev("ASSAULT", [A("USA")], []))  # recipient missing
    # compound actors overlap
    assert events_match(g, ev("ASSAULT", [A("GBR"), A("USA")], [A("IRQ")]))
    # empty gold recipients match anything
    assert events_match(ev("PROTEST", [A("PSE", "CVL")], []), ev("PROTEST", [A("PSE")], [A("ISR")]))
    # a joint action coded with the parties as recipients matches a pred without recipients
    joint = ev("AGREE", [A("IRQ"), A("USA")], [A("IRQ"), A("USA")])
    assert events_match(joint, ev("AGREE", [A("IRQ"), A("USA")], []))
    # a null country is a value: unresolved group vs unresolved group
    assert events_match(
        ev("ASSAULT", [A(None, "REB")], [A("IRQ")]), ev("ASSAULT", [A(None)], [A("IRQ")])
    )


def test_event_scores_by_hand() -> None:
    gold = [
        ev(
            "AGREE",
            [A("IRQ")],
            [A("USA")],
            required=True,
            date="2024-01-25",
            date_precision="day",
            historical=False,
        ),
        ev(
            "ASSAULT",
            [A("USA", "MIL")],
            [A("IRQ", "PRM")],
            required=True,
            date="2024-01-26",
            date_precision="unknown",
            historical=False,
        ),
        ev(
            "ACCUSE",
            [A("IRQ")],
            [A("ISR")],
            required=False,
            date="2024-01-26",
            date_precision="unknown",
            historical=False,
        ),
        ev(
            "REQUEST",
            [A("IRQ")],
            [],
            required=True,
            date="2024-01-20",
            date_precision="day",
            historical=False,
        ),
    ]
    pred = [
        # matches AGREE, date right, sector right
        ev("AGREE", [A("IRQ")], [A("USA")], date="2024-01-25", date_precision="day"),
        # the same agreement again: each gold counts once -> false positive
        ev("AGREE", [A("IRQ")], [A("USA")], date="2024-01-25", date_precision="day"),
        # matches ASSAULT, sector wrong (GOV/GOV vs MIL/PRM), date wrong, historical wrong
        ev(
            "ASSAULT",
            [A("USA")],
            [A("IRQ")],
            date="2020-01-03",
            date_precision="day",
            historical=True,
        ),
        # matches the non-required ACCUSE: counts for precision only
        ev("ACCUSE", [A("IRQ")], [A("ISR")], date="2024-01-26", date_precision="unknown"),
        # wrong recipient: spurious
        ev("ACCUSE", [A("IRQ")], [A("USA")], date="2024-01-26", date_precision="unknown"),
        # a plan: not scored at all
        ev("RETREAT", [A("USA")], [A("IRQ")], future=True),
    ]
    sc = score_events(gold, pred)
    # precision: 3 matched of 5 scored; recall: 2 of 3 required
    assert (sc.overall.tp_p, sc.overall.n_pred) == (3, 5)
    assert (sc.overall.tp_r, sc.overall.n_gold) == (2, 3)
    assert sc.overall.f1 == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))
    # matched pairs: AGREE, ASSAULT, ACCUSE
    assert (sc.sector.correct, sc.sector.total) == (2, 3)
    assert (sc.date.correct, sc.date.total) == (2, 3)
    assert (sc.date_precision.correct, sc.date_precision.total) == (2, 3)
    assert (sc.historical.correct, sc.historical.total) == (2, 3)
    assert sc.per_type["AGREE"].precision == 0.5
    assert sc.per_type["REQUEST"].recall == 0.0
    assert sc.per_type["ACCUSE"].n_gold == 0 and sc.per_type["ACCUSE"].tp_p == 1


def test_matching_prefers_required_gold() -> None:
    # one pred that fits both a required and a non-required gold event: the required wins
    gold = [
        ev("ASSAULT", [A("USA")], [], required=False),
        ev("ASSAULT", [A("USA")], [A("IRQ")], required=True),
    ]
    sc = score_events(gold, [ev("ASSAULT", [A("USA")], [A("IRQ")])])
    assert sc.overall.tp_r == 1 and sc.overall.tp_p == 1


def test_layer_scores_by_hand() -> None:
    ents = score_entities(
        [
            {"text": "Lloyd Austin", "country": "USA"},
            {"text": "Irak", "country": "IRQ"},
            {"text": "PMU", "country": "IRQ"},
        ],
        [
            {"name": "Lloyd Austin", "country": "USA", "mentions": [{"text": "Austin"}]},
            {"name": "Iraq", "country": "IRN", "mentions": [{"text": "Irak"}]},
            {"name": "Davos", "country": "CHE", "mentions": [{"text": "Davos"}]},
        ],
    )
    assert (ents.found.tp_r, ents.found.n_gold, ents.found.tp_p, ents.found.n_pred) == (2, 3, 2, 3)
    assert (ents.values["country"].correct, ents.values["country"].total) == (1, 2)
    assert ents.errors == [
        "COUNTRY 'Irak' gold IRQ got IRN",
        "MISS 'PMU' None IRQ",
        "FP 'Davos' None CHE",
    ]
    typed = score_entities(
        [{"text": "Austin", "type": "PER"}], [{"name": "Austin", "type": "GPE", "mentions": []}]
    )
    assert (typed.values["type"].correct, typed.values["type"].total) == (0, 1)

    times = score_times(
        [{"text": "pada hari Kamis", "value": "2024-01-25"}, {"text": "2020", "value": "2020"}],
        [{"text": "hari Kamis", "value": "2024-01-25"}, {"text": "Agustus", "value": "2023-08"}],
    )
    assert (times.found.tp_r, times.found.tp_p) == (1, 1)
    assert times.values["value"].value == 1.0

    places = score_places(
        [
            {"text": "Bagdad", "geonameid": 98182, "country": "IRQ"},
            {"text": "Davos", "geonameid": None, "country": "CHE"},
        ],
        [{"text": "Bagdad", "geonameid": 98183, "country": "IRQ"}],
    )
    assert (places.found.tp_r, places.found.n_gold, places.found.tp_p) == (1, 2, 1)
    assert places.values["geonameid"].value == 0.0 and places.values["country"].value == 1.0

    quotes = score_quotes(
        [
            {"speaker": "Lloyd Austin", "text": "dalam beberapa hari mendatang"},
            {"speaker": "al-Sudani", "text": "segera memulai dialog"},
        ],
        [
            {"text": "“dalam beberapa hari mendatang”", "speaker": "e1"},
            {"text": "sesuatu yang lain", "speaker_text": "Irak"},
        ],
        [{"id": "e1", "name": "Lloyd Austin", "mentions": []}],
    )
    assert (quotes.found.tp_r, quotes.found.n_gold, quotes.found.tp_p, quotes.found.n_pred) == (
        1,
        2,
        1,
        2,
    )
    assert quotes.values["speaker"].value == 1.0


def test_evaluate_pairs_by_id_and_counts_missing() -> None:
    gold = [
        {"id": "a", "text": "t", "events": [ev("AGREE", [A("IRQ")], [], required=True)]},
        {"id": "b", "text": "u", "events": [ev("AGREE", [A("IRQ")], [], required=True)]},
    ]
    rep = evaluate(gold, [{"id": "a", "events": [ev("AGREE", [A("IRQ")], [])]}])
    assert rep.missing == 1
    assert rep.events.overall.recall == 0.5 and rep.events.overall.precision == 1.0


def test_cli_eval_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text(
        json.dumps(
            {"id": "a", "text": "t", "events": [ev("AGREE", [A("IRQ")], [A("USA")], required=True)]}
        )
        + "\n",
        encoding="utf-8",
    )
    pred.write_text(
        json.dumps(
            {
                "id": "a",
                "events": [
                    ev("AGREE", [A("IRQ")], [A("USA")]),
                    ev("ASSAULT", [A("USA")], [A("IRQ")]),
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["eval", str(gold), "--pred", str(pred), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["events"]["precision"] == 0.5 and out["events"]["recall"] == 1.0
    assert main(["eval", str(gold), "--pred", str(pred)]) == 0
    assert "AGREE" in capsys.readouterr().out


TEXT = "Irak dan AS sepakat. Iran mengecam AS. AS menyerang Irak."
#       0                   20             36


def at(start: int, end: int) -> dict[str, int]:
    return {"start": start, "end": end}


def test_events_match_only_in_the_gold_sentence() -> None:
    gold = [ev("ACCUSE", [A("IRN")], [A("USA")], required=True, sentence="Iran mengecam AS.")]
    elsewhere = ev("ACCUSE", [A("IRN")], [A("USA")], sentence=at(0, 20))
    there = ev("ACCUSE", [A("IRN")], [A("USA")], sentence=at(21, 38))
    assert score_events(gold, [elsewhere], text=TEXT).overall.tp_r == 0
    assert score_events(gold, [there], text=TEXT).overall.tp_r == 1
    # a later mention of the same event counts through its evidence sentences
    merged = ev("ACCUSE", [A("IRN")], [A("USA")], sentence=at(0, 20), evidence=[at(21, 38)])
    assert score_events(gold, [merged], text=TEXT).overall.tp_r == 1
    # corpus gold carries offsets, used before the string
    off = [ev("ACCUSE", [A("IRN")], [A("USA")], required=True, sentence_offsets=[21, 38])]
    assert score_events(off, [there], text=TEXT).overall.tp_r == 1


def test_type_only_scores_ignore_countries_and_flagged_are_counted() -> None:
    gold = [ev("ASSAULT", [A("USA")], [A("IRQ")], required=True, sentence="AS menyerang Irak.")]
    preds = [
        ev("ASSAULT", [A("IRN")], [A("IRQ")], sentence=at(39, 57)),  # wrong actor
        ev("ASSAULT", [A("USA")], [A("IRQ")], sentence=at(39, 57), future=True),
    ]
    sc = score_events(gold, preds, text=TEXT)
    assert (sc.overall.tp_r, sc.overall.n_pred) == (0, 1)
    assert (sc.typed.tp_r, sc.typed.tp_p) == (1, 1)
    assert sc.flagged == 1


def test_places_precision_counts_distinct_names() -> None:
    places = score_places(
        [{"text": "Bagdad", "geonameid": 98182, "country": "IRQ"}],
        [{"text": "Bagdad"}, {"text": "Bagdad"}, {"text": "Bagdad"}, {"text": "Davos"}],
    )
    assert (places.found.tp_p, places.found.n_pred) == (1, 2)


def test_quote_speaker_must_be_the_same_entity() -> None:
    gold = [{"speaker": "Menteri Luar Negeri Turki Mevlut Cavusoglu", "text": "kami tidak ingin"}]
    ents = [
        {"id": "e1", "name": "Mevlut Cavusoglu", "mentions": [{"text": "Cavusoglu"}]},
        {"id": "e2", "name": "Menteri Luar Negeri Iran", "mentions": []},
    ]
    right = score_quotes(gold, [{"text": "kami tidak ingin ada", "speaker": "e1"}], ents)
    assert right.values["speaker"].value == 1.0
    # sharing the words "Menteri Luar Negeri" is not being the same person
    wrong = score_quotes(gold, [{"text": "kami tidak ingin ada", "speaker": "e2"}], ents)
    assert wrong.values["speaker"].value == 0.0
    # a surname names the entity whose full name ends with it
    short = score_quotes(
        [{"speaker": "Cavusoglu", "text": "kami tidak ingin"}],
        [{"text": "kami tidak ingin ada", "speaker": "e1"}],
        ents,
    )
    assert short.values["speaker"].value == 1.0


def test_cli_eval_refuses_an_error_list_on_the_test_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "test.jsonl"
    gold.write_text(
        json.dumps({"id": "a", "text": "t", "split": "test", "events": []}) + "\n",
        encoding="utf-8",
    )
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "a", "events": []}) + "\n", encoding="utf-8")
    assert main(["eval", str(gold), "--pred", str(pred), "--errors"]) == 2
    assert "sealed test" in capsys.readouterr().err
    assert main(["eval", str(gold), "--pred", str(pred)]) == 0
