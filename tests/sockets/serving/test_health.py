"""/healthz, /readyz and the Redis error count, in-process against a real and a missing Redis."""

from __future__ import annotations

import json
from dataclasses import replace

from flask.testing import FlaskClient

from skill.config import Settings
from skill.domain.state import Conversation
from skill.store.codec import conversation_to_session
from skill.web import create_app
from tests.support.alexa import envelope
from tests.support.servers import free_port
from tests.support.speech import content_catalog


def redis_errors(client: FlaskClient, operation: str) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    text = client.get("/metrics").get_data(as_text=True)
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "bsc_redis_errors_total" and sample.labels["operation"] == operation
    )


def test_ready_when_redis_answers_and_content_is_loaded(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "redis": "ok", "content": "ok"}


def test_without_redis_alive_but_not_ready_and_the_errors_are_counted(settings: Settings) -> None:
    gone = replace(settings, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    client = create_app(gone, catalog=content_catalog()).test_client()  # builds without connecting
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["redis"] == "unavailable"

    before = redis_errors(client, "getex")
    reply = client.post(
        "/alexa", data=json.dumps(envelope("launch_request")), content_type="application/json"
    )
    assert reply.status_code == 200
    assert "outputSpeech" in reply.get_json()["response"]
    assert redis_errors(client, "getex") == before + 1
    assert redis_errors(client, "ping") >= 1

    # A turn that saves (this session carries a place an earlier turn could not save).
    unsaved = conversation_to_session(Conversation(), unsaved=True)
    before = redis_errors(client, "eval")
    body = envelope("intent_request", intent="AMAZON.HelpIntent", new=False, attributes=unsaved)
    reply = client.post("/alexa", data=json.dumps(body), content_type="application/json")
    assert reply.status_code == 200
    assert redis_errors(client, "eval") == before + 1


def test_metrics_is_prometheus_text(client: FlaskClient) -> None:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert "# TYPE bsc_alexa_request_seconds histogram" in response.get_data(as_text=True)
