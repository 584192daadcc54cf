"""When Redis is refused or hangs, the person hears an apology and keeps their place.

On the fixture content; asserts the place carried, session end and the apology constants."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from skill.config import Settings
from skill.domain.routines import Catalog, Routine
from skill.store.keys import person_key
from skill.voice.speech import APOLOGY, SAVE_FAILED
from skill.web import create_app
from tests.support.alexa import AlexaSession, SkillResponse, flask_transport
from tests.support.faults import a_bug_in_narration
from tests.support.settings import NO_REDIS, SECRET


@pytest.fixture
def app(small_app: Flask) -> Flask:
    """The app on the fixture content."""
    return small_app


@pytest.fixture(scope="module")
def routine(small_catalog: Catalog) -> Routine:
    """The first fixture routine."""
    return small_catalog.routines[0]


@pytest.fixture(scope="module")
def no_redis(settings: Settings, small_catalog: Catalog) -> FlaskClient:
    """The app with Redis refusing connections (nothing listens on port 1)."""
    down = replace(settings, redis_url=NO_REDIS)
    return create_app(down, catalog=small_catalog).test_client()


def new_user() -> str:
    return f"amzn1.ask.account.{uuid.uuid4().hex}"


def start(person: AlexaSession, routine: Routine) -> SkillResponse:
    return person.start(routine.name, routine.id)


@pytest.fixture
def paused_writes(redis_client: redis.Redis) -> Iterator[None]:
    """Redis hangs on every write for two seconds, longer than the client waits."""
    redis_client.client_pause(2000, all=False)
    yield
    redis_client.client_unpause()


def test_starting_with_redis_down_still_coaches_and_apologises(
    no_redis: FlaskClient, routine: Routine
) -> None:
    person = AlexaSession(flask_transport(no_redis), user_id="amzn1.ask.account.DOWN")
    reply = start(person, routine)
    assert reply.text.startswith(SAVE_FAILED)
    assert reply.at == f"{routine.id} 0 active"
    assert reply.unsaved
    assert reply.says(routine.steps[0].move.name)
    nxt = person.say("AMAZON.NextIntent")
    assert nxt.at == f"{routine.id} 1 active"
    assert nxt.says(routine.steps[1].move.name)


def test_resuming_with_redis_down_apologises_instead_of_forgetting(
    no_redis: FlaskClient, small_app: Flask
) -> None:
    person = AlexaSession(flask_transport(no_redis), user_id="amzn1.ask.account.DOWN")
    reply = person.say("AMAZON.ResumeIntent")
    nobody = AlexaSession(flask_transport(small_app.test_client()), user_id=new_user())
    nothing_saved = nobody.say("AMAZON.ResumeIntent")
    assert reply.text != nothing_saved.text  # an apology, not "there is nothing to resume"
    assert reply.latest_place is None
    assert not reply.ends_session


def test_pausing_while_redis_is_down_keeps_the_session_open(
    no_redis: FlaskClient, routine: Routine
) -> None:
    person = AlexaSession(flask_transport(no_redis), user_id="amzn1.ask.account.DOWN")
    start(person, routine)
    reply = person.say("AMAZON.PauseIntent")
    assert not reply.ends_session
    assert reply.at == f"{routine.id} 0 active"  # not paused: the pause could not be saved
    assert reply.unsaved
    assert person.say("WhereAmIIntent").at == f"{routine.id} 0 active"


@pytest.mark.redis_alone
def test_a_hanging_redis_is_answered_in_under_a_second_and_saved_when_it_returns(
    client: FlaskClient, redis_client: redis.Redis, paused_writes: None, routine: Routine
) -> None:
    person = AlexaSession(flask_transport(client), user_id=new_user())
    started = time.perf_counter()
    reply = start(person, routine)
    assert time.perf_counter() - started < 1.0
    assert reply.text.startswith(SAVE_FAILED)
    assert reply.unsaved
    redis_client.client_unpause()
    person.say("AMAZON.NextIntent")
    saved = redis_client.get(person_key(SECRET, person.user_id))
    assert saved is not None
    assert b'"step":1' in saved


@pytest.mark.redis_alone
def test_an_unsaved_place_is_saved_when_the_session_ends(
    client: FlaskClient, redis_client: redis.Redis, routine: Routine
) -> None:
    person = AlexaSession(flask_transport(client), user_id=new_user())
    redis_client.client_pause(2000, all=False)
    try:
        start(person, routine)
    finally:
        redis_client.client_unpause()
    # A write the client gave up on may still land once Redis wakes; drop it as if it were lost.
    redis_client.delete(person_key(SECRET, person.user_id))
    person.fall_silent()
    assert redis_client.get(person_key(SECRET, person.user_id)) is not None


def test_a_bug_in_a_handler_is_an_apology_that_keeps_the_place(
    client: FlaskClient, routine: Routine
) -> None:
    person = AlexaSession(flask_transport(client), user_id=new_user())
    start(person, routine)
    person.say("AMAZON.NextIntent")

    with a_bug_in_narration():
        reply = person.say("AMAZON.NextIntent")
    assert reply.text.startswith(APOLOGY)
    assert reply.says(routine.steps[1].move.name, routine.steps[1].part.label or "")
    assert reply.at == f"{routine.id} 1 active"
    assert not reply.ends_session
    again = person.say("AMAZON.RepeatIntent")
    assert again.at == f"{routine.id} 1 active"
    assert again.says(routine.steps[1].move.name)
