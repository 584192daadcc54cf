"""Forget me, and the skill disabled: afterwards Redis holds no key for that person.

Through the Flask app with real Alexa envelopes, against a real Redis; each check scans Redis for
every key that carries the person's hash (their document, the request ids kept against replays,
the account's list of voices)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from skill.domain.routines import Catalog, Routine
from skill.store.keys import forgotten_key, person_key, replay_key, user_hash, voices_key
from skill.voice import privacy
from skill.voice.narration import DISCLAIMER
from tests.support.alexa import AlexaSession, envelope, flask_transport
from tests.support.apps import shared_app
from tests.support.redis_procs import RedisProcess, embedded_redis_server
from tests.support.settings import FIXTURE_CONTENT, NO_REDIS, SECRET


@pytest.fixture
def app(small_app: Flask) -> Flask:
    """The app on the fixture content."""
    return small_app


@pytest.fixture(scope="module")
def routine(small_catalog: Catalog) -> Routine:
    return small_catalog.routines[0]


def someone(client: FlaskClient, person_id: str | None = None, account: str = "") -> AlexaSession:
    user = account or f"amzn1.ask.account.{uuid.uuid4().hex}"
    return AlexaSession(flask_transport(client), user_id=user, person_id=person_id)


def keys_of(redis_client: redis.Redis, user: str, person: str | None = None) -> list[bytes]:
    """Every key in Redis that carries this person's hash, but the marker that they were
    forgotten (it holds nothing, expires within the hour, and is checked for by itself)."""
    digest = user_hash(SECRET, user, person).encode()
    found = [k for k in redis_client.scan_iter(match="*", count=1000) if digest in k]
    return [k for k in found if not k.endswith(b":forgotten")]


def marker_of(redis_client: redis.Redis, user: str, person: str | None = None) -> int:
    """How long the forgotten marker of this person has left, in seconds (-2: none)."""
    return int(redis_client.ttl(forgotten_key(person_key(SECRET, user, person))))


def stretched(person: AlexaSession, routine: Routine, claims: redis.Redis | None = None) -> None:
    """A routine started and a step further, then the session left. With claims, two request
    ids are kept against replays for the person, as a verifying server keeps them."""
    person.start(routine.name, routine.id)
    person.say("AMAZON.NextIntent")
    person.fall_silent("USER_INITIATED")
    if claims is not None:
        key = person_key(SECRET, person.user_id, person.person_id)
        for request in ("amzn1.echo-api.request.1", "amzn1.echo-api.request.2"):
            claims.set(replay_key(key, request), "token", ex=300)


def test_forget_me_asks_first_and_then_leaves_no_key(
    client: FlaskClient, routine: Routine, redis_client: redis.Redis
) -> None:
    person = someone(client)
    stretched(person, routine, claims=redis_client)
    assert len(keys_of(redis_client, person.user_id)) == 3  # the document and two replay ids
    asked = person.say("ForgetMeIntent")
    assert asked.offer == "forget"
    assert not asked.ends_session
    assert redis_client.exists(person_key(SECRET, person.user_id))  # nothing deleted yet
    done = person.say("AMAZON.YesIntent")
    assert done.status == 200
    assert done.ends_session
    assert done.says(privacy.FORGOTTEN)
    assert keys_of(redis_client, person.user_id) == []
    assert 0 < marker_of(redis_client, person.user_id) <= 3600
    # Coming back, they are someone new: the first-time note again, no place offered.
    again = person.launch()
    assert again.offer is None
    assert again.latest_place is None
    assert person.start(routine.name, routine.id).says(DISCLAIMER)


def test_no_keeps_everything(
    client: FlaskClient, routine: Routine, redis_client: redis.Redis
) -> None:
    person = someone(client)
    stretched(person, routine)
    before = redis_client.get(person_key(SECRET, person.user_id))
    person.say("ForgetMeIntent")
    kept = person.say("AMAZON.NoIntent")
    assert kept.says(privacy.KEPT_ALL)
    assert kept.offer is None
    assert not kept.ends_session
    assert redis_client.get(person_key(SECRET, person.user_id)) == before


def test_a_recognised_voice_forgets_only_itself(
    client: FlaskClient, routine: Routine, redis_client: redis.Redis
) -> None:
    account = f"amzn1.ask.account.{uuid.uuid4().hex}"
    alex = someone(client, "amzn1.ask.person.A", account)
    sam = someone(client, "amzn1.ask.person.B", account)
    anyone = someone(client, None, account)
    for person in (alex, sam, anyone):
        stretched(person, routine, claims=redis_client)
    voices = voices_key(person_key(SECRET, account))
    assert redis_client.scard(voices) == 2
    alex.say("ForgetMeIntent")
    alex.say("AMAZON.YesIntent")
    assert keys_of(redis_client, account, alex.person_id) == []
    assert redis_client.smembers(voices) == {person_key(SECRET, account, sam.person_id).encode()}
    assert redis_client.exists(person_key(SECRET, account, sam.person_id))
    assert redis_client.exists(person_key(SECRET, account))


def test_disabling_the_skill_deletes_the_account_and_its_voices(
    client: FlaskClient, routine: Routine, redis_client: redis.Redis
) -> None:
    account = f"amzn1.ask.account.{uuid.uuid4().hex}"
    voices = [someone(client, f"amzn1.ask.person.{n}", account) for n in "AB"]
    for person in (*voices, someone(client, None, account)):
        stretched(person, routine, claims=redis_client)
    neighbour = someone(client)
    stretched(neighbour, routine)
    answer = client.post(
        "/alexa",
        data=json.dumps(envelope("skill_disabled_request", user_id=account)),
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert keys_of(redis_client, account) == []
    for voice in voices:
        assert keys_of(redis_client, account, voice.person_id) == []
    assert not redis_client.exists(voices_key(person_key(SECRET, account)))
    assert redis_client.exists(person_key(SECRET, neighbour.user_id))  # nobody else's


def test_forgetting_when_redis_goes_away_says_so(tmp_path: Path, routine: Routine) -> None:
    server = RedisProcess(embedded_redis_server(), tmp_path / "redis", "--save", "").start()
    try:
        person = someone(
            shared_app(server.url, tmp_path, content_dir=FIXTURE_CONTENT).test_client()
        )
        stretched(person, routine)
        assert person.say("ForgetMeIntent").offer == "forget"
    finally:
        server.stop()
    answer = person.say("AMAZON.YesIntent")
    assert answer.status == 200
    assert answer.says(privacy.FORGET_FAILED)
    assert answer.ends_session


def test_with_redis_unreachable_forget_me_asks_to_try_again(tmp_path: Path) -> None:
    person = someone(shared_app(NO_REDIS, tmp_path, content_dir=FIXTURE_CONTENT).test_client())
    answer = person.say("ForgetMeIntent")
    assert answer.status == 200
    assert answer.offer is None  # nothing can be deleted now, so nothing is offered
    assert answer.says("can't reach your saved progress")  # speech.store_unavailable


def test_what_do_you_keep_says_it_and_how_to_delete_it(
    client: FlaskClient, routine: Routine
) -> None:
    person = someone(client)
    assert person.say("WhatDoYouKeepIntent").says(privacy.WHAT_IS_KEPT)
    stretched(person, routine)
    told = person.say("WhatDoYouKeepIntent")
    assert told.says(privacy.WHAT_IS_KEPT, privacy.HOW_TO_FORGET, privacy.kept_for(365))
    assert not told.ends_session


def test_what_do_you_keep_says_how_long_this_deployment_keeps_it(
    redis_url: str, tmp_path: Path, small_catalog: Catalog, routine: Routine
) -> None:
    """PERSON_RETENTION_DAYS set to 90: the skill says three months, not a year."""
    app = shared_app(redis_url, tmp_path, small_catalog, person_retention_days=90)
    person = someone(app.test_client())
    stretched(person, routine)
    told = person.say("WhatDoYouKeepIntent")
    assert told.says(privacy.kept_for(90))
    assert not told.says(privacy.kept_for(365))


def test_a_device_still_in_a_session_cannot_write_a_forgotten_person_back(
    client: FlaskClient, routine: Routine, redis_client: redis.Redis
) -> None:
    account = f"amzn1.ask.account.{uuid.uuid4().hex}"
    kitchen, bedroom = someone(client, None, account), someone(client, None, account)
    kitchen.start(routine.name, routine.id)
    kitchen.say("AMAZON.NextIntent")  # mid-routine, its session carrying the whole document
    bedroom.say("ForgetMeIntent")
    bedroom.say("AMAZON.YesIntent")
    answer = kitchen.say("AMAZON.NextIntent")
    assert answer.status == 200
    assert keys_of(redis_client, account) == []  # nothing it knew came back
    assert answer.latest_place is None  # it carries on from nothing
    # What they do from now on is theirs to keep: a fresh start is saved.
    kitchen.start(routine.name, routine.id)
    assert redis_client.exists(person_key(SECRET, account))


def test_a_voices_visit_renews_its_accounts_list(
    client: FlaskClient, routine: Routine, redis_client: redis.Redis
) -> None:
    account = f"amzn1.ask.account.{uuid.uuid4().hex}"
    alex = someone(client, "amzn1.ask.person.A", account)
    stretched(alex, routine)
    voices = voices_key(person_key(SECRET, account))
    redis_client.srem(voices, person_key(SECRET, account, alex.person_id))  # as if saved before
    redis_client.expire(person_key(SECRET, account, alex.person_id), 600)
    alex.launch()  # a visit that only reads
    assert redis_client.sismember(voices, person_key(SECRET, account, alex.person_id))
    assert redis_client.ttl(voices) > 300 * 86_400
