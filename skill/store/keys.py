"""Redis keys, all made here. Raw Alexa ids never appear in a key, only a keyed hash of them.

Redis Cluster: a person's document (`bsc:v1:person:<hash>`) is the only key most commands touch.
The one script that touches two keys (a turn's save, which also remembers the request's id
against replays) uses the person's key and `{bsc:v1:person:<hash>}:seen:<digest>`, whose hash
tag is the person's whole key: both hash to the same slot, so the script is safe on a Cluster and
the person's key keeps its format (everyone's saved place is kept). Any future key used together
with a person's document must be made the same way.

An account's list of its recognised voices' documents (`{<account's key>}:voices`) lets the
account's data be deleted whole when the skill is disabled: a voice's key is a hash of the
account and the voice together, which cannot be found from the account alone."""

from __future__ import annotations

import hashlib
import hmac
import threading

# "v1" is the key's own format (how the key is made from the ids), not the document's schema
# (codec.SCHEMA_VERSION, which the document carries and the codec migrates): changing the key's
# format would lose everyone's saved place, so it stays v1 while documents move on.
KEY_PREFIX = "bsc:v1:person:"
SEEN = ":seen:"
_last = threading.local()  # each thread's last user_hash: its ids and the answer
_keyed: dict[bytes, hmac.HMAC] = {}  # per secret, an HMAC keyed and fed nothing (never updated)


def user_hash(secret: bytes, user_id: str, person_id: str | None = None) -> str:
    """HMAC-SHA256 of the Alexa user id (and recognised voice, when present), as hex.

    A turn asks twice (its log line, its Redis key), so each thread keeps its last answer, until
    its next request asks for someone else's: held in memory only, never logged or stored."""
    last: tuple[bytes, str, str | None, str] | None = getattr(_last, "hash", None)
    if last is not None and last[0] == secret and last[1] == user_id and last[2] == person_id:
        return last[3]
    message = user_id if person_id is None else f"{user_id}\x00{person_id}"
    # surrogatepass: a lone surrogate (refused at the endpoint) can never crash the hash.
    data = message.encode("utf-8", "surrogatepass")
    keyed = _keyed.get(secret)
    if keyed is None:
        keyed = _keyed[secret] = hmac.new(secret, digestmod=hashlib.sha256)
    mac = keyed.copy()  # the key's set-up made once: a copy costs a fraction of hmac.new
    mac.update(data)
    digest = mac.hexdigest()
    _last.hash = (secret, user_id, person_id, digest)
    return digest


def person_key(secret: bytes, user_id: str, person_id: str | None = None) -> str:
    """The key of a person's document (everything kept about them)."""
    return KEY_PREFIX + user_hash(secret, user_id, person_id)


def voices_key(account_key: str) -> str:
    """The set of an account's recognised voices' document keys."""
    return "{" + account_key + "}:voices"


def forgotten_key(document_key: str) -> str:
    """A marker, for a while after a person was forgotten, that nothing may write their document
    back (a device still mid-session would): in the document's slot, holding nothing."""
    return "{" + document_key + "}:forgotten"


def replay_pattern(document_key: str) -> str:
    """A SCAN pattern for every replay key kept for a person's document."""
    return "{" + document_key + "}" + SEEN + "*"


def replay_key(document_key: str, request_id: str) -> str:
    """The key remembering that a request id was seen, in the same Cluster slot as the person's
    document (its hash tag is that key). 128 bits of SHA-256 tell request ids apart."""
    digest = hashlib.sha256(request_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return "{" + document_key + "}" + SEEN + digest
