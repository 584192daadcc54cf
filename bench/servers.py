"""Servers for bench/load.py: redis-server and gunicorn on loopback, started and probed with
every wait bounded, their output kept out of the caller's pipes.

A server's stdout and stderr go to a log file, never to the benchmark's own stdout: a server
left behind would otherwise hold that pipe open, and whoever reads the benchmark's output
(make, a pipe, a CI job) would wait for it forever."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis

from bench.targets import cpu_ticks, steal_share
from tests.support.servers import free_port, process_family, stop

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "python:skill.gunicorn_conf"]
START_TIMEOUT_S = 30


class ServerError(Exception):
    """A server did not start, or answered with an error."""


def tool(name: str, package: str) -> str:
    """The path of a command, or exit saying how to install it."""
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} is not installed: sudo apt-get install {package}")
    return found


def post(url: str, signed: tuple[bytes, dict[str, str]], timeout: float = 5) -> Any:
    """POST and parse the JSON answer; ServerError for an HTTP error status."""
    body, headers = signed
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise ServerError(f"{url} answered {exc.code}: {exc.read()[:300]!r}") from None


def start(app: str, env: dict[str, str], log: Path, probe: Callable[[], None]) -> tuple[Any, float]:
    """Start gunicorn serving app; the process and seconds until probe() first returns.

    probe raises OSError while nothing listens (retried) and ServerError when the server answers
    wrongly (fatal at once: a refused probe would otherwise be retried until the deadline)."""
    began = time.perf_counter()
    with log.open("ab") as out:  # each start's lines after the last: a failure keeps them all
        out.write(f"--- {app} started {time.strftime('%H:%M:%S')}\n".encode())
        out.flush()
        command = [*GUNICORN, app]
        # Its own process group: a worker gunicorn forks as it is told to stop outlives it, and
        # would keep taking connections on the shared port (SO_REUSEPORT) from the next server.
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            cwd=ROOT,
            start_new_session=True,
        )
    deadline = began + START_TIMEOUT_S
    try:
        while True:
            try:
                probe()
                return process, time.perf_counter() - began
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass  # not listening yet
            if process.poll() is not None:
                raise ServerError(f"{app} exited {process.returncode}: {log.read_text()[-2000:]}")
            if time.perf_counter() > deadline:
                raise ServerError(f"{app} did not answer in {START_TIMEOUT_S} s")
            time.sleep(0.005)
    except BaseException:
        stop_server(process)
        raise


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop a process, then whatever is left of the process group start() gave it (a worker
    forked while the master was stopping); nothing when it led no group."""
    stop(process)
    began = time.monotonic()
    while time.monotonic() - began < 15:  # bounded: a zombie nobody reaps stays in its group
        late = time.monotonic() - began > 10
        try:
            os.killpg(process.pid, signal.SIGKILL if late else signal.SIGTERM)
        except ProcessLookupError:
            return  # nothing left in the group
        time.sleep(0.05)


def redis_up(redis_server: str, folder: Path) -> tuple[subprocess.Popen[bytes], redis.Redis]:
    """A throwaway redis-server on loopback, answering."""
    port = free_port()
    command = [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(folder)]
    quiet = subprocess.DEVNULL
    process = subprocess.Popen(command, stdin=quiet, stdout=quiet, stderr=quiet)
    store = redis.Redis(port=port, socket_timeout=5)
    for _ in range(200):
        try:
            store.ping()
            return process, store
        except redis.ConnectionError:
            time.sleep(0.05)
    stop(process)
    raise ServerError(f"redis-server did not answer on port {port} in 10 s")


def cpu_by_process(master: int) -> dict[int, float]:
    """CPU time used so far by a gunicorn master and by each of its workers, by pid (/proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    return {
        pid: (int(fields[11]) + int(fields[12])) / tick  # user, system
        for pid, fields in process_family(master).items()
    }


def with_cpu(master: int, run: Callable[[], dict[str, float]]) -> dict[str, float]:
    """A wrk run's figures, the server's CPU milliseconds per request during it, the busiest
    worker's share of the workers' CPU (0.5 when two share the work evenly, 1.0 when one did it
    all: decision 0010), and the share of the machine's CPU the hypervisor stole meanwhile."""
    before, ticks = cpu_by_process(master), cpu_ticks()
    figures = run()
    after = cpu_by_process(master)
    spent = {pid: used - before.get(pid, 0.0) for pid, used in after.items()}
    figures["cpu_ms_per_request"] = 1000 * sum(spent.values()) / figures["requests"]
    workers = [used for pid, used in spent.items() if pid != master]
    figures["busiest_worker_share"] = round(max(workers) / sum(workers), 2) if sum(workers) else 0.0
    figures["steal"] = steal_share(ticks, cpu_ticks())
    return figures
