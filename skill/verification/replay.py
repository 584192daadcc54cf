"""Refuse a signed request seen before: its request id is remembered in Redis for as long as
its timestamp would still be accepted, so every worker and every process sees it.

If Redis cannot be reached the check fails OPEN: the request is accepted and a warning logged.
Refusing every request during an outage would silence the skill, while a replay is still bound
by the signature and the 150 s timestamp window, and can only repeat a turn the person took.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from skill.verification.constants import (
    SKILL_EVENT_TIMESTAMP_TOLERANCE_S,
    SKILL_EVENT_TYPE_PREFIX,
    TIMESTAMP_TOLERANCE_S,
)
from skill.verification.envelope import dig
from skill.verification.errors import VerificationError

log = logging.getLogger(__name__)
KEY_PREFIX = "bsc:v1:seen:"


class _SetNx(Protocol):
    def set(self, name: str, value: str, *, nx: bool, ex: int) -> Any: ...


class ReplayVerifier:
    """Raises VerificationError for a request id already seen within its window."""

    def __init__(self, store: _SetNx) -> None:
        self._store = store

    def verify(
        self,
        headers: Mapping[str, str],
        serialized_request_env: bytes | str | None,
        deserialized_request_env: Any,
    ) -> None:
        """Remember this request id (SET NX with a TTL); refuse it if it was already there."""
        request_id = dig(deserialized_request_env, "request", "requestId")
        if not isinstance(request_id, str) or not request_id:
            raise VerificationError("request.requestId is missing")
        kind = dig(deserialized_request_env, "request", "type")
        is_event = isinstance(kind, str) and kind.startswith(SKILL_EVENT_TYPE_PREFIX)
        tolerance = SKILL_EVENT_TIMESTAMP_TOLERANCE_S if is_event else TIMESTAMP_TOLERANCE_S
        # Accepted from tolerance before its timestamp to tolerance after: remember it that long.
        digest = hashlib.sha256(request_id.encode("utf-8", "surrogatepass")).hexdigest()
        try:
            fresh = self._store.set(KEY_PREFIX + digest, "1", nx=True, ex=2 * tolerance)
        except Exception as exc:  # any store failure: fail open, loudly
            log.warning("replay check skipped, store unavailable: %s", type(exc).__name__)
            return
        if not fresh:
            raise VerificationError("request id already seen: a replay")
