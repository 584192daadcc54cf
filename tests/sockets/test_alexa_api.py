"""The device's time zone from the Alexa Settings API, over a real socket to a stand-in on loopback:
days and streaks are counted in it, it is asked once a week, and every way the API can fail
leaves the turn answered as before, in UTC."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
import redis
from flask.testing import FlaskClient

from skill.alexa.apis import AlexaApi
from skill.config import Settings
from skill.domain.routines import Catalog, Routine
from skill.domain.state import DAY
from skill.simulator.alexa_api import AlexaApiStandIn
from skill.store.codec import profile_from_doc
from skill.store.keys import person_key
from skill.web import create_app
from tests.support.alexa import AlexaSession, envelope, flask_transport
from tests.support.alexa_api import TOKEN, stand_in_for_templates
from tests.support.clock import Clock
from tests.support.envelope import parse_envelope
from tests.support.settings import FIXTURE_CONTENT, SECRET

LATE_EVENING_UTC = 15.5 * 3600  # the clock starts at 08:00 UTC: this is 23:30 UTC, 08:30 in Tokyo


@pytest.fixture
def stand_in() -> Iterator[AlexaApiStandIn]:
    with stand_in_for_templates() as api:
        yield api


@pytest.fixture
def clock() -> Clock:
    """The app's clock (tests/sockets has a clock of its own for certificates)."""
    return Clock()


@pytest.fixture
def client(
    settings: Settings, stand_in: AlexaApiStandIn, clock: Clock, small_catalog: Catalog
) -> FlaskClient:
    """The app, allowed to call the stand-in and nothing else."""
    allowed = replace(settings, alexa_api_hosts=(stand_in.host,), content_dir=FIXTURE_CONTENT)
    return create_app(allowed, clock=clock, catalog=small_catalog).test_client()


@pytest.fixture(scope="module")
def routine(small_catalog: Catalog) -> Routine:
    return small_catalog.routines[0]


def someone(client: FlaskClient, stand_in: AlexaApiStandIn) -> AlexaSession:
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    return AlexaSession(flask_transport(client), user_id=user, api_endpoint=stand_in.endpoint)


def stored_days(redis_client: redis.Redis, person: AlexaSession) -> set[int]:
    raw = redis_client.get(person_key(SECRET, person.user_id))
    assert raw is not None
    return set(profile_from_doc(json.loads(raw)).history.days)


def test_days_are_counted_in_the_devices_time_zone(
    client: FlaskClient,
    stand_in: AlexaApiStandIn,
    clock: Clock,
    routine: Routine,
    redis_client: redis.Redis,
) -> None:
    clock.advance(LATE_EVENING_UTC)
    person = someone(client, stand_in)
    assert person.start(routine.name, routine.id).status == 200
    (asked,) = stand_in.seen
    assert asked.path == "/v2/devices/amzn1.ask.device.AEXAMPLEDEVICE/settings/System.timeZone"
    assert asked.headers["Authorization"] == f"Bearer {TOKEN}"
    # 23:30 UTC on Friday 15 January is Saturday morning in Tokyo: the day kept is Saturday.
    assert stored_days(redis_client, person) == {date(2027, 1, 16).toordinal()}


def test_the_zone_is_asked_once_a_week(
    client: FlaskClient, stand_in: AlexaApiStandIn, clock: Clock, routine: Routine
) -> None:
    person = someone(client, stand_in)
    person.start(routine.name, routine.id)
    person.say("AMAZON.NextIntent")  # the same session: not asked again
    person.fall_silent("USER_INITIATED")
    clock.advance(2 * DAY)
    person.launch()  # a new session within the week: known
    assert len(stand_in.seen) == 1
    person.fall_silent("USER_INITIATED")
    clock.advance(6 * DAY)
    person.launch()  # over a week: asked again
    assert len(stand_in.seen) == 2


@pytest.mark.parametrize("status", [401, 403, 404, 429, 500, 503])
def test_an_api_error_leaves_the_turn_as_it_was_in_utc(
    client: FlaskClient,
    stand_in: AlexaApiStandIn,
    clock: Clock,
    routine: Routine,
    redis_client: redis.Redis,
    status: int,
) -> None:
    stand_in.status = status
    clock.advance(LATE_EVENING_UTC)
    person = someone(client, stand_in)
    reply = person.start(routine.name, routine.id)
    assert reply.status == 200
    assert reply.at == f"{routine.id} 0 active"
    assert stored_days(redis_client, person) == {date(2027, 1, 15).toordinal()}  # UTC


def test_a_slow_api_costs_a_turn_at_most_its_timeout(
    client: FlaskClient, stand_in: AlexaApiStandIn, routine: Routine
) -> None:
    stand_in.delay = 3.0
    person = someone(client, stand_in)
    started = time.monotonic()
    reply = person.start(routine.name, routine.id)
    assert reply.status == 200
    assert reply.at == f"{routine.id} 0 active"
    assert time.monotonic() - started < 3.0  # answered without waiting for the API


def test_a_trickling_answer_is_cut_off_at_the_deadline(stand_in: AlexaApiStandIn) -> None:
    stand_in.trickle = 0.3  # 15 bytes: 4.5 s, though no single read waits a second
    api = AlexaApi(hosts=(stand_in.host,))
    body = envelope("launch_request", api_endpoint=stand_in.endpoint)
    _, request = parse_envelope(json.dumps(body).encode())
    started = time.monotonic()
    assert api.time_zone(request) is None
    assert time.monotonic() - started < 2.0  # the 1 s deadline, and the shutdown after it


def test_an_api_that_keeps_failing_is_not_asked_while_the_breaker_is_open(
    stand_in: AlexaApiStandIn,
) -> None:
    stand_in.status = 503
    api = AlexaApi(hosts=(stand_in.host,))
    body = envelope("launch_request", api_endpoint=stand_in.endpoint)
    _, request = parse_envelope(json.dumps(body).encode())
    for _ in range(10):
        assert api.time_zone(request) is None
    assert len(stand_in.seen) == api.breaker.failures  # then it failed fast, sending nothing


def test_only_listed_hosts_are_called_and_the_token_is_never_logged(
    client: FlaskClient,
    stand_in: AlexaApiStandIn,
    routine: Routine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    person = someone(client, stand_in)
    person.api_endpoint = f"http://127.0.0.1:{stand_in.port + 1}"  # not the listed host
    person.start(routine.name, routine.id)
    elsewhere = someone(client, stand_in)
    elsewhere.api_endpoint = f"https://{stand_in.host}"  # listed, but not http on loopback
    with caplog.at_level(logging.DEBUG):
        elsewhere.start(routine.name, routine.id)
        stand_in.status = 401
        someone(client, stand_in).start(routine.name, routine.id)
    assert len(stand_in.seen) == 1  # only the last
    assert "time zone unavailable: HTTP 401" in caplog.text
    assert TOKEN not in caplog.text


def test_a_time_zone_alone_is_not_kept_for_someone_new(
    client: FlaskClient, stand_in: AlexaApiStandIn, redis_client: redis.Redis
) -> None:
    person = someone(client, stand_in)
    assert person.launch().status == 200  # the zone is asked, and carried in the session
    assert len(stand_in.seen) == 1
    assert not redis_client.exists(person_key(SECRET, person.user_id))
