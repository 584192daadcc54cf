"""Redis keys. Raw Alexa ids never appear in a key: they are replaced by a keyed hash."""

from __future__ import annotations

import hashlib
import hmac

KEY_PREFIX = "bsc:v1:person:"


def user_hash(secret: bytes, user_id: str, person_id: str | None = None) -> str:
    """HMAC-SHA256 of the Alexa user id (and recognised voice, when present), as hex."""
    message = user_id if person_id is None else f"{user_id}\x00{person_id}"
    # surrogatepass: a lone surrogate (refused at the endpoint) can never crash the hash.
    data = message.encode("utf-8", "surrogatepass")
    return hmac.new(secret, data, hashlib.sha256).hexdigest()


def progress_key(secret: bytes, user_id: str, person_id: str | None = None) -> str:
    """The key of a person's progress document."""
    return KEY_PREFIX + user_hash(secret, user_id, person_id)
