"""Redis keys, all made here. Raw Alexa ids never appear in a key, only a keyed hash of them.

Redis Cluster: every command the skill sends touches exactly one key (a person's document:
GETEX, SET, DEL), so no command or transaction can span slots and the key needs no hash tag;
keeping its format keeps everyone's saved place. A future key used together with a person's
document in one command, pipeline-in-a-transaction or script must share a hash tag with it, for
example `bsc:v2:{<hash>}:person` and `bsc:v2:{<hash>}:<other>`, with a migration note in README."""

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
