"""A circuit breaker for the Redis client: after a few failures in a row, fail fast for a while.

Every command the skill sends goes through one (skill.store.clients.ObservedRedis), whatever the
topology: one server, Sentinel or Cluster.

A hung Redis costs every command its full socket timeout (0.3 s). After FAILURES consecutive
connection errors or timeouts the breaker opens: commands fail at once with CircuitOpenError
(a redis.ConnectionError, so callers handle it like any outage) for OPEN_SECONDS. Then one
command is let through as a probe: success closes the breaker, failure opens it again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import redis
from redis.exceptions import RedisClusterException

log = logging.getLogger(__name__)

FAILURES = 3  # consecutive connection errors or timeouts that open the breaker
OPEN_SECONDS = 5.0  # how long it fails fast before letting one probe through

# Redis was not reached, or did not answer in time (a Cluster that cannot be mapped included).
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, RedisClusterException)

T = TypeVar("T")


class CircuitOpenError(redis.ConnectionError):
    """Redis failed repeatedly just now; the command was not sent."""


class CircuitBreaker:
    """Thread-safe consecutive-failure breaker with one probe at a time when half open."""

    def __init__(
        self,
        failures: int = FAILURES,
        open_seconds: float = OPEN_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        name: str = "redis",  # what it guards, for its log lines
    ) -> None:
        self.name = name
        self.failures = failures
        self.open_seconds = open_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._consecutive = 0
        self._open_until: float | None = None
        self._probing = False

    @property
    def is_open(self) -> bool:
        """Whether commands are being refused without trying."""
        with self._lock:
            return self._open_until is not None

    def before(self) -> None:
        """Raise CircuitOpenError unless a command may be sent now."""
        with self._lock:
            if self._open_until is None:
                return
            if self._probing or self._clock() < self._open_until:
                raise CircuitOpenError(f"{self.name} circuit open: failing fast")
            self._probing = True  # this caller is the probe; everyone else still fails fast

    def succeeded(self) -> None:
        """Redis answered."""
        with self._lock:
            was_open = self._open_until is not None
            self._consecutive, self._open_until, self._probing = 0, None, False
        if was_open:
            log.info("%s answered again: circuit closed", self.name)

    def failed(self) -> None:
        """Redis could not be reached or did not answer in time."""
        with self._lock:
            self._consecutive += 1
            self._probing = False
            if self._consecutive < self.failures:
                return
            opening = self._open_until is None
            self._open_until = self._clock() + self.open_seconds
        if opening:
            log.warning(
                "%s failed %d times in a row: failing fast for %.0f s",
                self.name,
                self.failures,
                self.open_seconds,
            )

    def call(self, command: Callable[[], T]) -> T:
        """Run command unless the breaker is open, and count how it went."""
        self.before()
        try:
            result = command()
        except UNREACHABLE:
            self.failed()
            raise
        except redis.RedisError:
            self.succeeded()  # Redis answered, with an error of the command's own
            raise
        except BaseException:
            self.failed()  # neither answer nor known failure: do not leave a probe hanging
            raise
        self.succeeded()
        return result
