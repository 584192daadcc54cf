"""The HTTP edge: health, empty answers, and requests that are refused with a clear status."""

from __future__ import annotations

import json
import logging

import pytest
from flask.testing import FlaskClient

from skill.config import Settings
from skill.domain.routines import Catalog
from skill.store.keys import KEY_PREFIX, person_key
from skill.web import create_app
from tests.support.alexa import envelope
from tests.support.checks import check_response
from tests.support.settings import SECRET


def post(
    client: FlaskClient, body: object, content_type: str = "application/json"
) -> tuple[int, object]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = client.post("/alexa", data=data, content_type=content_type)
    return response.status_code, response.get_json(silent=True)


def test_health_answers_200(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_session_ended_gets_an_empty_response(client: FlaskClient) -> None:
    status, body = post(client, envelope("session_ended_request", new=False))
    check_response(status, body, "SessionEndedRequest")
    assert isinstance(body, dict)
    assert body["response"] == {}


def test_exception_encountered_is_logged_and_answered_empty(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        status, body = post(client, envelope("exception_encountered_request"))
    check_response(status, body, "System.ExceptionEncountered")
    assert any(getattr(r, "error_type", None) == "INVALID_RESPONSE" for r in caplog.records)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        (b'{"version": "1.0"}', "application/json"),
        (b'{"request": {"type": 7}}', "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (json.dumps(envelope("launch_request")).encode(), "text/plain"),
    ],
)
def test_unusable_requests_get_400_with_a_short_generic_body(
    client: FlaskClient, body: bytes, content_type: str
) -> None:
    status, payload = post(client, body, content_type)
    assert status == 400
    assert payload == {"error": "bad request"}


def test_absurdly_nested_json_is_refused(client: FlaskClient) -> None:
    nested = envelope("launch_request")
    nested["request"]["extra"] = json.loads("[" * 200 + "]" * 200)
    assert post(client, nested)[0] == 400


def test_a_body_over_128_kib_gets_413(client: FlaskClient) -> None:
    big = envelope("launch_request")
    big["padding"] = "x" * (129 * 1024)
    assert post(client, big)[0] == 413


def test_with_verification_on_an_unsigned_request_is_refused(
    settings: Settings, catalog: Catalog
) -> None:
    from dataclasses import replace

    strict = create_app(replace(settings, verify_requests=True), catalog=catalog).test_client()
    status, payload = post(strict, envelope("launch_request"))
    assert status == 400
    assert payload == {"error": "bad request"}


def test_logs_carry_a_hash_of_the_user_never_the_id_or_token(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    user = "amzn1.ask.account.PRIVATE-PERSON-ID"
    with caplog.at_level(logging.DEBUG):
        post(client, envelope("launch_request", user_id=user))
    lines = [json.dumps(vars(r), default=str) for r in caplog.records]
    assert any('"request_type": "LaunchRequest"' in line for line in lines)
    assert any('"user": "' in line for line in lines)
    assert not any("PRIVATE-PERSON-ID" in line for line in lines)
    assert not any("example-token-not-real" in line for line in lines)


@pytest.mark.parametrize("person_id", [None, "amzn1.ask.person.RECOGNISED-VOICE"])
def test_the_logged_user_hash_is_the_start_of_the_persons_redis_key(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, person_id: str | None
) -> None:
    user = "amzn1.ask.account.SOMEONE"
    changes = {} if person_id is None else {"person_id": person_id}
    with caplog.at_level(logging.INFO, logger="skill.requests"):
        post(client, envelope("launch_request", user_id=user, **changes))
    (logged,) = [r for r in caplog.records if r.getMessage() == "alexa request"]
    key = person_key(SECRET, user, person_id)
    assert key.startswith(KEY_PREFIX + str(logged.__dict__["user"]))


@pytest.mark.parametrize(
    "path",
    [
        ("request", "requestId"),
        ("request", "timestamp"),
        ("version",),
    ],
)
def test_an_envelope_missing_a_required_field_is_refused(
    client: FlaskClient, path: tuple[str, ...]
) -> None:
    body = envelope("launch_request")
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    assert post(client, body)[0] == 400


def test_an_envelope_with_no_user_is_refused(client: FlaskClient) -> None:
    body = envelope("launch_request")
    del body["context"]["System"]["user"]
    del body["session"]["user"]
    assert post(client, body)[0] == 400


def test_absurd_numbers_are_refused(client: FlaskClient) -> None:
    body = envelope("launch_request")
    body["request"]["extra"] = "PLACEHOLDER"
    raw = json.dumps(body).replace('"PLACEHOLDER"', "1" + "0" * 5000)
    assert post(client, raw.encode())[0] == 400
    assert post(client, raw.replace("1" + "0" * 5000, "1").encode())[0] == 200


def test_an_unknown_request_type_gets_a_valid_empty_response(client: FlaskClient) -> None:
    body = envelope("launch_request")
    body["request"]["type"] = "GameEngine.InputHandlerEvent"  # a type the skill does not use
    status, payload = post(client, body)
    check_response(status, payload, "SessionEndedRequest")  # the same rule: nothing spoken


@pytest.mark.parametrize(("method", "path"), [("GET", "/alexa"), ("GET", "/nowhere")])
def test_other_routes_and_methods_answer_json_not_a_page(
    client: FlaskClient, method: str, path: str
) -> None:
    response = client.open(path, method=method)
    assert response.status_code in (404, 405)
    assert response.is_json
    assert b"<html" not in response.data.lower()
