"""Every locale's interaction model is generated from one source and content, and cannot drift."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from skill.catalog import load_catalog
from skill.catalog.model import (
    MODELS_DIR,
    SLOT_TYPE,
    SOURCE_DIR,
    ModelSourceError,
    ModelSources,
    build_models,
    main,
    read_model_document,
    routine_slot_type,
    stale_models,
)
from skill.voice.locales import LOCALES
from tests.support.settings import ROOT
from tests.support.speech import content_catalog


def _intents(document: dict[str, Any]) -> dict[str, list[str]]:
    language = document["interactionModel"]["languageModel"]
    return {i["name"]: i.get("samples", []) for i in language["intents"]}


@pytest.fixture(scope="module")
def generated() -> dict[str, dict[str, Any]]:
    """What the committed sources and content make, in memory (nothing is written)."""
    return build_models(ModelSources.read(), content_catalog())


def test_every_stored_locale_model_is_exactly_what_the_sources_make(
    generated: dict[str, dict[str, Any]],
) -> None:
    assert set(generated) == set(LOCALES)
    assert stale_models(generated) == {}
    for locale in LOCALES:
        assert read_model_document(locale) == generated[locale], locale
    assert sorted(p.stem for p in MODELS_DIR.glob("*.json")) == sorted(LOCALES)


def test_locales_share_every_intent_and_differ_only_by_added_samples(
    generated: dict[str, dict[str, Any]],
) -> None:
    us = _intents(generated["en-US"])
    shared = _intents(json.loads((SOURCE_DIR / "source.json").read_text(encoding="utf-8")))
    for locale, document in generated.items():
        mine = _intents(document)
        assert mine.keys() == shared.keys() == us.keys(), locale
        for name, samples in mine.items():
            assert samples[: len(shared[name])] == shared[name], (locale, name)
        types = document["interactionModel"]["languageModel"]["types"]
        assert types == [routine_slot_type(content_catalog())]


def test_british_physio_is_understood_in_britain_and_physical_therapy_in_america(
    generated: dict[str, dict[str, Any]],
) -> None:
    gb, us = _intents(generated["en-GB"]), _intents(generated["en-US"])
    assert "do my physio" in gb["StartRoutineIntent"]
    assert "do my physio" not in us["StartRoutineIntent"]
    assert "do my physical therapy" in us["StartRoutineIntent"]
    assert "it's paining" in _intents(generated["en-IN"])["PainIntent"]


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Copies of content, the model sources and the generated models that a test may change."""
    content, sources, models = tmp_path / "content", tmp_path / "sources", tmp_path / "models"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(SOURCE_DIR, sources)
    shutil.copytree(MODELS_DIR, models)
    return content, sources, models


def test_the_model_command_finds_drift_in_any_locale_and_regenerates(
    copies: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, sources, models = copies
    paths = ["--content", str(content), "--sources", str(sources), "--models", str(models)]
    assert main([*paths, "--check"]) == 0
    gb = models / "en-GB.json"
    gb.write_text(gb.read_text().replace('"hang on a tick",', '"hang on a tick", "wotcha",'))
    (models / "en-NZ.json").write_text("{}")
    (models / "en-IN.json").unlink()
    assert main([*paths, "--check"]) == 1
    err = capsys.readouterr().err
    assert "en-GB.json: out of date" in err
    assert "en-NZ.json: not a skill locale" in err
    assert "en-IN.json: missing" in err
    assert main(paths) == 0
    assert main([*paths, "--check"]) == 0
    assert sorted(p.stem for p in models.glob("*.json")) == sorted(LOCALES)


def test_a_content_change_reaches_every_locale(copies: tuple[Path, Path, Path]) -> None:
    content, sources, models = copies
    neck = content / "6-neck-shoulders.yaml"
    neck.write_text(neck.read_text().replace("  - stiff shoulders\n", "  - crick in my neck\n"))
    paths = ["--content", str(content), "--sources", str(sources), "--models", str(models)]
    assert main([*paths, "--check"]) == 1
    assert main(paths) == 0
    for locale in LOCALES:
        language = read_model_document(locale, models)["interactionModel"]["languageModel"]
        (routine_type,) = language["types"]
        assert routine_type["name"] == SLOT_TYPE
        neck = next(v for v in routine_type["values"] if v["id"] == "neck-shoulders")
        assert "crick in my neck" in neck["name"]["synonyms"], locale
        assert "stiff shoulders" not in neck["name"]["synonyms"], locale


def test_locales_yaml_must_list_exactly_the_skills_locales(
    copies: tuple[Path, Path, Path],
) -> None:
    content, sources, _ = copies
    loaded = ModelSources.read(sources)
    loaded.extra_samples["en-NZ"] = {"WaitIntent": ["hang on a tick"]}
    with pytest.raises(ModelSourceError, match="exactly the skill's locales"):
        build_models(loaded, load_catalog(content))
    del loaded.extra_samples["en-NZ"], loaded.extra_samples["en-CA"]
    with pytest.raises(ModelSourceError, match="exactly the skill's locales"):
        build_models(loaded, load_catalog(content))


@pytest.mark.parametrize(
    ("intent", "sample", "problem"),
    [
        ("NoSuchIntent", "hello", "no intent NoSuchIntent"),
        ("WaitIntent", "hang on", "already a sample of WaitIntent"),
        ("AMAZON.NextIntent", "hang on a tick", "already a sample of WaitIntent"),
        ("WaitIntent", "wait for {routine}", "not a valid sample"),
        ("WaitIntent", "wait, please!", "not a valid sample"),
    ],
)
def test_a_locale_sample_must_be_new_valid_and_for_a_known_intent(
    copies: tuple[Path, Path, Path], intent: str, sample: str, problem: str
) -> None:
    content, sources, _ = copies
    loaded = ModelSources.read(sources)
    loaded.extra_samples["en-GB"].setdefault(intent, []).append(sample)
    with pytest.raises(ModelSourceError, match=problem):
        build_models(loaded, load_catalog(content))
