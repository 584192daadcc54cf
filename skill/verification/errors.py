"""The one exception every failed request check raises."""

from __future__ import annotations


class VerificationError(Exception):
    """A request failed verification; `reason` is for the log, never for the HTTP body."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
