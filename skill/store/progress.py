"""Progress documents in Redis, behind ask-sdk-core's persistence adapter interface."""

from __future__ import annotations

import json
from typing import Any

import redis
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model.request_envelope import RequestEnvelope

from skill.store.clients import RedisClient
from skill.store.keys import progress_key

DAY = 24 * 60 * 60
MAX_DOCUMENT_BYTES = 16 * 1024


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


class RedisProgressAdapter(AbstractPersistenceAdapter):
    """One versioned JSON document per person, under a keyed-hash key, with a sliding expiry."""

    def __init__(self, client: RedisClient, secret: bytes, retention_days: int) -> None:
        self._client = client
        self._secret = secret
        self._ttl = retention_days * DAY

    def key_for(self, envelope: RequestEnvelope) -> str:
        """The Redis key of the person who sent this request."""
        return progress_key(self._secret, *person_ids(envelope))

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        """The saved document, or an empty dict for someone new. Refreshes the expiry."""
        try:
            raw = self._client.getex(self.key_for(request_envelope), ex=self._ttl)
        except redis.RedisError as exc:
            raise PersistenceException(f"redis read failed: {type(exc).__name__}") from exc
        if raw is None:
            return {}
        try:
            doc = json.loads(raw)
        except (UnicodeDecodeError, ValueError) as exc:
            raise PersistenceException("stored progress is not JSON") from exc
        return doc if isinstance(doc, dict) else {}

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        """Write the whole document and restart its expiry."""
        body = json.dumps(attributes, separators=(",", ":"))
        if len(body) > MAX_DOCUMENT_BYTES:
            raise PersistenceException("progress document is too large")
        try:
            self._client.set(self.key_for(request_envelope), body, ex=self._ttl)
        except redis.RedisError as exc:
            raise PersistenceException(f"redis write failed: {type(exc).__name__}") from exc

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        """Forget the person's progress."""
        try:
            self._client.delete(self.key_for(request_envelope))
        except redis.RedisError as exc:
            raise PersistenceException(f"redis delete failed: {type(exc).__name__}") from exc
