"""The verifier interface, shaped like ask-sdk's RequestVerifier so a fixed SDK can swap in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class RequestVerifier(Protocol):
    """Raises VerificationError when a request fails the check; returns None otherwise."""

    def verify(
        self,
        headers: Mapping[str, str],
        serialized_request_env: bytes | str,
        deserialized_request_env: Any,
    ) -> None:
        """Check one request: headers, the raw body, and the parsed envelope (may be None)."""
