"""Real servers on loopback for tests: Debian's redis-server and redis-sentinel, gunicorn.

A missing tool skips the test locally with how to install it, and fails it under CI=true
(`.ci/run` installs the packages there), so nothing is silently skipped in CI."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"


def need(tool: str, package: str) -> str:
    """The path of tool; without it, a failure in CI and a skip (saying how to get it) locally."""
    found = shutil.which(tool)
    if found:
        return found
    message = f"{tool} is not installed: sudo apt-get install {package}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def process_family(master: int) -> dict[int, list[str]]:
    """The fields of /proc/<pid>/stat after the command's name ([0] state, [1] parent, [11] and
    [12] user and system CPU in clock ticks), for master and each process whose parent it is."""
    family: dict[int, list[str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        pid = int(stat.parent.name)
        if master in (pid, int(fields[1])):
            family[pid] = fields
    return family


def free_port() -> int:
    """A loopback TCP port nobody is listening on now."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(check: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Poll check every 50 ms until it is true; fail naming what after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        with suppress(Exception):
            if check():
                return
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    """Stop a process we started, then make sure it is gone."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def redis_server(
    workdir: Path, *args: str, port: int | None = None, tool: str = "redis-server"
) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """A throwaway redis-server (or redis-sentinel) on loopback; stopped on exit."""
    binary = need(tool, "redis-sentinel" if tool == "redis-sentinel" else "redis-server")
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "redis.conf"
    lines = [
        f"port {port}",
        f"bind {LOOPBACK}",
        f"dir {workdir}",
        "save ''",
        "appendonly no",
        f"logfile {workdir / 'redis.log'}",
        *args,
    ]
    config.write_text("\n".join(lines) + "\n")
    process = subprocess.Popen([binary, str(config)], stdout=subprocess.DEVNULL)
    try:
        if tool == "redis-server" and not any(a.startswith("port 0") for a in args):
            client = redis.Redis(host=LOOPBACK, port=port, socket_timeout=1)
            wait_for(lambda: bool(client.ping()), f"redis-server on port {port}")
        yield process, port
    finally:
        stop(process, signal.SIGKILL if tool == "redis-sentinel" else signal.SIGTERM)


def http_get(url: str, timeout: float = 5) -> tuple[int, bytes]:
    """GET url: the status and body (error statuses included)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def http_post(
    url: str, body: bytes, headers: dict[str, str], timeout: float = 10
) -> tuple[int, bytes]:
    """POST body to url with headers: the status and body."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _answers(url: str) -> bool:
    try:
        return http_get(url, 1)[0] == 200
    except OSError:
        return False


@contextmanager
def gunicorn(
    env: dict[str, str], log: Path, args: Sequence[str] = (), command: Sequence[str] | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """gunicorn with the repo's config (or command) on a free loopback port, ready on /healthz."""
    port = int(env.get("PORT") or free_port())
    full_env = os.environ | env | {"HOST": LOOPBACK, "PORT": str(port)}
    argv = list(command or [sys.executable, "-m", "gunicorn", "-c", "python:skill.gunicorn_conf"])
    with log.open("wb") as out:
        process = subprocess.Popen([*argv, *args], env=full_env, stderr=out, cwd=ROOT)
        url = f"http://{LOOPBACK}:{port}"
        try:
            deadline = time.monotonic() + 30
            while not _answers(f"{url}/healthz"):
                assert process.poll() is None, f"gunicorn exited: {log.read_text()[-2000:]}"
                assert time.monotonic() < deadline, f"gunicorn did not start: {log.read_text()}"
                time.sleep(0.05)
            yield process, url
        finally:
            stop(process, timeout=15)
