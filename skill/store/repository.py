"""The one way to a person's data: their document in Redis, read with its revision and written
only over the revision it was read at (with the request's replay claim), and forgotten whole.
The turn runner (skill/alexa/turns.py) is the only reader and writer of documents; the endpoint
makes a request's replay claim here on its own when its turn wrote nothing (`claim`). Nothing
else reads or writes a person's data."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import redis
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model.request_envelope import RequestEnvelope

from skill.domain.state import DAY
from skill.store.clients import RedisClient
from skill.store.codec import document_revision, with_revision
from skill.store.keys import (
    forgotten_key,
    person_key,
    replay_key,
    replay_pattern,
    voices_key,
)
from skill.strict_json import dumps, loads
from skill.verification.replay import ReplayClaim

MAX_DOCUMENT_BYTES = 16 * 1024
log = logging.getLogger(__name__)

# While KEYS[2] (the person's forgotten marker) exists, nothing read before the forgetting is
# written back: a write from a revision above 0 returns 2 (one from nothing goes ahead).
# With KEYS[3] (the request's replay key): claim it with the token ARGV[5] for ARGV[4] s, and
# return 1, writing nothing, when another token is there (a replay; the request's own token means
# this very request ran here before, its answer lost, and it goes on). Then write ARGV[2]
# (expiring in ARGV[3] s) only if the stored document's "rev" is ARGV[1]; otherwise return the
# stored document (or "" when there is none), so the caller can merge and try again. One round
# trip, atomic in Redis, and safe on a Cluster (both keys hash to the person's slot, see
# skill.store.keys).
_COMPARE_AND_SET = """
if tonumber(ARGV[1]) > 0 and redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
if KEYS[3] then
  local seen = redis.call('GET', KEYS[3])
  if seen and seen ~= ARGV[5] then return 1 end
  if not seen then redis.call('SET', KEYS[3], ARGV[5], 'EX', ARGV[4]) end
end
local current = redis.call('GET', KEYS[1])
local rev = 0
if current then
  local ok, doc = pcall(cjson.decode, current)
  if ok and type(doc) == 'table' and type(doc['rev']) == 'number' then rev = doc['rev'] end
end
if rev ~= tonumber(ARGV[1]) then
  return current or ''
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return false
"""


# KEYS[1] the account's set of voice documents: add ARGV[1], and keep the set as long as ARGV[2] s.
_REMEMBER_VOICE = """
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
"""
_FORGET_VOICE = "return redis.call('SREM', KEYS[1], ARGV[1])"
SCAN_COUNT = 1000  # keys a SCAN step looks at: forgetting is rare, so few round trips matter


FORGOTTEN_MARKER_SECONDS = 3600  # longer than any session that could still hold their data


class RequestReplayedError(PersistenceException):
    """The request's id was already seen: nothing was written."""


class PersonForgottenError(PersistenceException):
    """The person asked to be forgotten meanwhile (on another device): nothing was written."""


def person_ids(envelope: RequestEnvelope) -> tuple[str, str | None]:
    """The Alexa user id and, when the voice was recognised, the person id."""
    system = envelope.context.system if envelope.context else None
    user = system.user if system else None
    if user is None or not user.user_id:
        user = envelope.session.user if envelope.session else None
    if user is None or not user.user_id:
        raise PersistenceException("request carries no user id")
    person = system.person if system else None
    return user.user_id, (person.person_id if person is not None else None)


@dataclass(frozen=True)
class Stored:
    """A person's saved document as read, and its revision (how many writes it has had: 0 for
    someone new, whose document is empty)."""

    document: dict[str, Any]
    revision: int

    @classmethod
    def of(cls, document: dict[str, Any]) -> Stored:
        return cls(document, document_revision(document))


class PersonRepository:
    """One versioned JSON document per person, under a keyed-hash key, with a sliding expiry."""

    def __init__(self, client: RedisClient, secret: bytes, person_retention_days: int) -> None:
        self._client = client
        self._secret = secret
        self._ttl = person_retention_days * DAY
        self._compare_and_set = client.register_script(_COMPARE_AND_SET)
        self._remember_voice = client.register_script(_REMEMBER_VOICE)
        self._forget_voice = client.register_script(_FORGET_VOICE)

    def key_for(self, envelope: RequestEnvelope) -> str:
        """The Redis key of the person who sent this request."""
        return person_key(self._secret, *person_ids(envelope))

    def load(self, request_envelope: RequestEnvelope) -> Stored:
        """The saved document and its revision (an empty document at revision 0 for someone
        new). Refreshes the expiry (and, for a recognised voice, its entry in its
        account's list, so the list lives as long as it). PersistenceException: unreachable."""
        key = self.key_for(request_envelope)
        try:
            raw = self._client.getex(key, ex=self._ttl)
        except redis.RedisError as exc:
            raise PersistenceException(f"redis read failed: {type(exc).__name__}") from exc
        if raw is None:
            return Stored.of({})
        self._note_voice(request_envelope, key)
        try:
            doc = loads(raw)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise PersistenceException("a stored person document is not JSON") from exc
        return Stored.of(doc if isinstance(doc, dict) else {})

    def save(
        self,
        request_envelope: RequestEnvelope,
        expected: int,
        document: dict[str, Any],
        claim: ReplayClaim | None = None,
    ) -> int | Stored:
        """Write document, stamped revision `expected + 1`, if the stored one is at revision
        `expected` (0: none yet), restarting its expiry: the revision written, or, when another
        write came first, what is stored, to merge with and try again.

        An unmade claim is made in the same call: RequestReplayedError, with nothing written,
        when the request id was already seen."""
        key = self.key_for(request_envelope)
        claiming = claim if claim is not None and claim.fresh is None else None
        keys = [key, forgotten_key(key)]
        args: list[Any] = [expected, _body(with_revision(document, expected + 1)), self._ttl]
        if claiming is not None:
            keys.append(replay_key(key, claiming.request_id))
            args += [claiming.ttl, claiming.token]
        try:
            stored = self._compare_and_set(keys=keys, args=args)
        except redis.RedisError as exc:
            raise PersistenceException(f"redis write failed: {type(exc).__name__}") from exc
        if stored == 2:
            raise PersonForgottenError("the person was forgotten: nothing written")
        if claiming is not None:
            claiming.fresh = stored != 1
            if not claiming.fresh:
                raise RequestReplayedError("request id already seen: nothing written")
        if stored is None:
            self._note_voice(request_envelope, key)
            return expected + 1
        try:
            doc = loads(stored) if stored else {}
        except (UnicodeDecodeError, ValueError, RecursionError):
            doc = {}  # unreadable: merged with as if nothing were saved
        return Stored.of(doc if isinstance(doc, dict) else {})

    def claim(self, request_envelope: RequestEnvelope, claim: ReplayClaim) -> None:
        """Make a claim on its own (SET NX; when that finds the id taken, whose token it is), for
        a request whose turn saved nothing or could not tell whether its save ran. When Redis
        cannot be asked, or anything else fails, the claim stays unmade and the request is let
        through (fail open)."""
        try:
            key = replay_key(self.key_for(request_envelope), claim.request_id)
            taken = not self._client.set(key, claim.token, ex=claim.ttl, nx=True)
            claim.fresh = not taken or self._client.getex(key) in _as_stored(claim.token)
        except Exception as exc:  # any failure: fail open, loudly
            log.warning("replay check skipped, store unavailable: %s", type(exc).__name__)

    def _note_voice(self, envelope: RequestEnvelope, key: str) -> None:
        """A recognised voice's document is listed under its account (one round trip, for
        recognised voices only), so disabling the skill can delete it. A failure is logged:
        the document is saved, and expires by itself."""
        user, person = person_ids(envelope)
        if person is None:
            return
        try:
            account = person_key(self._secret, user)
            self._remember_voice(keys=[voices_key(account)], args=[key, self._ttl])
        except redis.RedisError as exc:
            log.warning("could not list a voice under its account: %s", type(exc).__name__)

    def forget(self, request_envelope: RequestEnvelope) -> None:
        """Delete everything kept about the person who sent this request: their document, the
        request ids kept for it against replays, and a recognised voice's entry in its account's
        list. PersistenceException when Redis cannot do it (then nothing is promised gone)."""
        user, person = person_ids(request_envelope)
        key = person_key(self._secret, user, person)
        try:
            self._delete_with_claims([key])
            if person is not None:
                account_voices = voices_key(person_key(self._secret, user))
                self._forget_voice(keys=[account_voices], args=[key])
        except redis.RedisError as exc:
            raise PersistenceException(f"redis forget failed: {type(exc).__name__}") from exc

    def forget_account(self, request_envelope: RequestEnvelope) -> int:
        """Delete everything kept for the account that sent this (the skill was disabled): its
        own document, every recognised voice's, their replay keys, and the list of voices.
        Returns how many documents were deleted."""
        user, _ = person_ids(request_envelope)
        account = person_key(self._secret, user)
        try:
            voices = [_text(k) for k in self._client.smembers(voices_key(account)) or ()]
            deleted = self._delete_with_claims([account, *voices])
            self._client.delete(voices_key(account))
        except redis.RedisError as exc:
            raise PersistenceException(f"redis forget failed: {type(exc).__name__}") from exc
        return deleted

    def _delete_with_claims(self, keys: list[str]) -> int:
        """Delete documents and every replay key kept for them, leaving each a forgotten marker
        for FORGOTTEN_MARKER_SECONDS; how many documents there were."""
        for key in keys:  # first, so no save lands between the delete and the marker
            self._client.set(forgotten_key(key), "1", ex=FORGOTTEN_MARKER_SECONDS)
        claims = [
            c for key in keys for c in self._client.scan_iter(replay_pattern(key), SCAN_COUNT)
        ]
        deleted = int(self._client.delete(*keys) or 0)
        if claims:
            self._client.delete(*(_text(c) for c in claims))
        return deleted


def _text(value: str | bytes) -> str:
    """A key as text, from a client that decodes responses or one that does not."""
    return value.decode() if isinstance(value, bytes) else value


def _as_stored(text: str) -> tuple[str, bytes]:
    """text as a client that decodes responses returns it, and as one that does not."""
    return text, text.encode()


def _body(document: dict[str, Any]) -> str:
    """A document as stored: strict, compact JSON within the size limit."""
    try:
        body = dumps(document)
    except (TypeError, ValueError) as exc:  # never store NaN or Infinity
        raise PersistenceException(f"a person document is not strict JSON: {exc}") from exc
    if len(body.encode("utf-8")) > MAX_DOCUMENT_BYTES:  # orjson writes UTF-8, not escapes
        raise PersistenceException("person document is too large")
    return body
