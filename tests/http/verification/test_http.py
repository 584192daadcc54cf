"""Verification at the HTTP edge: signed envelopes are served, anything else is a 400."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import replace
from typing import Any

import pytest
import redis
from flask.testing import FlaskClient

from skill.config import Settings
from skill.store.keys import person_key
from skill.verification import build_verifiers
from skill.web import create_app
from tests.support.alexa import envelope
from tests.support.checks import check_response
from tests.support.pki import CERT_URL, NOW, SKILL_ID, FakeClock, FakeFetcher, Pki, sign
from tests.support.settings import SECRET
from tests.support.speech import content_catalog


def strict_app(settings: Settings, pki: Pki, fetcher: FakeFetcher, clock: FakeClock) -> FlaskClient:
    """An app verifying requests against the test CA, for this skill, on the run's catalog."""
    verifiers = build_verifiers(SKILL_ID, roots=[pki.root], fetcher=fetcher, clock=clock)
    app = create_app(
        replace(settings, verify_requests=True, skill_id=SKILL_ID),
        verifiers=verifiers,
        catalog=content_catalog(),  # the run's one real catalog
    )
    return app.test_client()


@pytest.fixture
def strict(settings: Settings, pki: Pki, fetcher: FakeFetcher, clock: FakeClock) -> FlaskClient:
    return strict_app(settings, pki, fetcher, clock)


def signed(pki: Pki, template: str, **changes: Any) -> tuple[bytes, dict[str, str]]:
    """A stored request as the Alexa service sends it to this skill, signed by the test CA."""
    body = envelope(template, timestamp=NOW.strftime("%Y-%m-%dT%H:%M:%SZ"), **changes)
    body["session"]["application"]["applicationId"] = SKILL_ID
    body["context"]["System"]["application"]["applicationId"] = SKILL_ID
    raw = json.dumps(body, indent=1).encode()
    return raw, {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, raw)}


def signed_launch(pki: Pki, **changes: Any) -> tuple[bytes, dict[str, str]]:
    return signed(pki, "launch_request", **changes)


def post(client: FlaskClient, raw: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    response = client.post("/alexa", data=raw, headers=headers, content_type="application/json")
    return response.status_code, response.get_json()


def test_a_signed_request_for_this_skill_is_served(strict: FlaskClient, pki: Pki) -> None:
    raw, headers = signed_launch(pki)
    status, body = post(strict, raw, headers)
    check_response(status, body, "LaunchRequest")
    assert "Welcome to Back Stretch Coach" in body["response"]["outputSpeech"]["ssml"]


def test_a_tampered_body_is_refused_and_the_reason_logged(
    strict: FlaskClient, pki: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    raw, headers = signed_launch(pki)
    tampered = raw.replace(b"LaunchRequest", b"LaunchRequesT")
    with caplog.at_level(logging.WARNING):
        assert post(strict, tampered, headers) == (400, {"error": "bad request"})
    assert any("verification failed" in str(getattr(r, "reason", "")) for r in caplog.records)


def test_a_missing_signature_is_refused(strict: FlaskClient, pki: Pki) -> None:
    raw, headers = signed_launch(pki)
    del headers["Signature-256"]
    assert post(strict, raw, headers)[0] == 400


def test_a_request_for_another_skill_is_refused(strict: FlaskClient, pki: Pki) -> None:
    body = json.loads(signed_launch(pki)[0])
    body["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    raw = json.dumps(body).encode()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, raw)}
    assert post(strict, raw, headers)[0] == 400


def test_a_stale_request_is_refused(strict: FlaskClient, pki: Pki, clock: FakeClock) -> None:
    raw, headers = signed_launch(pki)
    clock.advance(151)
    assert post(strict, raw, headers)[0] == 400


@pytest.mark.parametrize("fault", ["stale", "another skill"])
def test_a_request_refused_by_what_costs_nothing_never_downloads_a_certificate(
    strict: FlaskClient, pki: Pki, fetcher: FakeFetcher, clock: FakeClock, fault: str
) -> None:
    body = json.loads(signed_launch(pki)[0])
    if fault == "another skill":
        body["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    else:
        clock.advance(151)
    raw = json.dumps(body).encode()
    for n in range(20):  # a stranger's made-up URLs and signatures
        headers = {
            "SignatureCertChainUrl": f"https://s3.amazonaws.com/echo.api/{uuid.uuid4().hex}.pem",
            "Signature-256": sign(pki.other_key, raw + bytes([n])),
        }
        assert post(strict, raw, headers)[0] == 400
    assert fetcher.calls == []


def test_a_request_signed_by_another_key_is_refused(strict: FlaskClient, pki: Pki) -> None:
    raw, headers = signed_launch(pki)
    headers["Signature-256"] = sign(pki.other_key, raw)
    assert post(strict, raw, headers)[0] == 400


def test_the_skill_disabled_event_is_verified_like_any_request(
    strict: FlaskClient, pki: Pki, redis_client: redis.Redis
) -> None:
    account = f"amzn1.ask.account.{uuid.uuid4().hex}"
    key = person_key(SECRET, account)
    redis_client.set(key, json.dumps({"v": 3, "rev": 1, "places": [], "disclaimer_given": True}))
    body = envelope(
        "skill_disabled_request", user_id=account, timestamp=NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    body["context"]["System"]["application"]["applicationId"] = SKILL_ID
    raw = json.dumps(body).encode()
    forged = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, raw + b" ")}
    assert post(strict, raw, forged)[0] == 400
    assert redis_client.exists(key)  # a stranger cannot delete anyone's data
    genuine = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, raw)}
    assert post(strict, raw, genuine)[0] == 200
    assert not redis_client.exists(key)
