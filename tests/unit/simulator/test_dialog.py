"""Alexa's session bookkeeping: ids, the new flag, attributes carried, and closing sessions."""

from __future__ import annotations

import json
from typing import Any

from skill.catalog.model import load_model
from skill.simulator.dialog import Dialog
from skill.simulator.nlu import Nlu

NLU = Nlu(load_model())


class FakeSkill:
    """Answers every request, counting turns in a session attribute; records what it got."""

    def __init__(self, end_on: str = "AMAZON.StopIntent") -> None:
        self.bodies: list[dict[str, Any]] = []
        self.end_on = end_on

    def __call__(self, raw: bytes) -> tuple[int, Any]:
        body = json.loads(raw)
        self.bodies.append(body)
        if body["request"]["type"] == "SessionEndedRequest":
            return 200, {"version": "1.0", "response": {}}
        turns = body["session"]["attributes"].get("turns", 0) + 1
        ends = body["request"].get("intent", {}).get("name") == self.end_on
        return 200, {
            "version": "1.0",
            "sessionAttributes": {"turns": turns},
            "response": {
                "outputSpeech": {"type": "SSML", "ssml": f"<speak>Exchange {turns}.</speak>"},
                "shouldEndSession": ends,
            },
        }

    def session(self, index: int) -> dict[str, Any]:
        found: dict[str, Any] = self.bodies[index]["session"]
        return found


def talk(skill: FakeSkill) -> Dialog:
    return Dialog(NLU, skill, "amzn1.ask.account.SIMULATOR-test")


def test_a_session_keeps_its_id_and_carries_attributes_back() -> None:
    skill = FakeSkill()
    conversation = talk(skill)
    first = conversation.handle("start my lower back stretches")
    conversation.handle("next")
    conversation.handle("repeat")
    assert first.new_session
    assert [skill.session(i)["new"] for i in range(3)] == [True, False, False]
    assert len({skill.session(i)["sessionId"] for i in range(3)}) == 1
    assert [skill.session(i)["attributes"] for i in range(3)] == [{}, {"turns": 1}, {"turns": 2}]


def test_a_session_the_skill_closed_is_followed_by_a_new_one_for_the_same_user() -> None:
    skill = FakeSkill()
    conversation = talk(skill)
    conversation.handle("next")
    conversation.handle("stop")
    after = conversation.handle("next")
    assert after.new_session
    assert skill.session(2)["new"] is True
    assert skill.session(2)["attributes"] == {}
    assert skill.session(2)["sessionId"] != skill.session(0)["sessionId"]
    users = {b["context"]["System"]["user"]["userId"] for b in skill.bodies}
    assert users == {"amzn1.ask.account.SIMULATOR-test"}


def test_end_is_a_user_initiated_session_end() -> None:
    skill = FakeSkill()
    conversation = talk(skill)
    conversation.handle("open")
    turn = conversation.handle("end")
    assert turn.request_type == "SessionEndedRequest"
    assert skill.bodies[-1]["request"]["reason"] == "USER_INITIATED"
    assert not conversation.session.is_open


def test_new_lets_the_open_session_time_out() -> None:
    skill = FakeSkill()
    conversation = talk(skill)
    conversation.handle("next")
    conversation.handle("new")
    assert skill.bodies[-1]["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert conversation.handle("next").new_session


def test_closing_with_no_session_open_sends_nothing() -> None:
    skill = FakeSkill()
    turn = talk(skill).handle("new")
    assert turn.request_type is None
    assert skill.bodies == []
    assert turn.describe() == "→ nothing sent"


def test_a_one_shot_starts_a_new_session_even_mid_session() -> None:
    skill = FakeSkill()
    conversation = talk(skill)
    conversation.handle("open")
    turn = conversation.handle("ask back stretch coach to resume")
    assert turn.new_session
    assert turn.describe() == "→ new session · AMAZON.ResumeIntent"
    assert skill.session(1)["sessionId"] != skill.session(0)["sessionId"]


def test_a_refused_request_closes_the_session_and_says_why() -> None:
    def refuse(raw: bytes) -> tuple[int, Any]:
        return 400, {"error": "bad request"}

    conversation = Dialog(NLU, refuse, "amzn1.ask.account.SIMULATOR-test")
    turn = conversation.handle("open")
    assert turn.answer is None
    assert turn.note == 'HTTP 400: {"error": "bad request"}'
    assert not conversation.session.is_open
