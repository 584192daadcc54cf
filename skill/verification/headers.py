"""Case-insensitive header lookup over any mapping of header names to values (pure)."""

from __future__ import annotations

from collections.abc import Mapping

from skill.verification.errors import VerificationError


def get_header(headers: Mapping[str, str], name: str) -> str:
    """Return the single value of header `name` (any case), raising if absent or ambiguous."""
    wanted = name.lower()
    found: list[object] = []
    for key, candidate in headers.items():
        # Mappings from untyped callers may hold non-text keys or values; they are refused,
        # not crashed on.
        if isinstance(key, str) and key.lower() == wanted:
            found.append(candidate)
    if not found:
        raise VerificationError(f"missing header {name}")
    if len(found) > 1:
        raise VerificationError(f"header {name} given more than once")
    (value,) = found
    if not isinstance(value, str) or not value:
        raise VerificationError(f"header {name} is empty or not text")
    return value
