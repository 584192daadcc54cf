"""The simulator speaks a locale: that locale's model resolves what is said, and every request
it sends carries the locale."""

from __future__ import annotations

import json
from typing import Any

import pytest

from skill.catalog.model import load_model
from skill.simulator.dialog import Dialog
from skill.simulator.nlu import Nlu
from skill.voice.locales import LOCALES
from tests.support.envelope import parse_envelope

NLUS = {locale: Nlu(load_model(locale)) for locale in LOCALES}


@pytest.mark.parametrize(
    ("said", "understood_in", "intent"),
    [
        ("hang on a tick", {"en-GB", "en-AU"}, "WaitIntent"),
        ("that's me done for today", {"en-GB", "en-AU"}, "DoneForTodayIntent"),
        ("my back is paining", {"en-IN"}, "PainIntent"),
    ],
)
def test_a_locales_own_phrasing_is_understood_only_there(
    said: str, understood_in: set[str], intent: str
) -> None:
    for locale, nlu in NLUS.items():
        got = nlu.resolve(said).intent
        assert (got == intent) == (locale in understood_in), (locale, got)


@pytest.mark.parametrize(
    ("said", "said_in"),
    [
        ("do my physio", {"en-GB", "en-CA", "en-AU", "en-IN"}),
        ("do my physical therapy", {"en-US"}),
    ],
)
def test_doing_your_physio_or_pt_asks_which_routine_where_it_is_said(
    said: str, said_in: set[str]
) -> None:
    for locale, nlu in NLUS.items():
        match = nlu.resolve(said)
        assert match.intent == "StartRoutineIntent"
        if locale in said_in:  # a sample of its own: no routine named, so the coach asks
            assert match.slots == (), locale
        else:  # heard as "do my {routine}" with a routine nobody has
            (slot,) = match.slots
            assert slot.value_id is None, locale


@pytest.mark.parametrize("locale", LOCALES)
def test_every_request_of_a_dialog_carries_its_locale(locale: str) -> None:
    sent: list[dict[str, Any]] = []

    def skill(raw: bytes) -> tuple[int, Any]:
        sent.append(json.loads(raw))
        return 200, {"version": "1.0", "response": {"shouldEndSession": False}}

    talk = Dialog(NLUS[locale], skill, "amzn1.ask.account.LOCALE", locale=locale)
    for said in ("open", "start my lower back stretches", "end"):
        talk.handle(said)
    assert [body["request"]["type"] for body in sent] == [
        "LaunchRequest",
        "IntentRequest",
        "SessionEndedRequest",
    ]
    for body in sent:
        _, parsed = parse_envelope(json.dumps(body).encode())
        assert parsed.request is not None
        assert parsed.request.locale == locale
