"""A clock tests can move, read by the app where it would read time.time."""

from __future__ import annotations

START = 1_800_000_000.0


class Clock:
    """A clock tests can move."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds
