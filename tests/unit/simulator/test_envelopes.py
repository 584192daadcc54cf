"""Simulated requests have exactly the shape of the real envelopes in tests/requests."""

from __future__ import annotations

import json
from typing import Any

from skill.catalog.model import load_model
from skill.simulator import envelopes
from skill.simulator.envelopes import Session
from skill.simulator.nlu import Nlu
from tests.support.alexa import REQUESTS
from tests.support.envelope import parse_envelope

NLU = Nlu(load_model())


def shape(value: Any) -> Any:
    """The keys of value, all the way down, without the values."""
    if isinstance(value, dict):
        return {key: shape(child) for key, child in value.items()}
    if isinstance(value, list):
        return [shape(child) for child in value]
    return type(value).__name__


def stored(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((REQUESTS / f"{name}.json").read_text())
    return loaded


def open_session() -> Session:
    session = Session(user_id=envelopes.simulated_user_id("tester"))
    session.open()
    return session


def test_a_launch_is_shaped_like_alexas() -> None:
    assert shape(envelopes.launch_request(open_session())) == shape(stored("launch_request"))


def test_an_intent_with_a_matched_slot_is_shaped_like_alexas() -> None:
    body = envelopes.intent_request(open_session(), NLU.resolve("start my lower back"))
    # The two stored IntentRequests disagree on dialogState; the simulator always sends it.
    assert body["request"].pop("dialogState") == "COMPLETED"
    assert shape(body) == shape(stored("start_routine_request"))
    slot = body["request"]["intent"]["slots"]["routine"]
    assert slot["value"] == "lower back"
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"] == {"name": "lower back stretches", "id": "lower-back"}


def test_an_intent_without_slots_is_shaped_like_alexas() -> None:
    body = envelopes.intent_request(open_session(), NLU.resolve("next"))
    assert shape(body) == shape(stored("intent_request"))


def test_an_unmatched_slot_keeps_the_words_heard_and_no_values() -> None:
    body = envelopes.intent_request(open_session(), NLU.resolve("start my hot yoga"))
    slot = body["request"]["intent"]["slots"]["routine"]
    assert slot["value"] == "hot yoga"
    for container in (slot, slot["slotValue"]):
        authority = container["resolutions"]["resolutionsPerAuthority"][0]
        assert authority["status"]["code"] == "ER_SUCCESS_NO_MATCH"
        assert "values" not in authority


def test_an_unfilled_slot_is_present_without_a_value() -> None:
    body = envelopes.intent_request(open_session(), NLU.resolve("start"))
    assert body["request"]["intent"]["slots"] == {
        "routine": {"name": "routine", "confirmationStatus": "NONE"}
    }


def test_a_session_end_is_shaped_like_alexas() -> None:
    body = envelopes.session_ended_request(open_session(), "USER_INITIATED")
    assert shape(body) == shape(stored("session_ended_request"))
    assert body["request"]["reason"] == "USER_INITIATED"
    assert body["session"]["new"] is False


def test_every_envelope_parses_as_the_skill_parses_requests() -> None:
    session = open_session()
    session.attributes = {"v": 1}
    for body in (
        envelopes.launch_request(session),
        envelopes.intent_request(session, NLU.resolve("start my lower back stretches")),
        envelopes.session_ended_request(session, "EXCEEDED_MAX_REPROMPTS"),
    ):
        data, parsed = parse_envelope(json.dumps(body).encode())
        assert parsed.context is not None
        assert parsed.context.system is not None
        assert parsed.context.system.user is not None
        assert parsed.session is not None
        assert parsed.request is not None
        assert parsed.context.system.user.user_id == "amzn1.ask.account.SIMULATOR-tester"
        assert parsed.session.session_id == session.session_id
        assert parsed.session.attributes == {"v": 1}
        assert parsed.request.locale == "en-US"
        assert data["request"]["timestamp"].endswith("Z")
