"""Each thread's own Redis connection (skill.store.clients): kept between commands, replaced
without a failure when the server has closed it, and a hung server waited out only once.

Over real sockets, against a redis-server of the test's own (it is paused, restarted and told to
drop its clients)."""

from __future__ import annotations

import hashlib
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import redis

from skill.config import RedisTopology
from skill.store import clients
from skill.store.breaker import CircuitBreaker
from skill.store.clients import ObservedRedis, builder
from skill.store.redis_server import SOCKET_TIMEOUT, connect
from skill.store.resp import packed
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


def own_connection(observed: ObservedRedis) -> Any:
    """This thread's own connection (redis-py's Connection, kept by its client)."""
    return observed._own().connection  # type: ignore[attr-defined]


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
    own_connection(observed).mark_for_reconnect()  # as the notice does
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


@pytest.fixture
def sends(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The socket and size of every send made through Python's socket sendall (which waits on
    poll() before each try), from when the test clears it: none, for a command that went out in
    one write."""
    sent: list[tuple[int, int]] = []
    sendall = socket.socket.sendall

    def counted(self: socket.socket, data: Any, *flags: int) -> None:
        sent.append((self.fileno(), len(data)))
        sendall(self, data, *flags)

    monkeypatch.setattr(socket.socket, "sendall", counted)
    return sent


def own_socket(observed: ObservedRedis) -> int:
    """The descriptor of this thread's own connection's socket."""
    return int(own_connection(observed)._sock.fileno())


def test_a_script_goes_out_in_one_write_without_waiting_to_send(
    server: RedisProcess, sends: list[tuple[int, int]]
) -> None:
    errors: list[str] = []
    observed = observed_on(server.url, errors)
    echo = observed.register_script(ECHO)
    assert echo(keys=["key"], args=[0]) == [b"key", b"0"]  # connected, and the script loaded
    sends.clear()
    for turn in range(1, 20):
        assert echo(keys=["key"], args=[turn]) == [b"key", str(turn).encode()]
    assert sends == []
    assert errors == []


@pytest.fixture
def first_write_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first write of a command takes 4 KiB at most, as a socket with little room left
    would: what is left must go through redis-py's send."""
    write = clients._write
    monkeypatch.setattr(clients, "_write", lambda fd, data: write(fd, data[:4096]))


@pytest.mark.usefixtures("first_write_capped")
def test_a_script_too_big_to_go_at_once_is_sent_whole(
    server: RedisProcess, sends: list[tuple[int, int]]
) -> None:
    observed = observed_on(server.url, [])
    echo = observed.register_script(ECHO)
    assert echo(keys=["key"], args=[0]) == [b"key", b"0"]
    mine = own_socket(observed)
    sends.clear()
    big = "x" * (256 * 1024)
    assert echo(keys=["key"], args=[big]) == [b"key", big.encode()]
    ((on, rest),) = sends  # what the first write left, sent after it, once
    assert on == mine
    sha = hashlib.sha1(ECHO.encode()).hexdigest()  # noqa: S324 (Redis's name for the script)
    command = packed(("EVALSHA", sha, 1, "key", big), "utf-8", "strict")
    assert command is not None
    assert rest == len(command) - 4096  # all of it but what the first write took
    assert echo(keys=["key"], args=[1]) == [b"key", b"1"]  # and the connection is still good
    assert len(sends) == 1  # (a small command still goes out whole at once)


@pytest.mark.usefixtures("first_write_capped")
def test_a_script_too_big_for_a_hung_redis_is_waited_out_once(
    server: RedisProcess, sends: list[tuple[int, int]]
) -> None:
    errors: list[str] = []
    observed = ObservedRedis(builder(server.url, RedisTopology()), errors.append, CircuitBreaker())
    echo = observed.register_script(ECHO)
    assert echo(keys=["key"], args=[0]) == [b"key", b"0"]
    mine = own_socket(observed)
    # Little room to send into, and a paused server reads nothing: the rest cannot all go.
    own_connection(observed)._sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)
    big = "x" * (4 * 1024 * 1024)
    sends.clear()
    server.signal(signal.SIGSTOP)
    try:
        started = time.perf_counter()
        with pytest.raises(redis.TimeoutError):
            echo(keys=["key"], args=[big])
        waited = time.perf_counter() - started
    finally:
        server.signal(signal.SIGCONT)
    assert SOCKET_TIMEOUT * 0.8 <= waited < SOCKET_TIMEOUT * 1.8
    assert [on for on, _ in sends] == [mine]  # the rest, tried once and given up on
    assert errors == ["eval"]
    assert echo(keys=["key"], args=[1]) == [b"key", b"1"]  # over a new connection


def test_a_health_check_that_is_due_goes_before_a_script(
    server: RedisProcess, sends: list[tuple[int, int]]
) -> None:
    observed = observed_on(server.url, [])
    echo = observed.register_script(ECHO)
    assert echo(keys=["key"], args=[0]) == [b"key", b"0"]
    admin = connect(server.url)

    def pings() -> int:
        return int(admin.info("commandstats").get("cmdstat_ping", {}).get("calls", 0))

    before = pings()
    mine = own_socket(observed)
    connection = own_connection(observed)
    assert connection.health_check_interval > 0  # as the app connects (redis_server.connect)
    connection.next_health_check = 0  # long past
    sends.clear()
    assert echo(keys=["key"], args=[1]) == [b"key", b"1"]
    assert pings() - before == 1
    # The check's PING, then the script, both as redis-py sends them (the other sends are the
    # admin connection's).
    assert [on for on, _ in sends].count(mine) == 2
    assert echo(keys=["key"], args=[2]) == [b"key", b"2"]  # checked: not due again for a while
    assert pings() - before == 1
    assert [on for on, _ in sends].count(mine) == 2
