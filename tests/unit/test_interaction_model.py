"""Every locale's interaction model and the handlers agree, and each is in the console's
format."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.skill import handled_intents
from skill.catalog.model import read_model_document, routine_slot_type
from skill.voice.locales import LOCALES
from tests.support.speech import content_catalog

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_BUILT_INS = {
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.CancelIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.FallbackIntent",
}


@pytest.fixture(scope="module", params=LOCALES)
def language_model(request: pytest.FixtureRequest) -> dict[str, Any]:
    model: dict[str, Any] = read_model_document(request.param)["interactionModel"]["languageModel"]
    return model


def test_every_intent_in_the_model_has_a_handler_and_the_reverse(
    language_model: dict[str, Any],
) -> None:
    in_model = {intent["name"] for intent in language_model["intents"]}
    assert in_model == handled_intents()
    assert in_model >= REQUIRED_BUILT_INS


def test_invocation_name_is_back_stretch_coach(language_model: dict[str, Any]) -> None:
    assert language_model["invocationName"] == "back stretch coach"


def test_custom_intents_have_many_natural_samples(language_model: dict[str, Any]) -> None:
    custom = [i for i in language_model["intents"] if not i["name"].startswith("AMAZON.")]
    assert {i["name"] for i in custom} == {
        "StartRoutineIntent",
        "HoldDurationIntent",
        "ExplainMoveIntent",
        "WhereAmIIntent",
        "ListRoutinesIntent",
        "SkipIntent",
        "PainIntent",
        "WarningSignsIntent",
        "DoneForTodayIntent",
        "TooHardIntent",
        "WaitIntent",
        "TimeLeftIntent",
        "ProgressIntent",
        "TodayIntent",
        "WhatDoYouKeepIntent",
        "ForgetMeIntent",
        "RemindMeIntent",
        "SlowerIntent",
        "FasterIntent",
        "NormalPaceIntent",
        "LongerHoldsIntent",
        "ShorterHoldsIntent",
        "NormalHoldsIntent",
        "ReminderStatusIntent",
        "CancelReminderIntent",
        "AddReminderIntent",
        "QuickRoutineIntent",
    }
    for intent in custom:
        assert len(intent["samples"]) >= 25, intent["name"]
    hold = next(i for i in custom if i["name"] == "HoldDurationIntent")["samples"]
    assert {"how long should I hold this", "how many seconds", "what's the hold time"} <= set(hold)


def test_samples_follow_the_consoles_rules(language_model: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for intent in language_model["intents"]:
        slot_names = {slot["name"] for slot in intent.get("slots", [])}
        for sample in intent["samples"]:
            assert re.fullmatch(r"[a-zA-Z' {}.]+", sample), sample
            assert set(re.findall(r"{(\w+)}", sample)) <= slot_names, sample
            key = sample.lower()
            assert seen.setdefault(key, intent["name"]) == intent["name"], (
                f"{sample!r} in two intents"
            )


def test_the_routine_slot_type_matches_content(language_model: dict[str, Any]) -> None:
    routine_type = next(t for t in language_model["types"] if t["name"] == "ROUTINE")
    assert routine_type == routine_slot_type(content_catalog())
    start = next(i for i in language_model["intents"] if i["name"] == "StartRoutineIntent")
    assert start["slots"] == [{"name": "routine", "type": "ROUTINE"}]
