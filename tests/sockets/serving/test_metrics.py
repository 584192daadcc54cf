"""GET /metrics under gunicorn with two workers: totals add up across workers; bounded labels."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from tests.sockets.serving.conftest import SignedServer, delta, metric_values
from tests.support.alexa import AlexaSession, carried_step, envelope
from tests.support.servers import http_post

pytestmark = pytest.mark.servers

PEOPLE = 24


def step_of(session: AlexaSession) -> int:
    """The step the person's session says they are on."""
    step = carried_step(session.attributes)
    return step


def dialog(person: AlexaSession) -> list[int]:
    """Start, next, repeat and an intent the skill does not know; the steps after each."""
    steps = []
    for say in ("start", "AMAZON.NextIntent", "AMAZON.RepeatIntent", "MadeUpIntent"):
        reply = person.start() if say == "start" else person.say(say)
        assert reply.status == 200, reply.body
        assert "outputSpeech" in reply.response
        steps.append(step_of(person))
    return steps


def test_many_people_on_two_workers_add_up_in_one_scrape(served: SignedServer) -> None:
    before = metric_values(served.url)
    people = [served.person() for _ in range(PEOPLE)]
    with ThreadPoolExecutor(8) as pool:
        walks = list(pool.map(dialog, people))
    after = metric_values(served.url)

    assert walks == [[0, 1, 1, 1]] * PEOPLE
    requests = "bsc_alexa_requests_total"
    assert delta(before, after, requests, type="IntentRequest", intent="StartRoutineIntent") == 24
    assert delta(before, after, requests, type="IntentRequest", intent="AMAZON.NextIntent") == 24
    assert delta(before, after, requests, type="IntentRequest", intent="AMAZON.RepeatIntent") == 24
    assert delta(before, after, requests, type="IntentRequest", intent="other") == 24
    assert not any(labels and "MadeUpIntent" in str(labels) for _, labels in after)
    latency = "bsc_alexa_request_seconds_count"
    assert delta(before, after, latency, type="IntentRequest") == 4 * PEOPLE
    # Every Alexa request lands in a latency bucket no larger than +Inf, and the sum is positive.
    assert delta(before, after, "bsc_alexa_request_seconds_sum", type="IntentRequest") > 0

    writers = {
        match.group(1)
        for path in (served.folder / "metrics").glob("*.db")
        if (match := re.search(r"_(\d+)\.db$", path.name))
    }
    assert len(writers) >= 2, f"only {writers} wrote metrics: the requests did not reach 2 workers"


def test_a_downloaded_certificate_chain_is_reused(served: SignedServer) -> None:
    assert served.person().launch().status == 200
    before = metric_values(served.url)
    for _ in range(10):  # one at a time: a worker that has not needed the chain yet fetches it once
        assert served.person().launch().status == 200
    after = metric_values(served.url)
    downloads = "bsc_certificate_downloads_total"
    assert after[(downloads, frozenset({("outcome", "ok")}))] >= 1
    assert delta(before, after, downloads, outcome="ok") <= 1
    assert delta(before, after, downloads, outcome="failed") == 0


def test_verification_failures_are_counted_by_reason(served: SignedServer) -> None:
    def refused(body_json: dict[str, object], headers: dict[str, str] | None = None) -> int:
        body = json.dumps(body_json).encode()
        status, _ = http_post(f"{served.url}/alexa", body, headers or served.pki.headers(body))
        return status

    fresh = envelope("launch_request")
    before = metric_values(served.url)
    assert refused(fresh, {"Content-Type": "application/json"}) == 400
    assert refused(fresh, served.pki.headers(b"some other body")) == 400
    stale = envelope("launch_request", timestamp=_ago(minutes=10))
    assert refused(stale) == 400
    other_skill = envelope("launch_request")
    other_skill["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.other"
    assert refused(other_skill) == 400
    replayed = envelope("launch_request")
    assert refused(replayed) == 200
    assert refused(replayed) == 400
    after = metric_values(served.url)

    failures = "bsc_verification_failures_total"
    for reason in ("headers", "signature", "timestamp", "skill_id", "replay"):
        assert delta(before, after, failures, reason=reason) == 1, reason
    assert delta(before, after, "bsc_requests_refused_total", status="400") == 5
    assert (  # only the first of the replayed pair was answered
        delta(before, after, "bsc_alexa_requests_total", type="LaunchRequest", intent="none") == 1
    )


def _ago(minutes: int) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
