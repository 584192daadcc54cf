"""Alexa's own APIs, reached with the request's apiEndpoint and apiAccessToken: one small client
with a short timeout and a circuit breaker, so a slow or failing API never costs a turn more than
TIMEOUT_SECONDS, and costs it nothing while it keeps failing.

Only the hosts Amazon documents are called (a request names its endpoint; a verified request is
Amazon's word, but an unverified one must not make this server call anywhere). Tests and the
simulator list a stand-in on loopback instead. The token is never logged."""

from __future__ import annotations

import functools
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from ask_sdk_model.request_envelope import RequestEnvelope

from skill.config import AMAZON_API_HOSTS
from skill.deadline import Watchdog, WatchedHTTPHandler, WatchedHTTPSHandler
from skill.store.breaker import CircuitBreaker, CircuitOpenError
from skill.verification.fetch import default_tls_context

LOOPBACK = ("127.0.0.1", "localhost", "::1")
TIMEOUT_SECONDS = 1.0  # per call; Alexa waits 8 s for the whole answer
MAX_ANSWER_BYTES = 64 * 1024
log = logging.getLogger(__name__)


class AlexaApiError(Exception):
    """The API could not be asked, did not answer in time, or answered with an error."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class ApiResult:
    """What an Alexa API answered: its HTTP status and JSON body."""

    status: int
    body: Any  # the JSON body, or None when there is none


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is answered as the error it is, never followed


@functools.cache
def _opener() -> urllib.request.OpenerDirector:
    """The one opener every call uses, made at the first call rather than at import (most
    processes that import the app, the CLI and the checks, never call an API), on the process's
    one trust store, which gunicorn's master loads before its workers fork (serving.preload).
    Two first calls at once may each make one; either serves."""
    return urllib.request.build_opener(
        _NoRedirects, WatchedHTTPSHandler(default_tls_context()), WatchedHTTPHandler
    )


class AlexaApi:
    """Calls to Alexa's APIs on behalf of the request's person."""

    def __init__(
        self,
        hosts: Iterable[str] = AMAZON_API_HOSTS,
        timeout: float = TIMEOUT_SECONDS,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.hosts = frozenset(hosts)  # "host" or "host:port"
        self.timeout = timeout
        self.breaker = breaker or CircuitBreaker(name="alexa api")

    def call(
        self, envelope: RequestEnvelope, method: str, path: str, body: Any = None
    ) -> ApiResult:
        """One call: the JSON answer, or AlexaApiError (4xx and 5xx included, with status)."""
        base, token = self._endpoint(envelope)
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        # The scheme is https, or http to a listed loopback stand-in (checked in _endpoint).
        request = urllib.request.Request(  # noqa: S310
            base + path, data=data, headers=headers, method=method
        )
        try:
            self.breaker.before()
        except CircuitOpenError as exc:
            raise AlexaApiError("failing fast: the API failed repeatedly just now") from exc
        opener = _opener()  # outside the deadline: it is the call's, not the trust store's
        try:
            # One deadline for the whole call: a peer trickling bytes is cut off at it too.
            with (
                Watchdog(self.timeout) as watchdog,
                opener.open(request, timeout=self.timeout) as response,
            ):
                raw = response.read(MAX_ANSWER_BYTES + 1)
                status = response.status
            if watchdog.fired:
                raise TimeoutError("the API did not answer in time")
        except urllib.error.HTTPError as exc:  # the API answered, with an error
            if exc.code >= 500:
                self.breaker.failed()
            else:
                self.breaker.succeeded()
            raise AlexaApiError(f"HTTP {exc.code}", exc.code) from None
        except (OSError, ValueError) as exc:  # unreachable, timed out, or not HTTP
            self.breaker.failed()
            raise AlexaApiError(type(exc).__name__) from None
        self.breaker.succeeded()
        if len(raw) > MAX_ANSWER_BYTES:
            raise AlexaApiError("answer too large", status)
        try:
            return ApiResult(status, json.loads(raw) if raw.strip() else None)
        except ValueError:
            raise AlexaApiError("answer is not JSON", status) from None

    @property
    def enabled(self) -> bool:
        """Whether any host may be called (none: the simulator, most tests)."""
        return bool(self.hosts)

    def time_zone(self, envelope: RequestEnvelope) -> str | None:
        """The device's time zone (an IANA name) from the Settings API; None when it cannot be
        had (logged), so the caller goes on in UTC."""
        if not self.enabled:
            return None
        system = envelope.context.system if envelope.context else None
        device = system.device.device_id if system and system.device else None
        if not device:
            return None
        path = f"/v2/devices/{quote(device, safe='')}/settings/System.timeZone"
        try:
            answer = self.call(envelope, "GET", path)
        except AlexaApiError as exc:
            log.warning("time zone unavailable: %s", exc, extra={"status": exc.status})
            return None
        zone = answer.body
        return zone if isinstance(zone, str) and 0 < len(zone) <= 64 else None

    def _endpoint(self, envelope: RequestEnvelope) -> tuple[str, str]:
        system = envelope.context.system if envelope.context else None
        endpoint = (system.api_endpoint if system else None) or ""
        token = (system.api_access_token if system else None) or ""
        parts = urlsplit(endpoint)
        place = parts.netloc.lower()
        loopback = parts.hostname in LOOPBACK
        if place not in self.hosts or parts.scheme != ("http" if loopback else "https"):
            raise AlexaApiError("the request's apiEndpoint is not an Alexa API host")
        if not token:
            raise AlexaApiError("the request carries no apiAccessToken")
        if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
            raise AlexaApiError("the request's apiEndpoint is not a bare host")
        return f"{parts.scheme}://{parts.netloc}", token
