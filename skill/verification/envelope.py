"""Checks 5 and 6 on the parsed request envelope: freshness and the skill's application id."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from skill.verification.cert_cache import Clock
from skill.verification.constants import (
    SKILL_EVENT_TIMESTAMP_TOLERANCE_S,
    SKILL_EVENT_TYPE_PREFIX,
    TIMESTAMP_TOLERANCE_S,
)
from skill.verification.errors import VerificationError


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


def dig(envelope: object, *keys: str) -> object:
    """Follow `keys` through nested JSON objects; None when any step is missing."""
    node = envelope
    for key in keys:
        if type(node) is not dict and not isinstance(node, Mapping):  # JSON objects are dicts
            return None
        node = node.get(key)
    return node


def _require_envelope(envelope: object) -> Mapping[str, Any]:
    if not isinstance(envelope, Mapping):
        raise VerificationError("request envelope is not a JSON object")
    return envelope


class TimestampVerifier:
    """Rejects requests whose timestamp is too far from now (replay protection)."""

    def __init__(
        self,
        clock: Clock = utc_now,
        *,
        tolerance: timedelta = timedelta(seconds=TIMESTAMP_TOLERANCE_S),
        skill_event_tolerance: timedelta = timedelta(seconds=SKILL_EVENT_TIMESTAMP_TOLERANCE_S),
    ) -> None:
        self._clock = clock
        self._tolerance = tolerance
        self._skill_event_tolerance = skill_event_tolerance

    def verify(
        self,
        headers: Mapping[str, str],
        serialized_request_env: bytes | str | None,
        deserialized_request_env: Mapping[str, Any] | None,
    ) -> None:
        """Raise VerificationError unless request.timestamp is within tolerance of now."""
        envelope = _require_envelope(deserialized_request_env)
        raw = dig(envelope, "request", "timestamp")
        if not isinstance(raw, str):
            raise VerificationError("request.timestamp is missing or not a string")
        try:
            sent_at = datetime.fromisoformat(raw)
        except ValueError as exc:
            raise VerificationError("request.timestamp is not ISO 8601") from exc
        if sent_at.tzinfo is None:
            raise VerificationError("request.timestamp has no UTC offset")

        request_type = dig(envelope, "request", "type")
        is_skill_event = isinstance(request_type, str) and request_type.startswith(
            SKILL_EVENT_TYPE_PREFIX
        )
        tolerance = self._skill_event_tolerance if is_skill_event else self._tolerance
        skew = abs(self._clock() - sent_at)
        if skew > tolerance:
            raise VerificationError(
                f"request.timestamp is {skew.total_seconds():.0f} s from now "
                f"(allowed {tolerance.total_seconds():.0f} s)"
            )


class ApplicationIdVerifier:
    """Rejects requests meant for another skill."""

    def __init__(self, skill_id: str) -> None:
        if not skill_id:
            raise ValueError("skill_id must be a non-empty string")
        self._skill_id = skill_id

    def verify(
        self,
        headers: Mapping[str, str],
        serialized_request_env: bytes | str | None,
        deserialized_request_env: Mapping[str, Any] | None,
    ) -> None:
        """Raise VerificationError unless the envelope's applicationId is this skill's."""
        envelope = _require_envelope(deserialized_request_env)
        app_id = dig(envelope, "context", "System", "application", "applicationId")
        if app_id is None:
            # Older envelopes, and some requests without context, carry it only on the session.
            app_id = dig(envelope, "session", "application", "applicationId")
        if app_id is None:
            raise VerificationError("request carries no applicationId")
        if app_id != self._skill_id:
            # The id is not a secret, so it is safe in the log and helps spot a misconfiguration.
            raise VerificationError(f"applicationId {app_id!r} is not this skill's")
