"""GET /metrics: Prometheus counters and a latency histogram, correct under several workers.

Under gunicorn, skill/gunicorn_conf.py sets PROMETHEUS_MULTIPROC_DIR before this module is
imported, so every worker writes its values there and /metrics adds them up across workers.
Label values come from small fixed sets, so a stranger cannot grow the number of series."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint, Flask, Response, current_app
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

blueprint = Blueprint("metrics", __name__)
EXTENSION = "coach.metrics"
OTHER = "other"
NONE = "none"

REQUEST_TYPES = frozenset(
    {
        "LaunchRequest",
        "IntentRequest",
        "SessionEndedRequest",
        "System.ExceptionEncountered",
        "CanFulfillIntentRequest",
        "Alexa.Presentation.APL.UserEvent",  # a touch on the screen
        "Connections.Response",  # the answer to asking for the reminders permission by voice
    }
)
# The first matching phrase of a refusal's reason names its label; anything else is "other".
VERIFICATION_REASONS = (
    ("header", "headers"),
    ("certificate URL", "certificate_url"),
    ("certificate download", "certificate_download"),
    ("certificate chain", "certificate_chain"),
    ("signing certificate", "certificate_chain"),
    ("Signature-256", "signature"),
    ("request body", "signature"),
    ("request.timestamp", "timestamp"),
    ("applicationId", "skill_id"),
    ("already seen", "replay"),
)
REASON_LABELS = frozenset({label for _, label in VERIFICATION_REASONS} | {OTHER})
REDIS_OPERATIONS = frozenset({"getex", "set", "delete", "ping", "eval"})

REQUESTS = Counter(
    "bsc_alexa_requests",
    "Alexa requests answered, by request type and intent (unknown values are 'other').",
    ["type", "intent"],
)
LATENCY = Histogram(
    "bsc_alexa_request_seconds",
    "Time to answer an Alexa request, verification included.",
    ["type"],
    buckets=(0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 8.0),
)
REFUSED = Counter("bsc_requests_refused", "Requests refused, by HTTP status.", ["status"])
VERIFICATION_FAILURES = Counter(
    "bsc_verification_failures", "Requests that failed verification, by reason.", ["reason"]
)
REDIS_ERRORS = Counter("bsc_redis_errors", "Redis commands that failed.", ["operation"])
CERT_DOWNLOADS = Counter(
    "bsc_certificate_downloads", "Downloads of Alexa's signing certificate chain.", ["outcome"]
)


# Each label pair's two series, looked up once (labels() takes a lock and builds them a key).
_answered: dict[tuple[str, str], tuple[Counter, Histogram]] = {}


def install(app: Flask, intents: Iterable[str]) -> None:
    """Serve /metrics from app and label requests with these known intent names."""
    app.extensions[EXTENSION] = frozenset(intents)
    app.register_blueprint(blueprint)


def answered(request_type: str, intent: Any, seconds: float) -> None:
    """Count an answered Alexa request (its type, and intent's name: any JSON value, or None
    when absent) and its latency."""
    kind = request_type if request_type in REQUEST_TYPES else OTHER
    known: frozenset[str] = current_app.extensions.get(EXTENSION, frozenset())
    # Labels are bounded, and only strings are looked up: a fuzzed name may be any JSON value.
    label = (
        NONE if intent is None else intent if isinstance(intent, str) and intent in known else OTHER
    )
    series = _answered.get((kind, label))
    if series is None:  # a few dozen pairs at most: the labels come from fixed sets
        series = _answered[kind, label] = (
            REQUESTS.labels(type=kind, intent=label),
            LATENCY.labels(type=kind),
        )
    count, latency = series
    count.inc()
    latency.observe(seconds)


def refused(status: int, reason: str) -> None:
    """Count a refused request; verification failures also by why."""
    REFUSED.labels(status=str(status)).inc()
    if reason.startswith("verification failed"):
        VERIFICATION_FAILURES.labels(reason=verification_reason(reason)).inc()


def verification_reason(reason: str) -> str:
    """The fixed label for a verification failure's logged reason."""
    return next((label for phrase, label in VERIFICATION_REASONS if phrase in reason), OTHER)


def redis_error(operation: str) -> None:
    """Count a failed Redis command."""
    REDIS_ERRORS.labels(operation=operation if operation in REDIS_OPERATIONS else OTHER).inc()


def counted_downloads(fetch: Callable[[str], bytes]) -> Callable[[str], bytes]:
    """fetch, with every download counted as ok or failed."""

    def counted(url: str) -> bytes:
        try:
            pem = fetch(url)
        except BaseException:
            CERT_DOWNLOADS.labels(outcome="failed").inc()
            raise
        CERT_DOWNLOADS.labels(outcome="ok").inc()
        return pem

    return counted


@blueprint.get("/metrics")
def metrics() -> Response:
    """Prometheus text format: every worker's values added up when several share a directory."""
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST})
