"""Redis trouble: down, hung, or crashed, the person is told the truth and keeps going.

These run on the fixture content (tests/fixtures/content): they are about plumbing, not routines."""

from __future__ import annotations

import json
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import yaml
from flask import Flask
from flask.testing import FlaskClient

from skill.config import RedisTopology
from skill.domain.routines import Catalog, Routine
from skill.store import clients
from skill.store.breaker import CircuitBreaker, CircuitOpenError
from skill.store.clients import ObservedRedis, RedisClient, builder
from skill.store.codec import profile_from_doc
from skill.store.keys import person_key
from skill.store.redis_server import connect
from skill.voice.narration import step_label
from skill.voice.safety import SORRY_YOU_HURT, STOP_THE_STRETCH
from skill.voice.speech import FINISH_NOT_SAVED, NOT_SAVED_ON_LEAVING
from skill.web.services import services
from tests.support.alexa import AlexaSession, carried_step, flask_transport
from tests.support.apps import shared_app
from tests.support.redis_procs import RedisProcess, debian_redis_server, embedded_redis_server
from tests.support.settings import FIXTURE_CONTENT, ROOT, SECRET

CARRY_ON = "let's carry on"


def app_on(redis_url: str, data_dir: Path) -> Flask:
    """The app on the fixture content and the given Redis."""
    return shared_app(redis_url, data_dir, content_dir=FIXTURE_CONTENT)


@pytest.fixture(scope="module")
def routine(small_catalog: Catalog) -> Routine:
    """The fixture's first routine."""
    return small_catalog.routines[0]


@pytest.fixture(scope="module")
def no_redis(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    """The app with Redis refusing connections (nothing listens on port 1)."""
    return app_on("redis://127.0.0.1:1/0", tmp_path_factory.mktemp("down")).test_client()


def someone(client: FlaskClient, routine: Routine | None = None) -> AlexaSession:
    """A new person; started on routine when one is given."""
    person = AlexaSession(flask_transport(client), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    if routine is not None:
        person.start(routine.name, routine.id)
    return person


def saved_step(url: str, person: AlexaSession) -> int:
    """The step saved in Redis for this person."""
    raw = connect(url).get(person_key(SECRET, person.user_id))
    place = profile_from_doc(json.loads(raw or "{}")).latest_place
    assert place is not None
    return place.step


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_end_the_session_while_redis_is_down(
    no_redis: FlaskClient, routine: Routine, intent: str
) -> None:
    person = someone(no_redis, routine)
    person.say("AMAZON.NextIntent")
    reply = person.say(intent)
    assert reply.ends_session
    assert reply.says(NOT_SAVED_ON_LEAVING)
    assert reply.says(step_label(routine.steps[1]))  # where they were, to find it again
    assert "saved your place" not in reply.text


def test_stop_with_nothing_under_way_ends_the_session_while_redis_is_down(
    no_redis: FlaskClient,
) -> None:
    person = someone(no_redis)
    person.say("ListRoutinesIntent")
    assert person.say("AMAZON.StopIntent").ends_session


def test_finishing_while_redis_is_down_says_so_after_the_finish(
    no_redis: FlaskClient, routine: Routine
) -> None:
    person = someone(no_redis, routine)
    for _ in range(len(routine.steps) - 1):
        person.say("AMAZON.NextIntent")
    reply = person.say("AMAZON.NextIntent")
    assert reply.ends_session
    assert reply.says(routine.name, FINISH_NOT_SAVED)
    assert CARRY_ON not in reply.text
    assert reply.text.index(routine.name) < reply.text.index(FINISH_NOT_SAVED)


def test_pain_while_redis_is_down_starts_with_the_safety_advice(
    no_redis: FlaskClient, routine: Routine
) -> None:
    person = someone(no_redis, routine)
    reply = person.say("PainIntent")
    assert reply.text.startswith(STOP_THE_STRETCH)
    assert CARRY_ON not in reply.text
    assert "Sorry" not in reply.text
    assert not reply.ends_session


def test_pain_as_the_first_thing_said_while_redis_is_down(no_redis: FlaskClient) -> None:
    person = someone(no_redis)
    reply = person.say("PainIntent")
    assert reply.text.startswith(SORRY_YOU_HURT)  # no routine under way: no stretch to stop
    # Nothing was read, so nothing is carried: the next turn tries the store again.
    assert person.attributes == {}
    assert "can't reach your saved progress" in person.say("AMAZON.ResumeIntent").text


# --- a hung Redis: the circuit breaker --------------------------------------------------------


@pytest.fixture
def stoppable(tmp_path: Path) -> Iterator[RedisProcess]:
    """A real redis-server of our own, to pause with SIGSTOP."""
    server = RedisProcess(embedded_redis_server(), tmp_path / "redis", "--save", "").start()
    yield server
    server.stop()


def timed(action: object) -> float:
    started = time.perf_counter()
    assert callable(action)
    action()
    return time.perf_counter() - started


def commands_sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every command any Redis connection in this process sends from now on (each
    thread's own connection and the pool's alike, and a script written straight to a socket)."""
    sent: list[str] = []
    send = redis.connection.AbstractConnection.send_packed_command
    written = clients._send
    inside = threading.local()  # the script clients._send sends: counted there, not again

    def name(command: Any) -> str:
        # Every command goes out packed: RESP pieces, the first "*count", "$length", the name.
        return bytes(command).split(b"\r\n")[2].decode()

    def counted(self: redis.connection.AbstractConnection, command: Any, **options: Any) -> None:
        script: bytes | None = getattr(inside, "script", None)
        if script is None or not script.endswith(bytes(command[0])):  # not the script's rest
            sent.append(name(command[0]))
        send(self, command, **options)  # type: ignore[no-untyped-call]

    def counted_written(connection: Any, command: bytes) -> None:
        sent.append(name(command))
        inside.script = command
        try:
            written(connection, command)
        finally:
            inside.script = None

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    monkeypatch.setattr(clients, "_send", counted_written)
    return sent


def test_a_paused_redis_opens_the_breaker_then_fails_fast_then_recovers(
    stoppable: RedisProcess, tmp_path: Path, routine: Routine, monkeypatch: pytest.MonkeyPatch
) -> None:
    app: Flask = app_on(stoppable.url, tmp_path)
    client = services(app).redis
    assert isinstance(client, ObservedRedis)
    now = [0.0]  # the breaker's clock, moved by hand: no sleeping, no racing a busy machine
    client.breaker = CircuitBreaker(clock=lambda: now[0])
    sent = commands_sent(monkeypatch)
    person = someone(app.test_client(), routine)
    assert "EVALSHA" in sent  # the start was saved, and counted on the connection it went over

    stoppable.signal(signal.SIGSTOP)
    slow = [timed(lambda: person.say("AMAZON.NextIntent")) for _ in range(3)]
    assert client.breaker.is_open
    assert min(slow) >= 0.25  # each hung command waits out its 0.3 s timeout
    sent_while_closed = len(sent)
    for _ in range(20):
        person.say("AMAZON.RepeatIntent")
    assert len(sent) == sent_while_closed  # while open, nothing is sent (so nothing waits)
    assert person.replies[-1].unsaved
    assert carried_step(person.attributes) == 3  # the session carried on regardless

    stoppable.signal(signal.SIGCONT)
    now[0] += client.breaker.open_seconds  # the open period passes
    person.say("AMAZON.NextIntent")  # the probe goes through, the unsaved place is written
    assert not client.breaker.is_open
    assert saved_step(stoppable.url, person) == 4


def test_the_breaker_lets_one_probe_through_at_a_time() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures=2, open_seconds=5, clock=lambda: now[0])
    breaker.failed()
    breaker.before()  # one failure: still closed
    breaker.failed()
    with pytest.raises(CircuitOpenError):
        breaker.before()
    now[0] = 5.0
    breaker.before()  # the probe
    with pytest.raises(CircuitOpenError):
        breaker.before()  # others wait for it
    breaker.failed()
    with pytest.raises(CircuitOpenError):
        breaker.before()  # open again for another five seconds
    now[0] = 10.0
    breaker.before()
    breaker.succeeded()
    breaker.before()
    assert not breaker.is_open


def test_a_command_error_from_redis_is_not_a_failure(redis_client: redis.Redis) -> None:
    observed = ObservedRedis(lambda: redis_client, breaker=CircuitBreaker(failures=1))
    script = observed.register_script("return redis.call('NO-SUCH-COMMAND')")
    with pytest.raises(redis.ResponseError):
        script(keys=[], args=[])
    assert not observed.breaker.is_open


UNREACHABLE_TOPOLOGIES = {
    # Nothing listens on port 1: each attempt is refused at once, over a real socket.
    "sentinel": RedisTopology(sentinels=(("127.0.0.1", 1),), sentinel_master="mymaster"),
    "cluster": RedisTopology(cluster=True),
}


@pytest.mark.parametrize("topology", UNREACHABLE_TOPOLOGIES.values(), ids=UNREACHABLE_TOPOLOGIES)
def test_sentinel_and_cluster_clients_fail_fast_once_the_breaker_opens(
    topology: RedisTopology,
) -> None:
    build = builder("redis://127.0.0.1:1/0", topology)
    builds: list[int] = []

    def counted() -> RedisClient:
        builds.append(1)
        return build()

    errors: list[str] = []
    now = [0.0]
    observed = ObservedRedis(counted, errors.append, CircuitBreaker(clock=lambda: now[0]))
    for _ in range(3):
        with pytest.raises(redis.ConnectionError) as tried:
            observed.getex("somebody", ex=60)
        assert not isinstance(tried.value, CircuitOpenError)
    assert observed.breaker.is_open
    with pytest.raises(CircuitOpenError):
        observed.getex("somebody", ex=60)
    with pytest.raises(CircuitOpenError):
        observed.register_script("return 1")(keys=["somebody"], args=[])
    # A Cluster connects as it is built, so each failed command built it again; a Sentinel
    # client is built once. While open, nothing is tried at all.
    assert len(builds) == (3 if topology.cluster else 1)
    assert errors == ["getex"] * 4 + ["eval"]


# --- durability: a crash keeps the place -----------------------------------------------------


def compose_redis_args() -> list[str]:
    """The redis-server arguments docker-compose.yml runs Redis with."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command: list[str] = compose["services"]["redis"]["command"]
    assert command[0] == "redis-server"
    return command[1:]


def test_compose_runs_redis_with_the_append_only_file_synced_every_second() -> None:
    args = compose_redis_args()
    pairs = dict(zip(args[::2], args[1::2], strict=False))
    assert pairs["--appendonly"] == "yes"
    assert pairs["--appendfsync"] == "everysec"
    deploying = (ROOT / "docs" / "deploying.md").read_text()
    assert "appendonly yes" in deploying
    assert "appendfsync everysec" in deploying


def written_to_the_append_only_file(url: str, within: float = 5.0) -> None:
    """Wait until Redis has written every acknowledged command to its append-only file."""
    deadline = time.monotonic() + within
    while connect(url).info("persistence")["aof_buffer_length"] != 0:
        assert time.monotonic() < deadline, "Redis did not write its append-only file in time"
        time.sleep(0.05)


def test_a_redis_killed_mid_routine_keeps_the_place(tmp_path: Path, routine: Routine) -> None:
    server = RedisProcess(debian_redis_server(), tmp_path / "aof", *compose_redis_args()).start()
    try:
        app = app_on(server.url, tmp_path)
        person = someone(app.test_client(), routine)
        person.say("AMAZON.NextIntent")
        person.say("AMAZON.NextIntent")
        # appendfsync everysec writes what it acknowledged within about two seconds (sooner
        # unless the disk is busy with the last fsync); that is the promise this test holds.
        written_to_the_append_only_file(server.url)
        server.kill()  # SIGKILL: no shutdown save
        server.start()  # same directory, same settings
        person.session_id = None  # a new session: the place must come from Redis
        welcome = person.launch()
        assert welcome.offer == "resume"
        assert welcome.says(step_label(routine.steps[2]))
        assert saved_step(server.url, person) == 2
    finally:
        server.stop()
