"""Issue 10, abuse over a real socket: bodies are capped before they are read, and the fuzz of
tests/http/test_fuzz.py goes over the wire too (replays: tests/http/verification/test_replay.py),
to the `python -m skill serve` test_socket.py talks to (the fixture content)."""

from __future__ import annotations

import json
import socket
import time

import pytest

from skill.simulator.transport import over_http
from tests.http.test_fuzz import OVER_THE_SOCKET, SEED, fuzz
from tests.support.served import Served


@pytest.fixture
def server(skill_server: Served) -> Served:
    """The `python -m skill serve` of the socket tests (tests/sockets/conftest.py)."""
    return skill_server


def raw_exchange(served_: Served, head: bytes, body: bytes = b"", wait: float = 3.0) -> bytes:
    """Send bytes on a fresh connection; what came back before the server closed or wait."""
    with socket.create_connection(("127.0.0.1", served_.port), timeout=wait) as conn:
        conn.sendall(head + body)
        answer = b""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            answer += chunk
            if b"\r\n\r\n" in answer and (b"Content-Length: " in answer or b"413" in answer):
                head_part, _, rest = answer.partition(b"\r\n\r\n")
                length = int(head_part.split(b"Content-Length: ")[1].split(b"\r\n")[0])
                if len(rest) >= length:
                    break
        return answer


def request_head(length: int | None, chunked: bool = False) -> bytes:
    lines = [b"POST /alexa HTTP/1.1", b"Host: 127.0.0.1", b"Content-Type: application/json"]
    if chunked:
        lines.append(b"Transfer-Encoding: chunked")
    elif length is not None:
        lines.append(b"Content-Length: " + str(length).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n"


def test_a_300_mib_content_length_is_refused_before_any_body_is_sent(server: Served) -> None:
    started = time.monotonic()
    answer = raw_exchange(server, request_head(300 * 1024 * 1024))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 2


def test_a_chunked_body_over_the_cap_is_refused_as_it_arrives(server: Served) -> None:
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"[" * (64 * 1024))
    answer = raw_exchange(server, request_head(None, chunked=True), chunk * 3)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_body_at_the_cap_is_read_and_answered(server: Served) -> None:
    body = b"[" * 100_000
    answer = raw_exchange(server, request_head(len(body)), body)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]  # deep nesting: a 400, not a 500
    assert b"Traceback" not in answer


def test_fuzzed_requests_over_a_real_socket(server: Served) -> None:
    post = over_http(f"{server.url}/alexa", timeout=10)

    def send(raw: bytes) -> tuple[int, str]:
        status, payload = post(raw)
        return status, json.dumps(payload, allow_nan=False)

    fuzz(send, OVER_THE_SOCKET, SEED + 1)
