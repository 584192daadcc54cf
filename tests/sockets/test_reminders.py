"""'Remind me to stretch every day at 8 am', 'do I have a reminder', 'cancel my reminder', against
a stand-in of Alexa's Reminders API on loopback: created, listed, cancelled, the permission
refused (with its card), and each error answered in words, the person's place untouched."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask.testing import FlaskClient

from skill.alexa.reminders import PERMISSION
from skill.config import Settings
from skill.domain.routines import Catalog, Routine
from skill.simulator.alexa_api import AlexaApiStandIn
from skill.voice import reminders as voice
from skill.web import create_app
from tests.support.alexa import AlexaSession, SkillResponse, flask_transport
from tests.support.alexa_api import stand_in_for_templates
from tests.support.clock import Clock


@pytest.fixture
def stand_in() -> Iterator[AlexaApiStandIn]:
    with stand_in_for_templates() as api:
        yield api


@pytest.fixture
def client(settings: Settings, stand_in: AlexaApiStandIn, small_catalog: Catalog) -> FlaskClient:
    allowed = replace(settings, alexa_api_hosts=(stand_in.host,))
    return create_app(allowed, clock=Clock(), catalog=small_catalog).test_client()


@pytest.fixture
def person(client: FlaskClient, stand_in: AlexaApiStandIn) -> AlexaSession:
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    return AlexaSession(flask_transport(client), user_id=user, api_endpoint=stand_in.endpoint)


@pytest.fixture(scope="module")
def routine(small_catalog: Catalog) -> Routine:
    return small_catalog.routines[0]


def remind(person: AlexaSession, time: str | None = "08:00") -> SkillResponse:
    slots = {} if time is None else {"time": time}
    return person.send("intent_request", intent="RemindMeIntent", slots=slots)


def test_a_daily_reminder_is_created_listed_and_cancelled(
    person: AlexaSession, stand_in: AlexaApiStandIn
) -> None:
    made = remind(person, "08:00")
    assert made.says("every day at eight in the morning")
    assert not made.ends_session
    (reminder,) = stand_in.reminders.values()
    trigger = reminder["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE"
    assert trigger["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0;INTERVAL=1;"
    ]
    assert trigger["recurrence"]["startDateTime"].endswith("T08:00:00.000")
    assert trigger["timeZoneId"] == "Asia/Tokyo"  # the device's, learnt as the session began
    assert reminder["alertInfo"]["spokenInfo"]["content"] == [
        {"locale": "en-US", "text": voice.RINGING}
    ]
    assert person.say("ReminderStatusIntent").says("eight in the morning")
    assert person.say("CancelReminderIntent").says(voice.CANCELLED)
    assert stand_in.reminders == {}
    assert person.say("ReminderStatusIntent").says(voice.NONE_SET)
    assert person.say("CancelReminderIntent").says(voice.NONE_TO_CANCEL)


def test_without_the_permission_alexa_asks_for_it_by_voice_and_a_yes_makes_it(
    person: AlexaSession, stand_in: AlexaApiStandIn, routine: Routine
) -> None:
    person.start(routine.name, routine.id)
    stand_in.reminders_granted = False
    asked = remind(person, "19:30")
    assert asked.says(voice.ASKING_PERMISSION)
    (directive,) = [d for d in asked.directives if d["type"] == "Connections.SendRequest"]
    assert directive["name"] == "AskFor"
    assert directive["payload"] == {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "1",
        "permissionScope": PERMISSION,
    }
    assert asked.ends_session  # Alexa takes the turn, and resumes the session after
    assert "reprompt" not in asked.response
    assert "card" not in asked.response
    assert stand_in.reminders == {}
    stand_in.reminders_granted = True  # what a yes to Alexa's question does
    granted = person.send("permission_answer_request", token=directive["token"])
    assert granted.says("every day at seven thirty in the evening")
    (made,) = stand_in.reminders.values()
    assert made["trigger"]["recurrence"]["recurrenceRules"][0].startswith("FREQ=DAILY;BYHOUR=19;")
    assert granted.at == f"{routine.id} 0 active"  # the place rides on, untouched
    assert not granted.ends_session


@pytest.mark.parametrize("answer", ["DENIED", "NOT_ANSWERED"])
def test_a_permission_not_given_makes_nothing_and_says_how_to_later(
    person: AlexaSession, stand_in: AlexaApiStandIn, answer: str
) -> None:
    stand_in.reminders_granted = False
    asked = remind(person)
    (directive,) = [d for d in asked.directives if d["type"] == "Connections.SendRequest"]
    refused = person.send("permission_answer_request", token=directive["token"], permission=answer)
    assert refused.says(voice.DECLINED)
    assert refused.response["card"] == {
        "type": "AskForPermissionsConsent",
        "permissions": [PERMISSION],
    }
    assert not refused.ends_session
    assert stand_in.reminders == {}
    assert not [s for s in stand_in.seen if s.method == "POST"]


def test_a_yes_that_still_is_not_allowed_sends_a_card_and_asks_no_more(
    person: AlexaSession, stand_in: AlexaApiStandIn
) -> None:
    stand_in.reminders_granted = False  # and it stays so, whatever was said to Alexa
    (directive,) = [d for d in remind(person).directives if d["type"] == "Connections.SendRequest"]
    answer = person.send("permission_answer_request", token=directive["token"])
    assert answer.says(voice.NEEDS_PERMISSION)
    assert answer.response["card"] == {
        "type": "AskForPermissionsConsent",
        "permissions": [PERMISSION],
    }
    assert not answer.asks_permission
    # Listing or cancelling needs the permission too: a card, not a question.
    for asked in (person.say("ReminderStatusIntent"), person.say("CancelReminderIntent")):
        assert asked.says(voice.NEEDS_PERMISSION)
        assert asked.response["card"]["type"] == "AskForPermissionsConsent"


def test_a_permission_answer_with_no_time_in_its_token_asks_for_one(
    person: AlexaSession, stand_in: AlexaApiStandIn
) -> None:
    assert person.send("permission_answer_request", token="").says(voice.WHAT_TIME)
    assert stand_in.reminders == {}


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (401, voice.NEEDS_PERMISSION),
        (403, voice.NEEDS_PERMISSION),
        (429, voice.TOO_MANY),
        (500, voice.UNAVAILABLE),
        (503, voice.UNAVAILABLE),
    ],
)
def test_each_error_gets_its_answer_and_the_place_is_kept(
    person: AlexaSession, stand_in: AlexaApiStandIn, routine: Routine, status: int, said: str
) -> None:
    person.start(routine.name, routine.id)
    stand_in.status = status
    asked = remind(person)
    if status in (401, 403):  # not allowed: Alexa asks for it by voice
        assert asked.asks_permission
        asked = person.send("permission_answer_request", token="remind-at:08:00")
    for answer in (
        asked,
        person.say("ReminderStatusIntent"),
        person.say("CancelReminderIntent"),
    ):
        assert answer.status == 200
        assert answer.says(said)
        assert answer.at == f"{routine.id} 0 active"  # the place rides on, untouched
        assert not answer.ends_session
    assert person.say("AMAZON.NextIntent").at == f"{routine.id} 1 active"


def test_a_slow_api_is_answered_within_alexas_eight_seconds(
    person: AlexaSession, stand_in: AlexaApiStandIn
) -> None:
    stand_in.delay = 2.5  # past the 1 s each call waits
    started = time.monotonic()
    answer = remind(person)
    assert time.monotonic() - started < 8.0
    assert answer.status == 200
    assert answer.says(voice.UNAVAILABLE)


def test_the_same_time_twice_makes_one_reminder(
    person: AlexaSession, stand_in: AlexaApiStandIn
) -> None:
    remind(person, "08:00")
    again = remind(person, "08:00")
    assert again.says("already")
    assert len(stand_in.reminders) == 1


def test_no_time_heard_asks_for_one(person: AlexaSession, stand_in: AlexaApiStandIn) -> None:
    assert remind(person, None).says(voice.WHAT_TIME)
    assert remind(person, "?").says(voice.WHAT_TIME)
    assert not [s for s in stand_in.seen if s.method == "POST"]  # nothing was created


def test_the_evening_is_said_as_the_evening(person: AlexaSession) -> None:
    assert remind(person, "19:30").says("seven thirty in the evening")
    assert remind(person, "EV").says("seven in the evening")


def test_cancelling_many_says_how_many_are_left(
    person: AlexaSession, stand_in: AlexaApiStandIn
) -> None:
    for hour in range(6, 12):
        remind(person, f"{hour:02d}:00")
        if hour > 6:  # "move it, or add another?": another
            person.say("AddReminderIntent")
    assert len(stand_in.reminders) == 6
    first = person.say("CancelReminderIntent")
    assert first.says(voice.SOME_LEFT.format(count="three", left="three"))
    assert len(stand_in.reminders) == 3
    assert person.say("CancelReminderIntent").says("cancelled your three daily reminders")
    assert stand_in.reminders == {}


def test_no_time_asks_and_a_bare_time_answers(person: AlexaSession) -> None:
    asked = remind(person, None)
    assert asked.says(voice.WHAT_TIME)
    assert asked.body["response"]["reprompt"]["outputSpeech"]["ssml"].count("What time") == 1


def test_a_second_time_asks_move_or_add_and_yes_moves_it(
    person: AlexaSession, stand_in: AlexaApiStandIn
) -> None:
    remind(person, "08:00")
    asked = remind(person, "19:00")
    assert asked.says(
        voice.MOVE_ONE.format(existing="eight in the morning", at="seven in the evening")
    )
    assert asked.reprompt_says(voice.MOVE_OR_ADD)
    assert len(stand_in.reminders) == 1  # nothing made before the answer
    moved = person.say("AMAZON.YesIntent")
    assert moved.says("your reminder is now every day at seven in the evening")
    (only,) = stand_in.reminders.values()
    assert only["trigger"]["recurrence"]["recurrenceRules"][0].startswith("FREQ=DAILY;BYHOUR=19;")
    # The question was answered: a yes now is the coach's again, not another move.
    assert not person.say("AMAZON.YesIntent").says("your reminder is now")
    assert len(stand_in.reminders) == 1


def test_add_another_keeps_both_and_no_leaves_them(
    person: AlexaSession, stand_in: AlexaApiStandIn, routine: Routine
) -> None:
    person.start(routine.name, routine.id)
    remind(person, "08:00")
    remind(person, "19:00")
    added = person.say("AddReminderIntent")
    assert added.says("every day at seven in the evening")
    assert added.at == f"{routine.id} 0 active"
    assert len(stand_in.reminders) == 2
    asked = remind(person, "21:00")
    assert asked.says(
        voice.MOVE_SOME.format(
            existing="eight in the morning and seven in the evening", at="nine at night"
        )
    )
    left = person.say("AMAZON.NoIntent")
    assert left.says(voice.LEFT_AS_THEY_WERE)
    assert not left.ends_session
    assert left.at == f"{routine.id} 0 active"
    assert len(stand_in.reminders) == 2
    # With nothing asked, "add another" has no time to add: it asks for one.
    assert person.say("AddReminderIntent").says(voice.WHAT_TIME)
    assert len(stand_in.reminders) == 2
