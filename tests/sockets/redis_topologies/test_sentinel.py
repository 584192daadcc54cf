"""Redis Sentinel: the primary is killed mid-routine, a replica is promoted, the place is kept;
a planned failover costs a kept connection no command."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis

from skill.config import RedisTopology
from skill.store.breaker import CircuitBreaker
from skill.store.clients import ObservedRedis, builder
from skill.store.redis_server import SOCKET_TIMEOUT
from tests.sockets.redis_topologies.conftest import client_for, someone, step_of, topology_settings
from tests.support.servers import LOOPBACK, free_port, redis_server, stop, wait_for

pytestmark = pytest.mark.servers
MASTER = "coach"


@dataclass
class Deployment:
    """A primary, its replica and one Sentinel watching them (quorum 1)."""

    primary: object
    primary_port: int
    replica_port: int
    sentinel_port: int

    def master_port(self) -> int | None:
        """The primary's port as Sentinel tells clients (None while it is flagged down)."""
        sentinel = redis.Redis(host=LOOPBACK, port=self.sentinel_port, socket_timeout=1)
        state: dict[str, Any] = sentinel.sentinel_master(MASTER)  # type: ignore[assignment]
        healthy = state["is_master"] and not state["is_sdown"] and not state["is_odown"]
        return int(state["port"]) if healthy else None


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    """Start a primary, a replica of it and a Sentinel; all on loopback; stopped afterwards."""
    with ExitStack() as stack:
        primary, primary_port = stack.enter_context(
            redis_server(tmp_path / "primary", "repl-diskless-sync-delay 0")
        )
        _, replica_port = stack.enter_context(
            redis_server(tmp_path / "replica", f"replicaof {LOOPBACK} {primary_port}")
        )
        replica = redis.Redis(host=LOOPBACK, port=replica_port)
        wait_for(lambda: replica.info("replication")["master_link_status"] == "up", "replication")
        sentinel_port = free_port()
        stack.enter_context(
            redis_server(
                tmp_path / "sentinel",
                f"sentinel monitor {MASTER} {LOOPBACK} {primary_port} 1",
                f"sentinel down-after-milliseconds {MASTER} 400",
                f"sentinel failover-timeout {MASTER} 4000",
                port=sentinel_port,
                tool="redis-sentinel",
            )
        )
        sentinel = redis.Redis(host=LOOPBACK, port=sentinel_port, socket_timeout=1)
        wait_for(lambda: len(sentinel.sentinel_slaves(MASTER)) == 1, "sentinel sees the replica")
        yield Deployment(primary, primary_port, replica_port, sentinel_port)


def test_after_a_failover_mid_routine_the_place_is_still_there(
    deployment: Deployment, tmp_path: Path
) -> None:
    dead = free_port()  # listed first: the client moves on to the next Sentinel
    topology = RedisTopology(
        sentinels=((LOOPBACK, dead), (LOOPBACK, deployment.sentinel_port)), sentinel_master=MASTER
    )
    client = client_for(topology_settings(tmp_path, None, topology))
    assert client.get("/readyz").status_code == 200
    person = someone(client)
    person.start()
    person.say("AMAZON.NextIntent")
    assert step_of(person) == 1

    stop(deployment.primary, signal.SIGKILL)  # type: ignore[arg-type]
    during = person.say("AMAZON.NextIntent")  # the primary is gone; the coach carries on
    assert during.status == 200
    assert step_of(person) == 2
    wait_for(lambda: deployment.master_port() == deployment.replica_port, "failover", 20)

    person.say("AMAZON.NextIntent")
    assert step_of(person) == 3
    assert person.say("AMAZON.PauseIntent").ends_session
    welcome = person.launch()  # a new session: the place comes from the promoted replica
    assert welcome.offer == "resume"
    person.say("AMAZON.YesIntent")
    assert step_of(person) == 3
    assert client.get("/readyz").status_code == 200


def test_a_planned_failover_costs_no_command_on_a_kept_connection(deployment: Deployment) -> None:
    """SENTINEL FAILOVER leaves the old primary up, made a replica. A thread's kept connection
    to it (left open here; when the Sentinel drops it instead, the same retry covers it) finds
    the new primary through the Sentinels on its next command, with no command failed."""
    topology = RedisTopology(
        sentinels=((LOOPBACK, deployment.sentinel_port),), sentinel_master=MASTER
    )
    errors: list[str] = []
    observed = ObservedRedis(builder(None, topology), errors.append, CircuitBreaker(failures=1))
    observed.set("before", "1", ex=60)  # this thread's connection, to the first primary
    replica = redis.Redis(host=LOOPBACK, port=deployment.replica_port, socket_timeout=1)
    wait_for(lambda: replica.get("before") == b"1", "the write replicated")

    sentinel = redis.Redis(host=LOOPBACK, port=deployment.sentinel_port, socket_timeout=1)

    def failover_started() -> bool:
        try:  # refused (NOGOODSLAVE) until the Sentinel has heard from the replica
            return bool(sentinel.execute_command("SENTINEL", "FAILOVER", MASTER))  # type: ignore[no-untyped-call]
        except redis.ResponseError:
            return False

    wait_for(failover_started, "a failover the Sentinel accepts", 20)
    wait_for(lambda: deployment.master_port() == deployment.replica_port, "failover", 20)
    # The Sentinel makes the old primary a replica of the new one at its next look (up to 10 s);
    # the same command, sent now, makes it one at once. Its connections stay open.
    old = redis.Redis(host=LOOPBACK, port=deployment.primary_port, socket_timeout=1)
    old.replicaof(LOOPBACK, deployment.replica_port)
    wait_for(lambda: old.info("replication")["role"] == "slave", "the old primary demoted")

    observed.set("after", "2", ex=60)  # a write: the old primary, now a replica, would refuse it
    assert observed.getex("before", ex=60) == b"1"
    assert errors == []
    assert not observed.breaker.is_open
    assert replica.get("after") == b"2"  # written to the promoted replica


def test_a_paused_primary_is_waited_out_once_on_a_script_and_its_late_reply_never_read(
    deployment: Deployment,
) -> None:
    """A Sentinel-managed connection does not close itself when a read times out; the kept
    connection closes it, so the late reply is never read as the next command's."""
    topology = RedisTopology(
        sentinels=((LOOPBACK, deployment.sentinel_port),), sentinel_master=MASTER
    )
    errors: list[str] = []
    observed = ObservedRedis(builder(None, topology), errors.append, CircuitBreaker())
    echo = observed.register_script("return {KEYS[1], ARGV[1]}")
    observed.set("key", "value", ex=60)
    assert echo(keys=["key"], args=[0]) == [b"key", b"0"]  # connected, the script loaded
    primary: Any = deployment.primary
    primary.send_signal(signal.SIGSTOP)  # shorter than the Sentinel's 400 ms to call it down
    try:
        started = time.perf_counter()
        with pytest.raises(redis.TimeoutError):
            echo(keys=["key"], args=[1])
        waited = time.perf_counter() - started
    finally:
        primary.send_signal(signal.SIGCONT)
    assert SOCKET_TIMEOUT * 0.8 <= waited < SOCKET_TIMEOUT * 1.8  # once, not retried
    assert errors == ["eval"]
    assert echo(keys=["other"], args=[2]) == [b"other", b"2"]  # its own reply, not the late one
    assert observed.getex("key", ex=60) == b"value"
