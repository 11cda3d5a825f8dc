"""warta eval --bootstrap: intervals of the event scores, resampling articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warta._eval_bootstrap import MEASURES, article_scores, difference, intervals
from warta.cli import main


def _event(type_: str, country: str) -> dict[str, Any]:
    actor = {"country": country, "sector": "GOV", "text": country}
    return {"type": type_, "actors": [actor], "recipients": [], "required": True}


def _set(n_right: int, n_wrong: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Articles of one gold event each: ``n_right`` predicted right, ``n_wrong`` with the
    wrong type."""
    gold, pred = [], []
    for k in range(n_right + n_wrong):
        gold.append({"id": f"a{k}", "text": "t", "events": [_event("AGREE", "IRQ")]})
        guess = "AGREE" if k < n_right else "ASSAULT"
        pred.append({"id": f"a{k}", "events": [_event(guess, "IRQ")]})
    return gold, pred


def test_a_perfect_set_has_no_spread() -> None:
    gold, pred = _set(10, 0)
    got = intervals(article_scores(gold, pred), resamples=200)
    assert got["event_f1"] == (1.0, 1.0)
    assert got["type_f1"] == (1.0, 1.0)
    assert set(got) == set(MEASURES)


def test_the_interval_holds_the_point_and_narrows_with_more_articles() -> None:
    small = intervals(article_scores(*_set(6, 4)), resamples=500)
    large = intervals(article_scores(*_set(60, 40)), resamples=500)
    for got in (small, large):
        lo, hi = got["event_f1"]
        assert lo < 0.6 < hi  # every article counts once for P and R: F1 = 0.6
    assert large["event_f1"][1] - large["event_f1"][0] < small["event_f1"][1] - small["event_f1"][0]


def test_the_same_seed_gives_the_same_intervals() -> None:
    scores = article_scores(*_set(7, 5))
    assert intervals(scores, resamples=300, seed=3) == intervals(scores, resamples=300, seed=3)


def test_a_paired_difference_is_tighter_than_two_intervals() -> None:
    """Two runs on the same 100 articles; the second also gets 5 more right. Each run's own
    interval is wide, but the paired difference excludes zero."""
    gold, base = _set(50, 50)
    _gold, other = _set(55, 45)
    a, b = article_scores(gold, base), article_scores(gold, other)
    d, lo, hi = difference(a, b, resamples=500)["event_f1"]
    assert d == pytest.approx(0.05)
    assert 0.0 < lo <= d <= hi
    one = intervals(a, resamples=500)["event_f1"]
    assert hi - lo < one[1] - one[0]
    assert difference(a, a, resamples=50)["type_f1"] == (0.0, 0.0, 0.0)


def test_a_difference_needs_the_same_articles() -> None:
    a = article_scores(*_set(3, 1))
    with pytest.raises(ValueError, match="same articles"):
        difference(a, a[:-1])
    with pytest.raises(ValueError, match="resamples"):
        difference(a, a, resamples=0)


def test_bad_arguments_are_refused() -> None:
    scores = article_scores(*_set(1, 1))
    with pytest.raises(ValueError, match="resamples"):
        intervals(scores, resamples=0)
    with pytest.raises(ValueError, match="level"):
        intervals(scores, level=1.5)
    assert intervals([], resamples=10)["event_f1"] == (0.0, 0.0)


def test_cli_prints_and_returns_the_intervals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold, pred = _set(6, 4)
    g, p = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    g.write_text("".join(json.dumps(x) + "\n" for x in gold), encoding="utf-8")
    p.write_text("".join(json.dumps(x) + "\n" for x in pred), encoding="utf-8")
    assert main(["eval", str(g), "--pred", str(p), "--bootstrap", "200", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    lo, hi = out["events"]["intervals_95"]["event_f1"]
    assert lo <= out["events"]["f1"] <= hi
    assert main(["eval", str(g), "--pred", str(p), "--bootstrap", "200"]) == 0
    assert "95% intervals of the event scores (200 bootstrap resamples of the 10" in (
        capsys.readouterr().out
    )
    with pytest.raises(SystemExit) as exc:
        main(["eval", str(g), "--pred", str(p), "--bootstrap", "0"])
    assert exc.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err
