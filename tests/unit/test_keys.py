"""Keys a Redis Cluster must keep together hash to one slot (Redis refuses a script otherwise);
a person's hash is the same however often, and in whatever order, it is asked for."""

from __future__ import annotations

import hashlib
import hmac
import uuid

from redis.crc import key_slot

from skill.store.keys import person_key, replay_key, user_hash
from tests.support.settings import SECRET


def test_a_request_id_is_remembered_in_its_persons_slot_and_never_shows_an_alexa_id() -> None:
    slots = set()
    for _ in range(200):
        user = f"amzn1.ask.account.{uuid.uuid4().hex}"
        request_id = f"amzn1.echo-api.request.{uuid.uuid4()}"
        person = person_key(SECRET, user)
        seen = replay_key(person, request_id)
        assert key_slot(seen.encode()) == key_slot(person.encode())
        assert user not in seen
        assert request_id not in seen
        assert seen != replay_key(person, request_id + "x")
        slots.add(key_slot(person.encode()))
    assert len(slots) > 150  # people are spread over the slots, not all in one


def _hmac(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()


def test_a_hash_asked_again_is_the_hash_of_what_is_asked() -> None:
    other = b"another deployment's secret"
    asks = [
        (SECRET, "amzn1.ask.account.A", None),
        (SECRET, "amzn1.ask.account.A", None),  # again: the thread's last answer
        (SECRET, "amzn1.ask.account.A", "amzn1.ask.person.P"),
        (SECRET, "amzn1.ask.account.A", "amzn1.ask.person.P"),
        (other, "amzn1.ask.account.A", "amzn1.ask.person.P"),
        (SECRET, "amzn1.ask.account.B", "amzn1.ask.person.P"),
        (SECRET, "amzn1.ask.account.A", None),
    ]
    for secret, user, person in asks:
        message = user if person is None else f"{user}\x00{person}"
        assert user_hash(secret, user, person) == _hmac(secret, message)
