"""Issue 23: strangers sending made-up certificate URLs cannot shut out Alexa's own requests.

Each stranger's request passes every check that costs nothing (our skill id, a current
timestamp, a well-formed signature and URL), so each one reaches a certificate download; the
served app's stand-in for S3 answers 403 for every name but Amazon's chain, as S3 does. Each
test starts its own gunicorn (two workers), so Amazon's chain is new to both workers when the
flood starts: the case that let 30 requests shut the skill out for a minute."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.sockets.serving.conftest import APP, SignedServer, app_env, delta, metric_values
from tests.sockets.serving.signing import TEMPLATE_SKILL_ID, TestPki
from tests.support.alexa import envelope
from tests.support.servers import gunicorn, http_post


@pytest.fixture
def fresh(debian_redis: str, pki: TestPki, tmp_path: Path) -> Iterator[SignedServer]:
    """A server whose workers have downloaded no certificate yet."""
    with gunicorn(app_env(debian_redis, pki, tmp_path), tmp_path / "server.log", [APP]) as (
        process,
        url,
    ):
        yield SignedServer(url, tmp_path, pki, process.pid)


def stranger(url: str, n: int) -> int:
    """A request as a stranger who knows the skill id can make it: all but the signature."""
    body = envelope("launch_request", user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    body["context"]["System"]["application"]["applicationId"] = TEMPLATE_SKILL_ID
    body["session"]["application"]["applicationId"] = TEMPLATE_SKILL_ID
    # Half use names like Amazon's, half anything under /echo.api/.
    name = f"echo-api-cert-{n % 99 + 1}.pem" if n % 2 else f"{uuid.uuid4().hex}.pem"
    headers = {
        "SignatureCertChainUrl": f"https://s3.amazonaws.com/echo.api/{name}",
        "Signature-256": base64.b64encode(os.urandom(256)).decode(),
        "Content-Type": "application/json",
    }
    return http_post(f"{url}/alexa", json.dumps(body).encode(), headers)[0]


def genuine(served: SignedServer) -> tuple[int, float, bool]:
    """A launch signed as Alexa signs it: status, seconds to answer, and whether it was spoken."""
    body, headers = served.pki.signed(
        envelope("launch_request", user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    )
    started = time.monotonic()
    status, raw = http_post(f"{served.url}/alexa", body, headers)
    took = time.monotonic() - started
    spoken = status == 200 and "outputSpeech" in json.loads(raw).get("response", {})
    return status, took, spoken


def test_a_burst_of_made_up_urls_leaves_every_genuine_request_answered(fresh: SignedServer) -> None:
    before = metric_values(fresh.url)
    with ThreadPoolExecutor(max_workers=30) as pool:
        refused = list(pool.map(lambda n: stranger(fresh.url, n), range(30)))
    assert refused == [400] * 30
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: genuine(fresh), range(8)))
    assert [status for status, _, _ in answers] == [200] * 8
    assert all(spoken for _, _, spoken in answers)
    assert max(took for _, took, _ in answers) < 1.0
    # The made-up names cost at most the limit (10 a minute a worker) and one download each for
    # the Amazon-like ones: 15 of them.
    after = metric_values(fresh.url)
    failed = delta(before, after, "bsc_certificate_downloads_total", outcome="failed")
    assert 0 < failed <= 15 + 2 * 10


def test_a_sustained_flood_leaves_every_genuine_request_answered(fresh: SignedServer) -> None:
    """Twenty made-up URLs a second for eight seconds (the probe's 36 a minute, times 33), with
    a genuine request every half second once the flood has spent any limit."""
    stop = threading.Event()
    flood: list[int] = []

    def flooding() -> None:
        n = 0
        while not stop.is_set():
            flood.append(stranger(fresh.url, n))
            n += 1
            time.sleep(0.1)

    flooders = [threading.Thread(target=flooding) for _ in range(2)]
    for thread in flooders:
        thread.start()
    try:
        time.sleep(2)  # 40 made-up URLs: more than both workers' limits, before Alexa's first
        answers = []
        for _ in range(12):
            answers.append(genuine(fresh))
            time.sleep(0.5)
    finally:
        stop.set()
        for thread in flooders:
            thread.join(10)
    assert len(flood) > 100
    assert set(flood) == {400}
    assert [status for status, _, _ in answers] == [200] * 12
    assert all(spoken for _, _, spoken in answers)
    assert max(took for _, took, _ in answers) < 1.0
