"""Keys a Redis Cluster must keep together hash to one slot (Redis refuses a script otherwise)."""

from __future__ import annotations

import uuid

from redis.crc import key_slot

from skill.store.keys import person_key, replay_key
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
