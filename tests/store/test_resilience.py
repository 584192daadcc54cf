"""When Redis is refused or hangs, the person hears an apology and keeps their place."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
import redis
from flask.testing import FlaskClient

from skill.config import Settings
from skill.domain.content import Catalog
from skill.store.keys import progress_key
from skill.web import create_app
from tests.support.alexa import AlexaSession, flask_transport
from tests.support.settings import SECRET


@pytest.fixture(scope="module")
def no_redis(settings: Settings, catalog: Catalog) -> FlaskClient:
    """The app with Redis refusing connections (nothing listens on port 1)."""
    down = replace(settings, redis_url="redis://127.0.0.1:1/0")
    return create_app(down, catalog=catalog).test_client()


@pytest.fixture
def paused_writes(redis_client: redis.Redis) -> Iterator[None]:
    """Redis hangs on every write for two seconds, longer than the client waits."""
    redis_client.client_pause(2000, all=False)
    yield
    redis_client.client_unpause()


def test_starting_with_redis_down_still_coaches_and_apologises(no_redis: FlaskClient) -> None:
    person = AlexaSession(flask_transport(no_redis), user_id="amzn1.ask.account.DOWN")
    reply = person.start()
    assert reply.text.startswith("Sorry, I couldn't save your progress just now")
    assert "pelvic tilt" in reply.text
    nxt = person.say("AMAZON.NextIntent")
    assert "Move two of five, knee to chest." in nxt.text


def test_resuming_with_redis_down_apologises_instead_of_forgetting(no_redis: FlaskClient) -> None:
    person = AlexaSession(flask_transport(no_redis), user_id="amzn1.ask.account.DOWN")
    reply = person.say("AMAZON.ResumeIntent")
    assert "can't reach your saved progress" in reply.text
    assert "nothing paused" not in reply.text
    assert not reply.ends_session


def test_pausing_while_redis_is_down_keeps_the_session_open(no_redis: FlaskClient) -> None:
    person = AlexaSession(flask_transport(no_redis), user_id="amzn1.ask.account.DOWN")
    person.start()
    reply = person.say("AMAZON.PauseIntent")
    assert "couldn't save your place" in reply.text
    assert not reply.ends_session
    assert "You're on lower back stretches, move one" in person.say("WhereAmIIntent").text


def test_a_hanging_redis_is_answered_in_under_a_second_and_saved_when_it_returns(
    client: FlaskClient, redis_client: redis.Redis, paused_writes: None
) -> None:
    person = AlexaSession(flask_transport(client), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    started = time.perf_counter()
    reply = person.start()
    assert time.perf_counter() - started < 1.0
    assert reply.text.startswith("Sorry, I couldn't save your progress just now")
    redis_client.client_unpause()
    person.say("AMAZON.NextIntent")
    saved = redis_client.get(progress_key(SECRET, person.user_id))
    assert saved is not None
    assert b'"step":1' in saved


def test_an_unsaved_position_is_saved_when_the_session_ends(
    client: FlaskClient, redis_client: redis.Redis
) -> None:
    person = AlexaSession(flask_transport(client), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    redis_client.client_pause(2000, all=False)
    try:
        person.start()
    finally:
        redis_client.client_unpause()
    # A write the client gave up on may still land once Redis wakes; drop it as if it were lost.
    redis_client.delete(progress_key(SECRET, person.user_id))
    person.fall_silent()
    assert redis_client.get(progress_key(SECRET, person.user_id)) is not None


def test_a_bug_in_a_handler_is_an_apology_that_keeps_the_place(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skill.domain.coach import Coach

    person = AlexaSession(flask_transport(client), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    person.start()
    person.say("AMAZON.NextIntent")

    def broken(*args: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(Coach, "_narrate", broken)
    reply = person.say("AMAZON.NextIntent")
    assert "Sorry, something went wrong on my side." in reply.text
    assert "You're still at knee to chest, left leg." in reply.text
    assert not reply.ends_session
    monkeypatch.undo()
    assert person.say("AMAZON.RepeatIntent").text.startswith("Again: knee to chest, left leg.")
