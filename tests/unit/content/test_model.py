"""The interaction model's ROUTINE slot type cannot drift from content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from skill.catalog import load_catalog
from skill.catalog.model import SLOT_TYPE, main, routine_slot_type, sync_model
from tests.support.settings import ROOT
from tests.support.speech import content_catalog

MODEL = ROOT / "interaction_models" / "en-US.json"


def _language(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["interactionModel"][
        "languageModel"
    ]
    return found


def test_the_committed_model_matches_content_exactly() -> None:
    types = {t["name"]: t for t in _language(MODEL)["types"]}
    assert types[SLOT_TYPE] == routine_slot_type(content_catalog())


def test_start_routine_samples_use_the_routine_slot() -> None:
    intents = {i["name"]: i for i in _language(MODEL)["intents"]}
    start = intents["StartRoutineIntent"]
    assert {s["name"]: s["type"] for s in start["slots"]} == {"routine": SLOT_TYPE}
    assert any("{routine}" in sample for sample in start["samples"])


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of content and of the model that a test may change."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    model = tmp_path / "en-US.json"
    shutil.copy(MODEL, model)
    return content, model


def test_sync_model_rewrites_only_the_routine_type_after_content_changes(
    copies: tuple[Path, Path],
) -> None:
    content, model = copies
    neck = content / "6-neck-shoulders.yaml"
    neck.write_text(neck.read_text().replace("  - stiff shoulders\n", "  - sore neck\n"))
    before = _language(model)
    assert sync_model(model, load_catalog(content)) is True
    after = _language(model)
    assert after["intents"] == before["intents"]
    values = {
        v["id"]: v["name"] for t in after["types"] if t["name"] == SLOT_TYPE for v in t["values"]
    }
    assert "sore neck" in values["neck-shoulders"]["synonyms"]
    assert "stiff shoulders" not in values["neck-shoulders"]["synonyms"]
    assert sync_model(model, load_catalog(content)) is False


def test_the_model_command_checks_and_regenerates(
    copies: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, model = copies
    paths = ["--content", str(content), "--model", str(model)]
    assert main([*paths, "--check"]) == 0
    (content / "4-upper-back.yaml").write_text(
        (content / "4-upper-back.yaml").read_text().replace("  - desk posture\n", "")
    )
    assert main([*paths, "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(paths) == 0
    assert main([*paths, "--check"]) == 0
