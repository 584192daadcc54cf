"""Issue 10: a signed request replayed within its window is refused, by every worker, through
Redis; with Redis down the check fails open and says so."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import replace

import pytest
import redis
from flask.testing import FlaskClient

from skill.config import Settings
from skill.verification import build_verifiers
from skill.verification.replay import KEY_PREFIX
from skill.web import create_app
from tests.http.verification.test_http import post, signed_launch
from tests.support.pki import SKILL_ID, FakeClock, FakeFetcher, Pki
from tests.support.speech import content_catalog


def strict_app(settings: Settings, pki: Pki, fetcher: FakeFetcher, clock: FakeClock) -> FlaskClient:
    verifiers = build_verifiers(SKILL_ID, roots=[pki.root], fetcher=fetcher, clock=clock)
    app = create_app(
        replace(settings, verify_requests=True, skill_id=SKILL_ID),
        verifiers=verifiers,
        catalog=content_catalog(),  # the run's one real catalog
    )
    return app.test_client()


def test_a_replayed_signed_request_is_refused(
    settings: Settings,
    pki: Pki,
    fetcher: FakeFetcher,
    clock: FakeClock,
    redis_client: redis.Redis,
) -> None:
    client = strict_app(settings, pki, fetcher, clock)
    raw, headers = signed_launch(pki)
    assert post(client, raw, headers)[0] == 200
    assert post(client, raw, headers) == (400, {"error": "bad request"})
    # Another worker (another app on the same Redis) refuses it too.
    assert post(strict_app(settings, pki, fetcher, clock), raw, headers)[0] == 400
    request_id = json.loads(raw)["request"]["requestId"]
    key = KEY_PREFIX + hashlib.sha256(request_id.encode()).hexdigest()
    assert 0 < int(redis_client.ttl(key)) <= 300
    fresh, fresh_headers = signed_launch(pki)
    assert post(client, fresh, fresh_headers)[0] == 200


def test_with_redis_down_replay_protection_fails_open_and_says_so(
    settings: Settings,
    pki: Pki,
    fetcher: FakeFetcher,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    down = replace(settings, redis_url="redis://127.0.0.1:1/0")
    client = strict_app(down, pki, fetcher, clock)
    raw, headers = signed_launch(pki)
    with caplog.at_level(logging.WARNING):
        assert post(client, raw, headers)[0] == 200
        assert post(client, raw, headers)[0] == 200
    assert any("replay check skipped" in r.getMessage() for r in caplog.records)
