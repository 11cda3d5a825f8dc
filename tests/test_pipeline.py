from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from warta import build_pipeline, load_config, load_pipeline
from warta.errors import ConfigError, PipelineError
from warta.model import Doc
from warta.pipeline import registered
from warta.stages._base import BaseStage


class Needy(BaseStage):
    name = "test.needy"
    version = 3
    requires = ("sentences",)
    assigns = ("title",)

    def __call__(self, doc: Doc) -> Doc:
        return doc.replace(title=f"{len(doc.sentences)} sentences")


class Broken(BaseStage):
    name = "test.broken"
    version = 1

    def __call__(self, doc: Doc) -> Doc:
        raise ValueError("boom")


def test_unmet_requirement_refuses_to_build() -> None:
    with pytest.raises(PipelineError, match=r"test.needy@3 requires sentences"):
        build_pipeline([Needy()])


def test_requirements_met_by_earlier_stage_and_provenance_recorded() -> None:
    pipe = build_pipeline(["warta.dateline", "warta.sentences", Needy()])
    doc = pipe.run(Doc(text="Satu. Dua.", id="x"))
    assert doc.title == "2 sentences"
    assert doc.stages["sentences"] == "warta.sentences@1"
    assert doc.stages["title"] == "test.needy@3"
    assert pipe.names == ["warta.dateline@1", "warta.sentences@1", "test.needy@3"]


def test_unknown_stage_names_registered_ones() -> None:
    with pytest.raises(PipelineError, match="unknown stage 'nope'.*warta.sentences"):
        build_pipeline(["nope"])
    assert "warta.language" in registered()


def test_stage_failure_names_stage_and_article() -> None:
    pipe = build_pipeline([Broken()])
    with pytest.raises(
        PipelineError, match=r"test.broken@1 failed on article abc: ValueError: boom"
    ):
        pipe.run(Doc(text="x", id="abc"))


def test_default_config_builds_and_user_file_overrides(tmp_path: Any) -> None:
    cfg = load_config()
    assert cfg.stages[0] == "warta.language"
    user = tmp_path / "w.toml"
    user.write_text('[pipeline]\nstages = ["warta.dateline"]\n[store]\nbatch_size = 7\n')
    cfg2 = load_config(user)
    assert cfg2.stages == ("warta.dateline",) and cfg2.store_batch_size == 7
    assert load_pipeline(cfg2).names == ["warta.dateline@1"]
    assert cfg2.to_dict()["pipeline"]["stages"] == ["warta.dateline"]


def test_bad_config_is_a_config_error(tmp_path: Any) -> None:
    p = tmp_path / "bad.toml"
    p.write_text("[pipeline\n")
    with pytest.raises(ConfigError, match="bad.toml"):
        load_config(p)
    with pytest.raises(ConfigError):
        load_config(overrides={"store": {"batch_size": 0}})


def test_settings_reach_the_factory() -> None:
    settings: Mapping[str, Mapping[str, Any]] = {"warta.language": {"languages": ["en", "id"]}}
    pipe = build_pipeline(["warta.language"], settings)
    assert pipe.stages[0].languages == ("en", "id")  # type: ignore[attr-defined]
