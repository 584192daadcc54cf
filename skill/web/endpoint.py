"""POST /alexa."""

from __future__ import annotations

import logging
import time
from typing import Any, cast

from ask_sdk_model.request import Request
from ask_sdk_model.request_envelope import RequestEnvelope
from ask_sdk_runtime.exceptions import AskSdkException
from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from skill.logs import info_line
from skill.store.keys import user_hash
from skill.strict_json import dumps, loads
from skill.verification.envelope import dig
from skill.verification.errors import VerificationError
from skill.verification.replay import REPLAY_REASON
from skill.voice.speech import bare_apology
from skill.web import metrics
from skill.web.serializer import EnvelopeSerializer
from skill.web.services import services

blueprint = Blueprint("alexa", __name__)
log = logging.getLogger("skill.requests")
serializer = EnvelopeSerializer()
MAX_JSON_DEPTH = 32
MAX_BODY_BYTES = 128 * 1024  # Alexa's requests are a few KiB; the WSGI server caps it too
# Request types ask-sdk can read. Amazon adds new ones; those get an empty 200, not a 400.
KNOWN_REQUEST_TYPES = frozenset(Request.discriminator_value_class_map)
EMPTY_RESPONSE: dict[str, Any] = {"version": "1.0", "response": {}}


class BadRequestError(Exception):
    """A request that is not a usable Alexa envelope."""


class UnknownRequestTypeError(Exception):
    """A well-formed envelope of a request type this ask-sdk does not know."""


def _json(payload: Any, status: int = 200) -> Response:
    return Response(dumps(payload), status=status, mimetype="application/json")


def _refuse(status: int, message: str, reason: str) -> Response:
    log.warning("request refused", extra={"status": status, "reason": reason})
    metrics.refused(status, reason)
    return _json({"error": message}, status)


def _depth(value: Any, limit: int) -> int:
    """How deep value nests, counted in values from the top one down to the deepest (a scalar or
    an empty object or array); once past limit, any number over it. Walks the objects and arrays
    a level at a time (no recursion, however deep the body)."""
    depth, layer = 1, [value] if type(value) is dict or type(value) is list else []
    while layer:
        if depth > limit:
            return depth
        below: list[Any] = []
        scalars = False
        for item in layer:
            for child in item.values() if type(item) is dict else item:
                if type(child) is dict or type(child) is list:
                    below.append(child)
                else:
                    scalars = True
        if below:
            depth, layer = depth + 1, below
        else:
            return depth + 1 if scalars else depth
    return depth


def _may_nest_past(body: bytes, limit: int) -> bool:
    """Whether the JSON in body could nest past limit: below the top value, every level down
    opens an object or an array, so a body with fewer than limit brackets cannot (a bracket
    inside a string only adds to the count, and no byte of a UTF-8 sequence is one)."""
    return body.count(b"{") + body.count(b"[") >= limit


_CONTENT_HEADERS = frozenset({"HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"})  # as werkzeug skips


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request's headers named as request.headers names them (HTTP_SIGNATURE_256 is
    Signature-256), made straight from the WSGI environ, at about two thirds of the cost of
    going through werkzeug's view. Content-Type and Content-Length, which the WSGI environ keeps
    apart, are left out: verification reads neither, and the endpoint reads them itself."""
    return {
        key[5:].replace("_", "-").title(): value
        for key, value in environ.items()
        if key.startswith("HTTP_") and key not in _CONTENT_HEADERS
    }


def _user_id(data: Any) -> str | None:
    """The Alexa user id: context.System.user, else session.user."""
    for path in (("context", "System", "user", "userId"), ("session", "user", "userId")):
        found = dig(data, *path)
        if isinstance(found, str):
            return found
    return None


def _is_text(value: Any) -> bool:
    """Whether value is a string that UTF-8 can carry (no lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _missing_fields(data: Any) -> str | None:
    """The first required field the envelope lacks, or None."""
    for path in (
        ("version",),
        ("request", "type"),
        ("request", "requestId"),
        ("request", "timestamp"),
    ):
        if not isinstance(dig(data, *path), str):
            return ".".join(path)
    return None if _user_id(data) else "context.System.user.userId"


def _bad_ids(data: Any) -> str | None:
    """The first user or person id that is not valid text (Alexa's ids are plain ASCII)."""
    for path in (
        ("context", "System", "user", "userId"),
        ("session", "user", "userId"),
        ("context", "System", "person", "personId"),
    ):
        found = dig(data, *path)
        if found is not None and not (isinstance(found, str) and _is_text(found)):
            return ".".join(path)
    return None


def parse_json(body: bytes) -> dict[str, Any]:
    """The body as strict JSON with the fields every envelope has; BadRequestError if not.

    Safe on a body nobody has verified yet: it is read, not trusted."""
    try:
        text = body.decode("utf-8")
        data = loads(text)
    except RecursionError:
        raise BadRequestError("body is nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequestError(f"body is not strict UTF-8 JSON: {type(exc).__name__}") from None
    if _may_nest_past(body, MAX_JSON_DEPTH) and _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise BadRequestError("body is nested too deeply")
    missing = _missing_fields(data)
    if missing:
        raise BadRequestError(f"envelope lacks {missing}")
    bad = _bad_ids(data)
    if bad:
        raise BadRequestError(f"{bad} is not valid text")
    return cast(dict[str, Any], data)


def to_envelope(data: dict[str, Any]) -> RequestEnvelope:
    """ask-sdk's envelope of parsed JSON; UnknownRequestTypeError for a kind we cannot read."""
    if dig(data, "request", "type") not in KNOWN_REQUEST_TYPES:
        raise UnknownRequestTypeError(str(dig(data, "request", "type")))
    try:
        return cast(RequestEnvelope, serializer.from_data(data, RequestEnvelope))
    except (AskSdkException, TypeError, ValueError, AttributeError) as exc:
        raise BadRequestError(f"envelope does not deserialize: {type(exc).__name__}") from None


def _user_hash(data: dict[str, Any], secret: bytes) -> str | None:
    """The start of the same keyed hash as the person's Redis key (person id included), so a
    log line and a key can be matched without either holding an Alexa id."""
    user_id = _user_id(data)
    if not user_id:
        return None
    person_id = dig(data, "context", "System", "person", "personId")
    return user_hash(secret, user_id, person_id if isinstance(person_id, str) else None)[:16]


def _apology_envelope() -> dict[str, Any]:
    said = bare_apology()
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": said.ssml},
            "shouldEndSession": False,
            "reprompt": {"outputSpeech": {"type": "SSML", "ssml": said.reprompt_ssml}},
        },
    }


@blueprint.post("/alexa")
def alexa() -> Response:
    """The skill endpoint: verify, parse, dispatch, answer."""
    started = time.perf_counter()
    svc = services()
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return _refuse(413, "request too large", "Content-Length over limit")
    if request.mimetype != "application/json":
        return _refuse(400, "bad request", f"content type {request.mimetype!r}")
    try:
        body = request.get_data(cache=False)
    except RequestEntityTooLarge:
        return _refuse(413, "request too large", "body over limit")
    headers = _headers(request.environ)
    try:
        # What costs nothing first: a body that is stale or for another skill is refused before
        # its signature can make anyone download a certificate (docs/decisions/0002).
        data = parse_json(body)
        claim = svc.verification.check_envelope(headers, body, data)
        svc.verification.check_raw(headers, body)
        envelope = to_envelope(data)
    except VerificationError as exc:
        return _refuse(400, "bad request", f"verification failed: {exc}")
    except BadRequestError as exc:
        return _refuse(400, "bad request", str(exc))
    except UnknownRequestTypeError as exc:
        # Verified (when on) but of a kind this skill cannot read: nothing to say.
        log.warning("unknown request type answered empty", extra={"request_type": str(exc)})
        return _json(EMPTY_RESPONSE)

    asked = data["request"]  # parse_json made sure it holds its type and id, as text
    request_type, intent = asked["type"], dig(asked, "intent", "name")
    fields: dict[str, Any] = {
        "request_id": asked["requestId"],
        "request_type": request_type,
        "intent": intent,
        "user": _user_hash(data, svc.user_hash_secret),
    }
    try:
        # The claim rides along: a turn that saves makes it in the same call (see replay.py).
        response = serializer.serialize(svc.skill.invoke(request_envelope=envelope, context=claim))
        answer = dumps(response)  # strict: a non-finite number is a fault, never sent
    except Exception as exc:  # the skill's own exception handler should make this unreachable
        log.exception("dispatch failed: %s", type(exc).__name__, extra=fields)
        answer = dumps(_apology_envelope())
    if claim is not None and claim.fresh is None:  # no save made it: claim it on its own now
        svc.people.claim(envelope, claim)
    if claim is not None and claim.fresh is False:
        return _refuse(400, "bad request", f"verification failed: {REPLAY_REASON}")
    fields["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    info_line(log, "alexa request", fields)
    metrics.answered(request_type, intent, time.perf_counter() - started)
    return Response(answer, status=200, mimetype="application/json")


def register_error_pages(app: Flask) -> None:
    """Every HTTP error is a short JSON body; an unexpected fault is a 500 with no trace."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        return _json({"error": (error.name or "error").lower()}, error.code or 500)

    @app.errorhandler(Exception)
    def fault(error: Exception) -> Response:
        log.error("unhandled fault: %s", type(error).__name__, exc_info=error)
        return _json({"error": "internal error"}, 500)
