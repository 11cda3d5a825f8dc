"""scripts/cv_events.py: folds by hash, refusing the test split, comparing saved runs.

The cross-validation itself trains every model five times (minutes) and needs the
shared folder; these tests cover what runs without either.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from script_loader import ROOT, load_script
from warta._eval_bootstrap import article_scores


def _script() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))  # it imports train_events
    return load_script("cv_events")


def _run(n_right: int, n: int) -> list[Any]:
    actor = [{"country": "IRQ", "sector": "GOV", "text": "Irak"}]
    gold, pred = [], []
    for k in range(n):
        gold.append({"id": f"a{k}", "text": "t", "events": [{"type": "AGREE", "actors": actor}]})
        guess = "AGREE" if k < n_right else "ASSAULT"
        pred.append({"id": f"a{k}", "events": [{"type": guess, "actors": actor}]})
    return article_scores(gold, pred)


def test_folds_are_fixed_by_the_article_id() -> None:
    cv = _script()
    ids = [f"art-{k}" for k in range(200)]
    folds = [cv.bucket(i, 5) for i in ids]
    assert folds == [cv.bucket(i, 5) for i in ids]
    assert set(folds) == {0, 1, 2, 3, 4}
    # the fraction's hash is salted: it does not pick the same articles as the folds
    assert [cv.bucket(i, 5, "fraction") for i in ids] != folds


def test_the_test_split_is_refused(tmp_path: Path) -> None:
    cv = _script()
    train = tmp_path / "train.jsonl"
    train.write_text(json.dumps({"id": "x", "text": "t", "split": "test"}) + "\n", "utf-8")
    dev = tmp_path / "dev.jsonl"
    dev.write_text("", "utf-8")
    args = cv.argparse.Namespace(train=str(train), dev=str(dev), lang="id", repeat="")
    with pytest.raises(SystemExit, match="test-split"):
        cv.cross_validate(args)


def test_compare_prints_the_paired_difference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cv = _script()
    base, other = tmp_path / "a.pkl", tmp_path / "b.pkl"
    base.write_bytes(pickle.dumps({0.25: _run(40, 100)}))
    other.write_bytes(pickle.dumps({0.25: _run(50, 100)}))
    cv.compare(str(base), str(other))
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("event_f1"))
    assert "+0.1000" in line
    low = float(line.split("[")[1].split(",")[0])
    assert low > 0.0


def test_english_takes_no_news_switch(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cv = _script()
    monkeypatch.setattr(sys, "argv", ["cv_events.py", "--lang", "en", "--news"])
    with pytest.raises(SystemExit):
        cv.main()
    assert "always has the news sentences" in capsys.readouterr().err


def test_english_articles_are_what_the_english_models_learn_from(shared: Path) -> None:
    cv = _script()
    te = sys.modules["train_events"]
    gold = cv.english_gold()
    syn_train, syn_dev = te.synthetic_split("en")
    news_train, news_dev = te.news_split("en")
    assert len(gold) == len(syn_train) + len(syn_dev) + len(news_train) + len(news_dev)
    ids = [g["id"] for g in gold]
    assert len(set(ids)) == len(ids)  # folds are cut by id: no id may stand for two
    assert {g["id"] for g in news_dev} <= set(ids)


def test_train_events_repeats_the_lines_of_a_source() -> None:
    train = _script().te
    lines = [{"id": i} for i in ("news-pud-3-en", "news-news_valid-7-en", "synthetic-x-en")]
    got = [g["id"] for g in train.repeated(lines, {"pud": 3})]
    assert got == ["news-pud-3-en"] * 3 + ["news-news_valid-7-en", "synthetic-x-en"]
    assert train.repeated(lines, {}) == lines
    with pytest.raises(SystemExit, match="unknown source"):
        train.repeated(lines, {"nosuch": 2})


def test_synthetic_rounds_are_added_only_on_request() -> None:
    te = _script().te
    top = te.synthetic_split("en")
    more = te.synthetic_split("en", ("round3",))
    base_ids = {g["id"] for part in top for g in part}
    more_ids = {g["id"] for part in more for g in part}
    assert base_ids < more_ids
    assert not any("R3-" in i for i in base_ids)
    assert len(more_ids - base_ids) == 793  # the round3 pairs, in English
    assert {g["id"] for g in top[1]} <= {g["id"] for g in more[1]}  # same held-out hash


def test_indonesian_repeat_needs_the_news(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cv = _script()
    monkeypatch.setattr(sys, "argv", ["cv_events.py", "--repeat", "pud=3"])
    with pytest.raises(SystemExit):
        cv.main()
    assert "give --news too" in capsys.readouterr().err


def test_indonesian_news_lines_are_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    cv = _script()
    lines = [{"id": "news-pud-1-id"}, {"id": "news-news_valid-2-id"}]
    coded: list[str] = []

    def coded_docs(gold: list[dict[str, str]], _config: object, _lang: str) -> list[object]:
        coded.extend(g["id"] for g in gold)
        return []

    monkeypatch.setattr(cv.te, "news_split", lambda _lang, _groups: (lines, []))
    monkeypatch.setattr(cv.te, "coded_docs", coded_docs)
    cv.news_data(("news",), None, {"pud": 2})
    assert coded == ["news-pud-1-id", "news-pud-1-id", "news-news_valid-2-id"]
    coded.clear()
    cv.news_data(("news",), None)
    assert coded == ["news-pud-1-id", "news-news_valid-2-id"]


def test_bilingual_folds_leave_out_the_translations_of_what_they_score() -> None:
    cv = _script()
    held = {"news-pud-3-en", "synthetic-ACCUSE-001-en"}
    assert cv.translation_held("news-pud-3-id", held)
    assert not cv.translation_held("news-pud-4-id", held)
    assert not cv.translation_held("kompas-2017-0001", held)  # a corpus article: no twin
    seq = ([["w=kata", "c1=12", "lx=ACCUSE", "c3=7"]], ["B-ACCUSE"])
    items = [
        ({"id": "news-pud-3-id"}, None, {"triggers": [seq]}),
        ({"id": "kompas-2017-0001"}, None, {"triggers": [seq, seq]}),
    ]
    part = cv.bilingual_part(items, [({"id": "news-pud-3-en"}, None, {})])
    # the clusters go: their ids name other clusters in the other language
    assert part == {"triggers": [([["w=kata", "lx=ACCUSE"]], ["B-ACCUSE"])] * 2}


def test_bilingual_is_english_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cv = _script()
    monkeypatch.setattr(sys, "argv", ["cv_events.py", "--bilingual"])
    with pytest.raises(SystemExit):
        cv.main()
    assert "--bilingual is for --lang en" in capsys.readouterr().err
    monkeypatch.setattr(sys, "argv", ["train_events.py", "--bilingual"])
    with pytest.raises(SystemExit):
        cv.te.main()
    assert "--lang en" in capsys.readouterr().err


def test_train_events_repeat_is_checked_before_training() -> None:
    train = _script().te
    assert train.parse_repeat("pud=3,csui_train=2") == {"pud": 3, "csui_train": 2}
    assert train.parse_repeat("") == {}
    with pytest.raises(SystemExit, match="'pdu' is not one of"):
        train.parse_repeat("pdu=3")  # a typo stops the run
    with pytest.raises(SystemExit, match="source=N"):
        train.parse_repeat("pud=0")  # no silent zero copies
    with pytest.raises(SystemExit, match="source=N"):
        train.parse_repeat("pud")
