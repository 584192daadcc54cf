"""The skill under gunicorn (skill/gunicorn_conf.py): start, stop and limits, over real sockets."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skill.store.keys import user_hash
from skill.voice import reminders
from tests.sockets.serving.conftest import APP, SignedServer, app_env
from tests.sockets.serving.signing import TestPki
from tests.support.alexa import carried_step, envelope
from tests.support.servers import (
    LOOPBACK,
    ROOT,
    free_port,
    gunicorn,
    http_get,
    process_family,
    redis_server,
    wait_for,
)
from tests.support.settings import SECRET

pytestmark = pytest.mark.servers


def raw_request(url: str, head: bytes, body: bytes = b"", timeout: float = 5) -> bytes:
    """Send head and body on one connection; the one response that comes back."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as conn:
        conn.sendall(head + body)
        return _read_response(conn)


def _read_response(conn: socket.socket) -> bytes:
    """One HTTP response with a Content-Length, read without waiting for the connection to end."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = conn.recv(65536)
        assert chunk, f"connection closed mid-response: {received!r}"
        received += chunk
    head, _, rest = received.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(rest) < length:
        chunk = conn.recv(65536)
        assert chunk, "connection closed mid-body"
        rest += chunk
    return head + b"\r\n\r\n" + rest


def test_a_declared_body_over_128_kib_is_refused_before_it_is_sent(served: SignedServer) -> None:
    head = (
        "POST /alexa HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {10 * 1024 * 1024}\r\n\r\n"
    ).encode()
    started = time.monotonic()
    answer = raw_request(served.url, head, b"{")  # the other 10 MiB never come
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 2
    assert answer.endswith(b'{"error": "request too large"}')


def test_a_chunked_body_over_128_kib_is_refused(served: SignedServer) -> None:
    chunk = b"x" * 32 * 1024
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(5)) + b"0\r\n\r\n"
    head = (
        b"POST /alexa HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    answer = raw_request(served.url, head, chunks)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_small_chunked_request_is_answered(served: SignedServer) -> None:
    body, headers = served.pki.signed(envelope("launch_request"))
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    answer = raw_request(
        served.url,
        f"POST /alexa HTTP/1.1\r\nHost: x\r\n{head}Transfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n".encode(),
        chunked,
    )
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]


def test_the_answer_to_alexas_permission_question_passes_verification(served: SignedServer) -> None:
    # A Connections.Response, signed like any request, reaches the skill through every check.
    person = served.person()
    refused = person.send("permission_answer_request", permission="DENIED")
    assert refused.status == 200
    assert refused.says(reminders.DECLINED)
    assert refused.response["card"]["type"] == "AskForPermissionsConsent"
    assert not refused.ends_session


def gunicorn_exit(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run gunicorn with the repo's config and env; it is expected to refuse to start, and to
    leave nothing behind in its temporary directory (no metrics directory)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "WEB_"))}
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "python:skill.gunicorn_conf"],
        env=base
        | {
            "DATA_DIR": str(tmp_path),
            "PORT": str(free_port()),
            "USER_ID_HASH_SECRET": "s" * 32,
            "ALEXA_SKILL_ID": "amzn1.ask.skill.test",
            "TMPDIR": str(scratch),
        }
        | env,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        check=False,
    )
    assert not list(scratch.iterdir()), "a refused start left files behind"
    return result


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"REDIS_URL": "redis://127.0.0.1:1/0", "WEB_THREADS": "lots"}, "WEB_THREADS"),
        ({"REDIS_URL": "redis://127.0.0.1:1/0", "WEB_CONCURRENCY": "0"}, "WEB_CONCURRENCY"),
        ({}, "REDIS_URL"),
        ({"REDIS_SENTINELS": "127.0.0.1:26379"}, "REDIS_SENTINEL_MASTER"),
        ({"REDIS_SENTINELS": "no-port", "REDIS_SENTINEL_MASTER": "m"}, "REDIS_SENTINELS"),
        ({"REDIS_CLUSTER": "true"}, "REDIS_CLUSTER"),
        # Not an address of this machine (TEST-NET-1): refused by the master, not by workers
        # started again for ever.
        ({"REDIS_URL": "redis://127.0.0.1:1/0", "HOST": "192.0.2.1"}, "HOST 192.0.2.1"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_exit_2(
    env: dict[str, str], named: str, tmp_path: Path
) -> None:
    result = gunicorn_exit(env, tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("configuration error:")
    assert named in lines[0]


def test_invalid_content_stops_it_before_any_worker_starts(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "broken.yaml").write_text("id: broken\nmoves: not-a-list\n")
    result = gunicorn_exit(
        {"REDIS_URL": "redis://127.0.0.1:1/0", "CONTENT_DIR": str(content)}, tmp_path
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("refusing to start: invalid content:")
    assert "broken.yaml" in result.stderr
    assert "Booting worker" not in result.stderr


def answer_under_way_through_sigterm(
    server: subprocess.Popen[bytes], url: str, pki: TestPki
) -> bytes:
    """Send a request's head and a part of its body, SIGTERM the server, then the rest: the
    response that comes back (the server must still be running when the rest is sent)."""
    body, headers = pki.signed(envelope("start_routine_request", routine=("back", "lower-back")))
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(
            f"POST /alexa HTTP/1.1\r\nHost: x\r\n{head}Content-Length: {len(body)}\r\n"
            f"Connection: close\r\n\r\n".encode()
            + body[:100]
        )
        time.sleep(0.3)  # a worker thread is now reading the body
        server.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert server.poll() is None, "the server quit with a request under way"
        conn.sendall(body[100:])
        return _read_response(conn)


def test_it_starts_without_redis_unready_becomes_ready_and_sigterm_answers_the_request_under_way(
    pki: TestPki, tmp_path: Path
) -> None:
    """One server's life: up before its Redis (alive, not ready), ready once Redis comes, and on
    SIGTERM it answers the request under way, then exits 0."""
    port = free_port()
    env = app_env(
        f"redis://{LOOPBACK}:{port}/0",
        pki,
        tmp_path,
        WEB_CONCURRENCY="1",
        GRACEFUL_TIMEOUT="10",
        LOG_LEVEL="INFO",  # as in production: a line a request
    )
    with gunicorn(env, tmp_path / "server.log", [APP]) as (server, url):
        assert http_get(f"{url}/healthz")[0] == 200
        status, body = http_get(f"{url}/readyz")
        assert status == 503
        assert json.loads(body) == {"status": "unready", "redis": "unavailable", "content": "ok"}
        with redis_server(tmp_path / "redis", port=port):
            wait_for(lambda: http_get(f"{url}/readyz")[0] == 200, "readiness", timeout=10)
            answer = answer_under_way_through_sigterm(server, url, pki)
            assert server.wait(timeout=10) == 0
    status_line, _, payload = answer.partition(b"\r\n\r\n")
    assert status_line.startswith(b"HTTP/1.1 200"), answer[:300]
    reply = json.loads(payload)
    assert carried_step(reply["sessionAttributes"]) == 0
    # The request's line, as the worker wrote it: JSON, with the hash, never the id.
    log = (tmp_path / "server.log").read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    (line,) = [entry for entry in lines if entry.get("message") == "alexa request"]
    assert (line["logger"], line["level"], line["request_type"]) == (
        "skill.requests",
        "info",
        "IntentRequest",
    )
    user = envelope("launch_request")["session"]["user"]["userId"]
    assert line["user"] == user_hash(SECRET, user, None)[:16]
    assert user not in log


def _sockets_on(port: int, pids: list[int]) -> dict[int, tuple[set[str], int]]:
    """For each pid, the listening sockets on the local port it holds (by inode: a socket shared
    by processes is one inode) and how many connections on it (from /proc)."""
    state_of: dict[str, str] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                state_of[fields[9]] = fields[3]  # "0A" listening, "01" connected
    held: dict[int, tuple[set[str], int]] = {}
    for pid in pids:
        inodes = []
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):  # closed meanwhile
                inodes.append(os.readlink(fd).removeprefix("socket:[").removesuffix("]"))
        listening = {i for i in inodes if state_of.get(i) == "0A"}
        held[pid] = (listening, sum(state_of.get(i) == "01" for i in inodes))
    return held


def test_each_worker_listens_on_its_own_socket_and_connections_spread_over_both(
    served: SignedServer,
) -> None:
    """32 keep-alive connections opened together: each worker accepts a share of them. On one
    shared socket the first worker to wake would take every connection waiting."""
    port = int(served.url.rsplit(":", 1)[1])

    def listening() -> dict[int, tuple[set[str], int]]:
        workers = sorted(process_family(served.pid).keys() - {served.pid})
        return _sockets_on(port, [served.pid, *workers])

    # Ready means one worker answers; the other may still be starting.
    wait_for(lambda: len(listening()) == 3, "both workers to start", timeout=10)
    wait_for(lambda: all(s for s, _ in list(listening().values())[1:]), "both to listen")
    already = [n for _, n in listening().values()]  # any an earlier test left open
    connections = [socket.create_connection((LOOPBACK, port), timeout=5) for _ in range(32)]
    try:
        for conn in connections:  # all are open before any is used, as a proxy's pool is
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        for conn in connections:
            assert _read_response(conn).startswith(b"HTTP/1.1 200")
        master, *workers = listening().values()
    finally:
        for conn in connections:
            conn.close()
    assert master == (set(), 0)  # the master holds no socket of the port
    first, second = workers
    assert len(first[0]) == len(second[0]) == 1
    assert first[0] != second[0]  # a socket each
    shares = [first[1] - already[1], second[1] - already[2]]
    assert sum(shares) == 32
    assert min(shares) >= 4, shares  # spread by the kernel: fewer than 4 on either is 1 in 400,000


def test_a_second_server_on_a_port_in_use_is_refused_in_one_line(
    served: SignedServer, tmp_path: Path
) -> None:
    """Workers bind the port themselves (SO_REUSEPORT), so without this check a second server
    would share the port with the first instead of failing."""
    port = served.url.rsplit(":", 1)[1]
    result = gunicorn_exit(
        {"REDIS_URL": "redis://127.0.0.1:1/0", "HOST": LOOPBACK, "PORT": port}, tmp_path
    )
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"configuration error: PORT {port} is already in use on {LOOPBACK}")
