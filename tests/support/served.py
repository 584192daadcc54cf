"""`python -m skill serve` (what `make run` starts) as a real process on a loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.redis_procs import free_port
from tests.support.settings import SECRET


@dataclass
class Served:
    """A running server."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path


def serve_env(data_dir: Path, **changes: str | None) -> dict[str, str]:
    """The environment `make run` would have, with changes (None removes a variable)."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ALEXA_SKILL_ID")}
    env |= {
        "HOST": "127.0.0.1",
        "ALEXA_VERIFY_REQUESTS": "false",
        "USER_ID_HASH_SECRET": SECRET.decode(),
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
    }
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1):  # noqa: S310
                return
        except OSError:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)


@contextmanager
def served(data_dir: Path, **changes: str | None) -> Iterator[Served]:
    """Serve on a free port until the block ends (SIGTERM, as docker stop does)."""
    port = free_port()
    env = serve_env(data_dir, PORT=str(port), **changes)
    log = data_dir / f"server-{port}.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "skill", "serve"], env=env, stderr=sink)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process, log)
            yield Served(url, port, process, log)
        finally:
            process.terminate()
            process.wait(timeout=20)
