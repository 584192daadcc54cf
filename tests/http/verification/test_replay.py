"""A signed request replayed within its window is refused, by every worker, through Redis; a turn
that saves remembers its request id in the same round trip as its save, and a replay writes
nothing; with Redis down the check fails open and says so."""

from __future__ import annotations

import json
import logging
import uuid
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
import redis
from flask.testing import FlaskClient

from skill.config import Settings
from skill.store.clients import ObservedRedis
from skill.store.codec import session_document
from skill.store.keys import person_key, replay_key
from tests.http.verification.test_http import post, signed, signed_launch, strict_app
from tests.support.alexa import carried_step
from tests.support.pki import FakeClock, FakeFetcher, Pki
from tests.support.settings import SECRET

LOWER_BACK = ("lower back", "lower-back")


@pytest.fixture
def client(settings: Settings, pki: Pki, fetcher: FakeFetcher, clock: FakeClock) -> FlaskClient:
    return strict_app(settings, pki, fetcher, clock)


@pytest.fixture
def user() -> str:
    return f"amzn1.ask.account.REPLAY{uuid.uuid4().hex}"


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The commands the app sends Redis, by name (each one a round trip)."""
    counts: Counter[str] = Counter()
    guarded = ObservedRedis._guarded

    def counting(self: ObservedRedis, operation: str, command: Any) -> Any:
        counts[operation] += 1
        return guarded(self, operation, command)

    monkeypatch.setattr(ObservedRedis, "_guarded", counting)
    return counts


def started(client: FlaskClient, pki: Pki, user: str) -> dict[str, Any]:
    """user starts the lower back routine; the session attributes Alexa then carries."""
    status, body = post(
        client, *signed(pki, "start_routine_request", user_id=user, routine=LOWER_BACK)
    )
    assert status == 200
    attributes: dict[str, Any] = body["sessionAttributes"]
    return attributes


def said(
    pki: Pki, user: str, intent: str, attributes: dict[str, Any]
) -> tuple[bytes, dict[str, str]]:
    """A signed intent from inside the session that carries attributes."""
    return signed(
        pki, "intent_request", user_id=user, intent=intent, new=False, attributes=attributes
    )


def stored(redis_client: redis.Redis, user: str) -> Any:
    raw = redis_client.get(person_key(SECRET, user))
    return None if raw is None else json.loads(raw)


def test_a_replayed_signed_request_is_refused(
    user: str,
    settings: Settings,
    pki: Pki,
    fetcher: FakeFetcher,
    clock: FakeClock,
    client: FlaskClient,
    redis_client: redis.Redis,
) -> None:
    raw, headers = signed_launch(pki, user_id=user)
    assert post(client, raw, headers)[0] == 200
    assert post(client, raw, headers) == (400, {"error": "bad request"})
    # Another worker (another app on the same Redis) refuses it too.
    assert post(strict_app(settings, pki, fetcher, clock), raw, headers)[0] == 400
    request_id = json.loads(raw)["request"]["requestId"]
    key = replay_key(person_key(SECRET, user), request_id)
    assert 0 < int(redis_client.ttl(key)) <= 300
    fresh, fresh_headers = signed_launch(pki, user_id=user)
    assert post(client, fresh, fresh_headers)[0] == 200


def test_a_turn_that_saves_claims_its_request_id_in_the_same_round_trip(
    pki: Pki, client: FlaskClient, redis_client: redis.Redis, sent: Counter[str], user: str
) -> None:
    attributes = started(client, pki, user)
    sent.clear()
    nxt = said(pki, user, "AMAZON.NextIntent", attributes)
    status, body = post(client, *nxt)
    assert status == 200
    assert carried_step(body["sessionAttributes"]) == carried_step(attributes) + 1
    assert sent == Counter({"eval": 1})  # the save and the claim: one script, one round trip
    saved = stored(redis_client, user)
    assert saved["places"][0]["step"] == carried_step(attributes) + 1

    # The same "next" again: refused, and the place stays where the first one put it.
    assert post(client, *nxt) == (400, {"error": "bad request"})
    assert stored(redis_client, user) == saved
    # Even at the revision the replay carries, after another session moved the person back.
    then = session_document(attributes)
    assert then is not None
    redis_client.set(person_key(SECRET, user), json.dumps(then["profile"]))
    assert post(client, *nxt)[0] == 400
    assert stored(redis_client, user) == then["profile"]


def test_a_turn_that_saves_nothing_claims_its_request_id_on_its_own(
    pki: Pki, client: FlaskClient, redis_client: redis.Redis, sent: Counter[str], user: str
) -> None:
    attributes = started(client, pki, user)
    before = stored(redis_client, user)
    sent.clear()
    hold = said(pki, user, "HoldDurationIntent", attributes)
    assert post(client, *hold)[0] == 200
    assert sent == Counter({"set": 1})  # nothing saved: only the claim
    assert post(client, *hold) == (400, {"error": "bad request"})
    assert stored(redis_client, user) == before


def test_with_redis_down_replay_protection_fails_open_and_says_so(
    settings: Settings,
    pki: Pki,
    fetcher: FakeFetcher,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    down = replace(settings, redis_url="redis://127.0.0.1:1/0")
    client = strict_app(down, pki, fetcher, clock)
    raw, headers = signed_launch(pki)
    with caplog.at_level(logging.WARNING):
        assert post(client, raw, headers)[0] == 200
        assert post(client, raw, headers)[0] == 200
    assert any("replay check skipped" in r.getMessage() for r in caplog.records)


def test_a_save_whose_answer_was_lost_is_not_taken_for_a_replay_of_itself(
    pki: Pki,
    client: FlaskClient,
    redis_client: redis.Redis,
    monkeypatch: pytest.MonkeyPatch,
    user: str,
) -> None:
    """The save script ran in Redis (claim made, place written) but its reply never came back:
    the claim made after the turn finds the request's own token, so the answer goes out."""
    attributes = started(client, pki, user)
    guarded = ObservedRedis._guarded

    def reply_lost(self: ObservedRedis, operation: str, command: Any) -> Any:
        result = guarded(self, operation, command)
        if operation == "eval":
            raise redis.TimeoutError("the reply did not come back in time")
        return result

    monkeypatch.setattr(ObservedRedis, "_guarded", reply_lost)
    nxt = said(pki, user, "AMAZON.NextIntent", attributes)
    assert post(client, *nxt)[0] == 200
    assert stored(redis_client, user)["places"][0]["step"] == carried_step(attributes) + 1
    monkeypatch.setattr(ObservedRedis, "_guarded", guarded)
    assert post(client, *nxt)[0] == 400  # a true replay still is one


def test_a_save_that_meets_another_devices_write_merges_without_claiming_twice(
    pki: Pki, client: FlaskClient, redis_client: redis.Redis, sent: Counter[str], user: str
) -> None:
    attributes = started(client, pki, user)
    theirs = stored(redis_client, user)
    theirs["rev"] += 1  # another device saved meanwhile
    redis_client.set(person_key(SECRET, user), json.dumps(theirs))
    sent.clear()
    nxt = said(pki, user, "AMAZON.NextIntent", attributes)
    assert post(client, *nxt)[0] == 200
    assert sent == Counter({"eval": 2})  # refused at the other revision, then merged and written
    saved = stored(redis_client, user)
    assert saved["rev"] == theirs["rev"] + 1
    assert saved["places"][0]["step"] == carried_step(attributes) + 1
    assert post(client, *nxt)[0] == 400


def test_a_claim_that_fails_in_any_way_lets_the_request_through(
    pki: Pki,
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    user: str,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("not a Redis error")

    monkeypatch.setattr(ObservedRedis, "set", broken)
    raw, headers = signed_launch(pki, user_id=user)
    with caplog.at_level(logging.WARNING):
        assert post(client, raw, headers)[0] == 200
    assert any("replay check skipped" in r.getMessage() for r in caplog.records)
