"""Each thread's own Redis connection (skill.store.clients): kept between commands, replaced
without a failure when the server has closed it, and a hung server waited out only once.

Over real sockets, against a redis-server of the test's own (it is paused, restarted and told to
drop its clients)."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
import redis

from skill.config import RedisTopology
from skill.store.breaker import CircuitBreaker
from skill.store.clients import ObservedRedis, builder
from skill.store.redis_server import SOCKET_TIMEOUT, connect
from tests.support.redis_procs import RedisProcess, embedded_redis_server
from tests.support.servers import wait_for

THREADS = 3
ROUNDS = 20
ECHO = "return {KEYS[1], ARGV[1]}"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisProcess]:
    """A real redis-server for this test alone."""
    process = RedisProcess(embedded_redis_server(), tmp_path / "redis", "--save", "").start()
    yield process
    process.stop()


def observed_on(url: str, errors: list[str]) -> ObservedRedis:
    """The client the app builds for one server, with a breaker that opens at the first failure."""
    return ObservedRedis(builder(url, RedisTopology()), errors.append, CircuitBreaker(failures=1))


def connections_made(url: str) -> int:
    """How many connections the server has accepted so far (its own admin one included)."""
    return int(connect(url).info("stats")["total_connections_received"])


def test_each_thread_sends_every_command_over_one_connection_of_its_own(
    server: RedisProcess,
) -> None:
    errors: list[str] = []
    observed = observed_on(server.url, errors)
    echo = observed.register_script(ECHO)
    before = connections_made(server.url)
    # The threads take turns, one command at a time: a pool would lend them all one connection.
    turn = threading.Condition()
    state = {"next": 0}
    answers: dict[int, list[object]] = {}

    def my_turn(n: int, command: Callable[[], object]) -> object:
        with turn:
            assert turn.wait_for(lambda: state["next"] % THREADS == n, timeout=10)
            answer = command()
            state["next"] += 1
            turn.notify_all()
            return answer

    def work(n: int) -> None:
        seen: list[object] = []
        for i in range(ROUNDS):
            my_turn(n, partial(observed.set, f"key:{n}", f"value {n}.{i}", ex=60))
            seen.append(my_turn(n, partial(observed.getex, f"key:{n}", ex=60)))
            seen.append(my_turn(n, partial(echo, keys=[f"key:{n}"], args=[i])))
        answers[n] = seen

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    for n in range(THREADS):
        expected: list[object] = []
        for i in range(ROUNDS):
            expected += [f"value {n}.{i}".encode(), [f"key:{n}".encode(), str(i).encode()]]
        assert answers[n] == expected
    # 180 commands, never two at once, over one connection per thread (+1: the count's own).
    assert connections_made(server.url) - before == THREADS + 1
    assert errors == []


@pytest.mark.parametrize("first", ["command", "script"])
@pytest.mark.parametrize("how", ["dropped", "restarted"])
def test_a_connection_the_server_closed_is_replaced_without_a_failure(
    server: RedisProcess, how: str, first: str
) -> None:
    errors: list[str] = []
    observed = observed_on(server.url, errors)
    echo = observed.register_script(ECHO)
    observed.set("key", "before", ex=60)
    assert echo(keys=["key"], args=[1]) == [b"key", b"1"]  # the script is loaded too

    if how == "dropped":  # the server closes every client's connection (as a failover does)
        assert connect(server.url).client_kill_filter(_type="normal", skipme=True) >= 1
    else:  # the server restarts: its connections and scripts are gone
        server.kill()
        server.start()

    if first == "script":  # a script first (a turn's save): sent on a connection found closed
        assert echo(keys=["key"], args=[2]) == [b"key", b"2"]
    assert observed.getex("key", ex=60) == (b"before" if how == "dropped" else None)
    observed.set("key", "after", ex=60)
    assert echo(keys=["key"], args=[3]) == [b"key", b"3"]
    assert observed.getex("key", ex=60) == b"after"
    assert errors == []
    assert not observed.breaker.is_open


def test_a_scripts_error_reply_is_raised_and_the_connection_kept(server: RedisProcess) -> None:
    errors: list[str] = []
    observed = observed_on(server.url, errors)
    refuse = observed.register_script("return redis.error_reply('refused here')")
    echo = observed.register_script(ECHO)
    assert echo(keys=["key"], args=[1]) == [b"key", b"1"]  # this thread's connection is made
    before = connections_made(server.url)
    with pytest.raises(redis.ResponseError, match="refused here"):
        refuse(keys=["key"], args=[])
    assert echo(keys=["key"], args=[2]) == [b"key", b"2"]
    assert connections_made(server.url) - before == 1  # the count's own: nothing reconnected
    assert errors == ["eval"]


@pytest.mark.parametrize("reply", ["answer", "error"])
def test_a_servers_notice_of_maintenance_closes_the_connection_after_a_script(
    server: RedisProcess, reply: str
) -> None:
    """A server about to go away for maintenance tells its clients (a push message redis-py
    reads and marks the connection with): the script's connection is closed once it is
    answered, and the next command goes over a new one."""
    errors: list[str] = []
    observed = observed_on(server.url, errors)
    echo = observed.register_script(ECHO)
    refuse = observed.register_script("return redis.error_reply('refused here')")
    assert echo(keys=["key"], args=[1]) == [b"key", b"1"]  # this thread's connection is made
    with pytest.raises(redis.ResponseError):
        refuse(keys=["key"], args=[])  # loaded now, so its next run is one EVALSHA
    admin = connect(server.url)
    assert admin.info("clients")["connected_clients"] == 2  # the admin's and the thread's
    observed._own().connection.mark_for_reconnect()  # type: ignore[attr-defined]  # as the notice does
    if reply == "answer":
        assert echo(keys=["key"], args=[2]) == [b"key", b"2"]
    else:
        with pytest.raises(redis.ResponseError):
            refuse(keys=["key"], args=[])
    wait_for(lambda: admin.info("clients")["connected_clients"] == 1, "the connection closed", 2)
    assert observed.getex("key", ex=60) is None  # over a new connection
    assert admin.info("clients")["connected_clients"] == 2


@pytest.mark.parametrize("command", ["getex", "script"])
def test_a_hung_redis_is_waited_out_once_not_twice(server: RedisProcess, command: str) -> None:
    errors: list[str] = []
    observed = ObservedRedis(builder(server.url, RedisTopology()), errors.append, CircuitBreaker())
    echo = observed.register_script(ECHO)
    observed.set("key", "value", ex=60)  # this thread's connection is made
    assert echo(keys=["key"], args=[0]) == [b"key", b"0"]  # and the script loaded
    send = (
        partial(observed.getex, "key", ex=60) if command == "getex" else partial(echo, ["key"], [1])
    )
    server.signal(signal.SIGSTOP)
    try:
        started = time.perf_counter()
        with pytest.raises(redis.TimeoutError):
            send()
        waited = time.perf_counter() - started
    finally:
        server.signal(signal.SIGCONT)
    assert SOCKET_TIMEOUT * 0.8 <= waited < SOCKET_TIMEOUT * 1.8  # one timeout, no retry
    assert errors == ["getex" if command == "getex" else "eval"]
    # The late reply to the command that timed out is never read as another command's.
    observed.set("other", "its own", ex=60)
    assert observed.getex("other", ex=60) == b"its own"
    assert echo(keys=["other"], args=[2]) == [b"other", b"2"]
    assert observed.getex("key", ex=60) == b"value"
