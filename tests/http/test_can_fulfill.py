"""Name-free interaction: Alexa asks whether the skill can serve "start my lower back
stretches" said without its name. The answer is YES, MAYBE or NO with each slot's, and it has no
side effects: no Redis read or write, no session."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import redis
from flask.testing import FlaskClient

from skill.store.keys import person_key
from tests.support.alexa import envelope
from tests.support.checks import check_response
from tests.support.settings import SECRET, load_model_intents

INTENTS = load_model_intents()


def ask(client: FlaskClient, intent: str, value: str | None = None) -> tuple[dict[str, Any], str]:
    """A CanFulfillIntentRequest as Alexa sends it (slots by name and value), and its user."""
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    body = envelope("intent_request", user_id=user, intent=intent)
    body["request"]["type"] = "CanFulfillIntentRequest"
    body["request"].pop("dialogState", None)
    if value is not None:
        body["request"]["intent"]["slots"] = {"routine": {"name": "routine", "value": value}}
    response = client.post("/alexa", data=json.dumps(body), content_type="application/json")
    check_response(response.status_code, response.get_json(), "CanFulfillIntentRequest")
    answer: dict[str, Any] = response.get_json()["response"]["canFulfillIntent"]
    return answer, user


@pytest.mark.parametrize("intent", ["StartRoutineIntent", "QuickRoutineIntent"])
@pytest.mark.parametrize("said", ["lower back", "my neck", "lower back stretches", "posture"])
def test_starting_a_routine_whose_name_resolves_is_yes(
    client: FlaskClient, said: str, intent: str
) -> None:
    answer, _ = ask(client, intent, said)
    assert answer == {
        "canFulfill": "YES",
        "slots": {"routine": {"canUnderstand": "YES", "canFulfill": "YES"}},
    }


def test_starting_a_routine_we_do_not_have_is_maybe_and_the_slot_cannot_be_served(
    client: FlaskClient,
) -> None:
    answer, _ = ask(client, "StartRoutineIntent", "yoga for cats")
    assert answer == {
        "canFulfill": "MAYBE",
        "slots": {"routine": {"canUnderstand": "MAYBE", "canFulfill": "NO"}},
    }


def test_starting_with_no_routine_named_is_maybe(client: FlaskClient) -> None:
    answer, _ = ask(client, "StartRoutineIntent")
    assert answer == {"canFulfill": "MAYBE"}


@pytest.mark.parametrize("intent", ["ListRoutinesIntent", "TodayIntent", "ProgressIntent"])
def test_questions_that_start_a_session_are_yes(client: FlaskClient, intent: str) -> None:
    # "What routines are there", "what should I do today", "how am I doing": each starts a
    # session that offers a routine.
    assert ask(client, intent)[0] == {"canFulfill": "YES"}


STARTERS = {
    "StartRoutineIntent",
    "QuickRoutineIntent",
    "ListRoutinesIntent",
    "TodayIntent",
    "ProgressIntent",
}


@pytest.mark.parametrize(
    "intent",
    [
        *sorted(i for i in INTENTS if i not in STARTERS),
        "SomeoneElsesIntent",
    ],
)
def test_everything_that_only_means_something_inside_a_session_is_no(
    client: FlaskClient, intent: str
) -> None:
    assert ask(client, intent)[0] == {"canFulfill": "NO"}


@pytest.mark.redis_alone
def test_answering_reads_and_writes_nothing(client: FlaskClient, redis_client: redis.Redis) -> None:
    before = redis_client.info("commandstats")
    _, user = ask(client, "StartRoutineIntent", "lower back")
    after = redis_client.info("commandstats")
    assert redis_client.get(person_key(SECRET, user)) is None
    for command in ("cmdstat_get", "cmdstat_getex", "cmdstat_set", "cmdstat_evalsha"):
        calls = (
            (before.get(command) or {}).get("calls", 0),
            (after.get(command) or {}).get("calls", 0),
        )
        assert calls[0] == calls[1], command
