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
from skill.domain.content import Catalog, Routine
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


def test_without_the_permission_a_card_asks_for_it(
    person: AlexaSession, stand_in: AlexaApiStandIn
) -> None:
    stand_in.reminders_granted = False
    answer = remind(person)
    assert answer.says(voice.NEEDS_PERMISSION)
    card = answer.body["response"]["card"]
    assert card == {"type": "AskForPermissionsConsent", "permissions": [PERMISSION]}
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
    for answer in (
        remind(person),
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
