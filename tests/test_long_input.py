"""Long input: coding cost grows linearly with the article, and the per-article budget
(``[budget]`` in the config) stops an article with an error naming it, the batch going on.

The growth tests compare *ratios* (of CPU time, and of profiled function calls, which do
not depend on the machine's load) between an article and one 8 times longer; no test
asserts an absolute time."""

from __future__ import annotations

import asyncio
import cProfile
import itertools
import json
import pstats
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

import warta._api
from warta._api import load_pipeline
from warta.cli import main
from warta.config import Budget, load_config
from warta.errors import BudgetError, ConfigError
from warta.model import Article, Doc
from warta.pipeline import Pipeline, build_pipeline
from warta.stages.text import MAX_SENTENCE_CHARS, split_sentences
from warta.store import Store

SENT = (
    "Menteri Luar Negeri Irak Fuad Hussein mengatakan pada hari Kamis bahwa pemerintah "
    "Irak dan Amerika Serikat sepakat membentuk komisi militer tinggi di Baghdad. "
)
SHAPES = {
    # one sentence repeated: the same entities, places and times mentioned again and again
    "repeated": lambda n: "Baghdad, Purna Warta – " + SENT * n,
    # no sentence end at all: one "sentence" as long as the article
    "one-line": lambda n: SENT.replace(". ", ", ") * n,
}
SMALL, FACTOR = 40, 8  # 40 sentences (~6.4 KB) and 8 times that


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    p = load_pipeline()
    p.run(Doc.from_article(Article.create(SENT * 3, published="2024-01-26")))  # warm up
    return p


def _doc(text: str) -> Doc:
    return Doc.from_article(Article.create(text, published="2024-01-26"))


def _cpu(p: Pipeline, doc: Doc) -> float:
    best = float("inf")
    for _ in range(2):
        t0 = time.process_time()
        p.run(doc)
        best = min(best, time.process_time() - t0)
    return best


def _calls(p: Pipeline, doc: Doc) -> int:
    prof = cProfile.Profile()
    prof.enable()
    p.run(doc)
    prof.disable()
    return int(pstats.Stats(prof).total_calls)  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_cost_grows_linearly(pipeline: Pipeline, shape: str) -> None:
    small, large = _doc(SHAPES[shape](SMALL)), _doc(SHAPES[shape](SMALL * FACTOR))
    assert len(large.text) > 7 * len(small.text)
    calls = _calls(pipeline, large) / _calls(pipeline, small)
    cpu = _cpu(pipeline, large) / _cpu(pipeline, small)
    # linear: both ratios near 8; the quadratic steps made them 20 and more
    assert calls < 1.35 * FACTOR, f"{shape}: function calls grew {calls:.1f}x for {FACTOR}x text"
    assert cpu < 1.75 * FACTOR, f"{shape}: CPU time grew {cpu:.1f}x for {FACTOR}x text"


def test_overlong_sentences_are_cut() -> None:
    text = SHAPES["one-line"](60)  # ~10 KB without a full stop
    sents = split_sentences(text)
    assert len(sents) >= len(text) // MAX_SENTENCE_CHARS
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in sents)
    # cut after a comma, and nothing is lost between the pieces but spaces
    assert all(text[s.end - 1] == "," for s in sents[:-1])
    assert all(text[a.end : b.start].strip() == "" for a, b in itertools.pairwise(sents))
    # a text without any space is cut at the limit
    blob = split_sentences("x" * 2500)
    assert [(s.start, s.end) for s in blob] == [(0, 1000), (1000, 2000), (2000, 2500)]
    # real sentences stay whole
    assert len(split_sentences(SENT * 3)) == 3


# -- the budget ----------------------------------------------------------------------------


def test_shipped_budget() -> None:
    budget = load_config().budget
    assert budget.max_chars is not None and budget.max_chars >= 1_000_000
    assert budget.max_seconds is not None and budget.max_seconds >= 60
    assert load_pipeline().budget == budget


def test_budget_config_is_checked(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[budget]\nmax_chars = -1\n")
    with pytest.raises(ConfigError, match="budget"):
        load_config(cfg)
    cfg.write_text("[budget]\nmax_chars = 0\nmax_seconds = 0\n")
    assert load_config(cfg).budget == Budget(None, None)


def test_over_long_article_is_an_error_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "small.toml"
    cfg.write_text("[budget]\nmax_chars = 400\n")
    src = tmp_path / "in.jsonl"
    lines = [
        {"text": "Irak dan AS sepakat membentuk komite.", "published": "2024-01-26"},
        {"text": SENT * 5, "published": "2024-01-26"},
        {"text": "Presiden Joko Widodo mengunjungi Malaysia.", "published": "2024-01-27"},
    ]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines))
    db = tmp_path / "w.duckdb"
    rc = main(["run", str(src), "--config", str(cfg), "--store", str(db), "--format", "jsonl"])
    captured = capsys.readouterr()
    assert rc == 1
    out = [json.loads(x) for x in captured.out.splitlines()]
    assert [r["text"][:4] for r in out] == ["Irak", "Pres"]
    err = [x for x in captured.err.splitlines() if x.startswith("warta: error:")]
    assert len(err) == 1
    assert f"{src}:2: article " in err[0] and "over the budget of 400" in err[0]
    assert "budget.max_chars" in err[0]
    with Store(db, read_only=True) as st:
        assert st.count() == 2 and st.count("errors") == 1


def test_time_budget_names_the_article_and_the_stage() -> None:
    p = build_pipeline(
        ["warta.language", "warta.dateline", "warta.sentences"],
        budget=Budget(max_seconds=1e-9),
    )
    doc = _doc(SENT)
    with pytest.raises(BudgetError) as exc:
        p.run(doc)
    msg = str(exc.value)
    assert f"article {doc.id}" in msg and "budget.max_seconds" in msg
    assert "stopped after stage warta.language" in msg
    assert build_pipeline(["warta.language", "warta.dateline"]).run(doc).id == doc.id


def test_api_answers_422_over_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fastapi")
    from warta.api.app import create_app

    small = build_pipeline(
        load_config().stages, load_config().stage_settings, Budget(max_chars=200)
    )
    monkeypatch.setattr(warta._api, "_default_pipeline", lambda: small)
    app = create_app(tmp_path / "api.duckdb")

    async def post(text: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
            return await c.post("/api/code", json={"text": text})

    r: Any = asyncio.run(post(SENT * 3))
    assert r.status_code == 422 and "budget.max_chars" in r.json()["detail"]
    assert asyncio.run(post("Irak dan AS sepakat.")).status_code == 200
    app.state.access.close()
