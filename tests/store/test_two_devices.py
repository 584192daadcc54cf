"""One person, two or three devices at once: every change is kept, and a place never moves back
unless the person asked for that. Real Redis, real sessions, turns sent at the same moment."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable

import pytest
import redis
from flask import Flask

from skill.domain.routines import Catalog
from skill.store.codec import profile_from_doc
from skill.store.keys import person_key
from tests.support.alexa import AlexaSession, flask_transport
from tests.support.settings import SECRET

TRIALS = 25


def devices(app: Flask, user_id: str, count: int) -> list[AlexaSession]:
    """The same person on several devices: one session each."""
    return [AlexaSession(flask_transport(app.test_client()), user_id=user_id) for _ in range(count)]


def saved_places(redis_client: redis.Redis, user_id: str) -> dict[str, tuple[int, str]]:
    """Every routine's saved place: step and status."""
    raw = redis_client.get(person_key(SECRET, user_id))
    profile = profile_from_doc(json.loads(raw or "{}"))
    return {p.routine_id: (p.step, p.status.value) for p in profile.places}


def at_once(actions: list[Callable[[], object]]) -> None:
    """Run the actions in threads released together, and wait for all of them."""
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action: Callable[[], object]) -> None:
        barrier.wait()
        try:
            action()
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@pytest.mark.parametrize("count", [2, 3])
def test_devices_in_different_routines_at_once_keep_every_place(
    app: Flask, catalog: Catalog, redis_client: redis.Redis, count: int
) -> None:
    routines = catalog.routines[:count]
    for _ in range(TRIALS):
        user = f"amzn1.ask.account.{uuid.uuid4().hex}"
        people = devices(app, user, count)
        at_once(
            [
                lambda p=p, r=r: p.start(r.name, r.id)  # type: ignore[misc]
                for p, r in zip(people, routines, strict=True)
            ]
        )
        for _ in range(2):
            at_once([lambda p=p: p.say("AMAZON.NextIntent") for p in people])  # type: ignore[misc]
        assert saved_places(redis_client, user) == {r.id: (2, "active") for r in routines}


@pytest.mark.parametrize("count", [2, 3])
def test_devices_in_one_routine_at_once_keep_the_furthest_place(
    app: Flask, catalog: Catalog, redis_client: redis.Redis, count: int
) -> None:
    routine = catalog.routines[0]
    for trial in range(TRIALS):
        user = f"amzn1.ask.account.{uuid.uuid4().hex}"
        people = devices(app, user, count)
        for person in people:
            person.start(routine.name, routine.id)  # each device has its own session
        # Device i says "next" i + 1 times, all devices at the same moments.
        for turn in range(count):
            at_once(
                [
                    lambda p=p: p.say("AMAZON.NextIntent")  # type: ignore[misc]
                    for i, p in enumerate(people)
                    if i >= turn
                ]
            )
        steps = [p.replies[-1].latest_place for p in people]
        furthest = max(place.step for place in steps if place is not None)
        assert furthest == count, trial
        assert saved_places(redis_client, user)[routine.id] == (furthest, "active"), trial


def test_a_device_that_is_behind_never_moves_the_place_back(
    app: Flask, catalog: Catalog, redis_client: redis.Redis
) -> None:
    routine = catalog.routines[0]
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    behind, ahead = devices(app, user, 2)
    behind.start(routine.name, routine.id)
    behind.say("AMAZON.NextIntent")  # step 1, session still open on this device
    ahead.launch()
    ahead.say("AMAZON.YesIntent")  # picks up at step 1 on the other device
    for _ in range(4):
        ahead.say("AMAZON.NextIntent")  # step 5
    behind.say("AMAZON.NextIntent")  # "next" from its own step 1: narrates step 2
    assert behind.replies[-1].at == f"{routine.id} 2 active"
    assert saved_places(redis_client, user)[routine.id] == (5, "active")
    behind.say("AMAZON.PauseIntent")
    assert saved_places(redis_client, user)[routine.id] == (5, "active")


def test_going_back_on_purpose_from_a_device_that_is_behind_is_kept(
    app: Flask, catalog: Catalog, redis_client: redis.Redis
) -> None:
    routine = catalog.routines[0]
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    behind, ahead = devices(app, user, 2)
    behind.start(routine.name, routine.id)
    behind.say("AMAZON.NextIntent")
    behind.say("AMAZON.NextIntent")  # step 2
    ahead.launch()
    ahead.say("AMAZON.YesIntent")
    ahead.say("AMAZON.NextIntent")  # step 3
    behind.say("AMAZON.PreviousIntent")  # the person asked to go back: step 1
    assert saved_places(redis_client, user)[routine.id] == (1, "active")


def test_routines_started_on_another_device_survive_a_later_turn_here(
    app: Flask, catalog: Catalog, redis_client: redis.Redis
) -> None:
    first, second = catalog.routines[0], catalog.routines[1]
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    here, there = devices(app, user, 2)
    here.start(first.name, first.id)
    there.start(second.name, second.id)
    here.say("AMAZON.NextIntent")
    here.say("AMAZON.NextIntent")  # here's session merged once, and must not drop `second`
    assert saved_places(redis_client, user) == {first.id: (2, "active"), second.id: (0, "active")}


def test_a_lost_document_is_written_again_whole_from_what_the_session_knows(
    app: Flask, catalog: Catalog, redis_client: redis.Redis
) -> None:
    first, second = catalog.routines[0], catalog.routines[1]
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    (person,) = devices(app, user, 1)
    person.start(first.name, first.id)
    person.say("AMAZON.NextIntent")
    person.start(second.name, second.id)
    redis_client.delete(person_key(SECRET, user))  # lost: expired, or a crash before a sync
    person.say("AMAZON.NextIntent")
    assert saved_places(redis_client, user) == {first.id: (1, "paused"), second.id: (1, "active")}


def test_a_document_from_a_newer_version_is_never_written_over(
    app: Flask, catalog: Catalog, redis_client: redis.Redis
) -> None:
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    newer = json.dumps({"v": 99, "rev": 5, "something": "new"})
    redis_client.set(person_key(SECRET, user), newer)
    (person,) = devices(app, user, 1)
    opened = person.launch()
    assert not opened.ends_session  # told the progress cannot be reached, not started afresh
    routine = catalog.routines[0]
    person.start(routine.name, routine.id)
    person.say("AMAZON.NextIntent")
    person.fall_silent()
    assert redis_client.get(person_key(SECRET, user)) == newer.encode()
