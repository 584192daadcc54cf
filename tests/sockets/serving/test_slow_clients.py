"""Issue 23: slow and idle clients hold no thread of gunicorn's, and are cut off in the end.

Against the served app (two asyncio workers, four threads each), over real sockets on loopback:
three hundred clients that trickle a head, trickle a body or send nothing, while ordinary signed
requests keep being answered in under a second; then the deadlines that close them."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from skill.web.asgi import BODY_DEADLINE_S
from skill.web.worker import HEAD_DEADLINE_S
from tests.sockets.serving.conftest import APP, SignedServer, app_env
from tests.sockets.serving.signing import TestPki
from tests.support.alexa import envelope
from tests.support.servers import gunicorn, http_post

pytestmark = pytest.mark.servers

HEAD = b"POST /alexa HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"


@pytest.fixture(scope="module")
def server(
    debian_redis: str, pki: TestPki, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SignedServer]:
    """A server of this file's own, so its slow clients and deadlines run beside the rest."""
    folder = tmp_path_factory.mktemp("slow-clients")
    with gunicorn(app_env(debian_redis, pki, folder), folder / "server.log", [APP]) as (
        process,
        url,
    ):
        yield SignedServer(url, folder, pki, process.pid)


def _address(served: SignedServer) -> tuple[str, int]:
    host, port = served.url.removeprefix("http://").split(":")
    return host, int(port)


@contextmanager
def slow_clients(served: SignedServer, count: int) -> Iterator[list[socket.socket]]:
    """count connections, a third each: trickling a head, trickling a body, silent. A byte
    every half second from each trickler until the block ends."""
    stop = threading.Event()
    conns = [socket.create_connection(_address(served), timeout=5) for _ in range(count)]
    for n, conn in enumerate(conns):
        if n % 3 == 1:  # a whole head promising a body, which then trickles
            conn.sendall(HEAD + b"Content-Length: 1000\r\n\r\n")

    def trickle() -> None:
        while not stop.wait(0.5):
            for n, conn in enumerate(conns):
                if n % 3 != 2:
                    with contextlib.suppress(OSError):  # cut off: see the deadline test
                        conn.send(b"X" if n % 3 == 0 else b"{")

    for conn in conns[::3]:
        conn.sendall(b"POST /alexa HTTP/1.1\r\nHost: x\r\n")
    feeder = threading.Thread(target=trickle)
    feeder.start()
    try:
        yield conns
    finally:
        stop.set()
        feeder.join(5)
        for conn in conns:
            conn.close()


def ordinary(served: SignedServer) -> tuple[int, float]:
    body, headers = served.pki.signed(
        envelope("launch_request", user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    )
    started = time.monotonic()
    status, raw = http_post(f"{served.url}/alexa", body, headers, timeout=5)
    assert "outputSpeech" in json.loads(raw)["response"]
    return status, time.monotonic() - started


def test_three_hundred_slow_clients_leave_ordinary_requests_answered_in_a_second(
    server: SignedServer,
) -> None:
    with slow_clients(server, 300):
        time.sleep(1)  # every slow client is connected and under way
        answers = [ordinary(server) for _ in range(10)]
    assert [status for status, _ in answers] == [200] * 10
    assert max(took for _, took in answers) < 1.0


def _closed_within(conn: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed conn (reading any answer it sent), or None."""
    started = time.monotonic()
    conn.settimeout(0.2)
    while time.monotonic() - started < seconds:
        try:
            if conn.recv(65536) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic() - started
    return None


def _trickled_body(served: SignedServer, out: dict[str, float | None]) -> None:
    """A whole head, then a body a byte every half second: seconds until it was refused."""
    with socket.create_connection(_address(served), timeout=5) as conn:
        conn.sendall(HEAD + b"Content-Length: 100\r\n\r\n")
        started = time.monotonic()
        conn.settimeout(0.5)
        answer = b""
        while time.monotonic() - started < BODY_DEADLINE_S + 3:
            try:
                conn.send(b"{")
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            answer += chunk
        took = time.monotonic() - started
        refused = answer == b"" or answer.startswith(b"HTTP/1.1 408")
        out["body"] = took if refused and took < BODY_DEADLINE_S + 3 else None


def test_heads_and_bodies_that_take_too_long_are_cut_off_at_their_deadlines(
    server: SignedServer,
) -> None:
    silent = socket.create_connection(_address(server), timeout=5)
    partial = socket.create_connection(_address(server), timeout=5)
    partial.sendall(b"POST /alexa HTTP/1.1\r\nHost: x\r\n")
    results: dict[str, float | None] = {}
    body = threading.Thread(target=_trickled_body, args=(server, results))
    body.start()
    try:
        started = time.monotonic()
        for name, conn in (("silent", silent), ("partial", partial)):
            # Both were opened before the clock started; each is waited for from then.
            left = HEAD_DEADLINE_S + 3 - (time.monotonic() - started)
            closed = _closed_within(conn, left)
            results[name] = None if closed is None else time.monotonic() - started
    finally:
        body.join(BODY_DEADLINE_S + 5)
        silent.close()
        partial.close()
    assert set(results) == {"silent", "partial", "body"}
    for name, took in results.items():
        assert took is not None, f"{name}: not cut off"
    # Cut at the deadline, not before it: ordinary clients get their time.
    assert (
        min(t for t in results.values() if t is not None)
        >= min(HEAD_DEADLINE_S, BODY_DEADLINE_S) - 1.5
    )
