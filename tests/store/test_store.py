"""Progress in a real Redis: keyed-hash keys, versioned documents, sliding expiry."""

from __future__ import annotations

import json
import uuid

import pytest
import redis
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.request_envelope import RequestEnvelope

from skill.domain.state import DAY
from skill.store.keys import KEY_PREFIX, person_key, user_hash
from skill.store.redis_server import connect
from skill.store.repository import PersonRepository, RequestReplayedError, Stored
from skill.verification.replay import ReplayClaim
from tests.support.alexa import envelope
from tests.support.settings import SECRET


def request_for(user_id: str, person_id: str | None = None) -> RequestEnvelope:
    changes = {"user_id": user_id} | ({"person_id": person_id} if person_id else {})
    body = json.dumps(envelope("launch_request", **changes))
    parsed: RequestEnvelope = DefaultSerializer().deserialize(body, RequestEnvelope)
    return parsed


@pytest.fixture
def adapter(redis_client: redis.Redis) -> PersonRepository:
    return PersonRepository(redis_client, SECRET, person_retention_days=30)


def test_keys_are_a_keyed_hash_and_never_contain_the_user_id() -> None:
    user = "amzn1.ask.account.SECRETPERSON"
    key = person_key(SECRET, user)
    assert key.startswith(KEY_PREFIX)
    assert "SECRETPERSON" not in key
    assert key == KEY_PREFIX + user_hash(SECRET, user)
    assert person_key(b"another-secret-of-enough-length", user) != key


def test_recognised_voices_on_one_account_get_their_own_document() -> None:
    user = "amzn1.ask.account.SHARED"
    assert person_key(SECRET, user, "amzn1.ask.person.A") != person_key(
        SECRET, user, "amzn1.ask.person.B"
    )


def test_a_saved_document_reads_back(adapter: PersonRepository) -> None:
    request = request_for(f"amzn1.ask.account.{uuid.uuid4().hex}")
    assert adapter.load(request) == Stored({}, 0)  # someone new
    doc = {"v": 1, "rev": 1, "position": None, "disclaimer_given": True}
    assert adapter.save(request, 0, doc) == 1
    assert adapter.load(request) == Stored(doc, 1)
    stale = {"v": 1, "rev": 1}
    # Written over another read: what is there, at the revision to merge from.
    assert adapter.save(request, 0, stale) == Stored(doc, 1)
    assert adapter.load(request) == Stored(doc, 1)


def test_the_store_stamps_the_revision_it_writes(adapter: PersonRepository) -> None:
    """The revision is the store's to count: whatever "rev" a caller's document says, it is
    written as one more than the revision it was written over."""
    request = request_for(f"amzn1.ask.account.{uuid.uuid4().hex}")
    assert adapter.save(request, 0, {"v": 3}) == 1
    assert adapter.load(request) == Stored({"v": 3, "rev": 1}, 1)
    assert adapter.save(request, 1, {"v": 3, "rev": 99}) == 2
    assert adapter.load(request) == Stored({"v": 3, "rev": 2}, 2)
    assert adapter.save(request, 1, {"v": 3}) == Stored({"v": 3, "rev": 2}, 2)  # stale: refused


def test_the_document_is_stored_under_the_hashed_key_with_a_thirty_day_expiry(
    adapter: PersonRepository, redis_client: redis.Redis
) -> None:
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    adapter.save(request_for(user), 0, {"v": 1, "rev": 1})
    key = person_key(SECRET, user)
    assert json.loads(redis_client.get(key) or b"null") == {"v": 1, "rev": 1}
    assert 30 * DAY - 5 <= redis_client.ttl(key) <= 30 * DAY
    assert not [k for k in redis_client.scan_iter(match="*") if user.encode() in k]


def test_reading_slides_the_expiry_forward(
    adapter: PersonRepository, redis_client: redis.Redis
) -> None:
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    adapter.save(request_for(user), 0, {"v": 1, "rev": 1})
    key = person_key(SECRET, user)
    redis_client.expire(key, 60)
    adapter.load(request_for(user))
    assert redis_client.ttl(key) > 29 * DAY


def test_forgetting_deletes_the_person(adapter: PersonRepository) -> None:
    request = request_for(f"amzn1.ask.account.{uuid.uuid4().hex}")
    adapter.save(request, 0, {"v": 1, "rev": 1})
    adapter.forget(request)
    assert adapter.load(request) == Stored({}, 0)


def test_an_unreachable_redis_fails_fast_as_a_persistence_error() -> None:
    dead = PersonRepository(connect("redis://127.0.0.1:1/0"), SECRET, 30)
    request = request_for("amzn1.ask.account.ANY")
    with pytest.raises(PersistenceException):
        dead.load(request)
    with pytest.raises(PersistenceException):
        dead.save(request, 0, {"v": 1, "rev": 1})


def test_a_save_sent_again_with_its_own_claim_is_no_replay_but_another_request_is(
    adapter: PersonRepository,
) -> None:
    """A client that resends the save script (Sentinel and Cluster clients retry a command
    whose answer was lost) must not take the first run's claim for a replay."""
    request = request_for(f"amzn1.ask.account.{uuid.uuid4().hex}")
    claim = ReplayClaim("amzn1.echo-api.request.ONE", 300)
    assert adapter.save(request, 0, {"rev": 1}, claim) == 1
    resent = ReplayClaim(claim.request_id, 300, token=claim.token)
    # The first run's write is there: a conflict to merge with, not a replay.
    assert adapter.save(request, 0, {"rev": 1}, resent) == Stored({"rev": 1}, 1)
    assert resent.fresh is True
    replayed = ReplayClaim(claim.request_id, 300)
    with pytest.raises(RequestReplayedError):
        adapter.save(request, 1, {"rev": 2}, replayed)
    assert replayed.fresh is False
    assert adapter.load(request) == Stored({"rev": 1}, 1)
