"""GET /healthz (this process answers) and GET /readyz (Redis answers, content loaded)."""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Response

from skill.web.services import services

blueprint = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def _json(payload: dict[str, str], status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, mimetype="application/json")


@blueprint.get("/healthz")
def healthz() -> Response:
    """Liveness: 200 whenever this process answers HTTP. Touches nothing else."""
    return _json({"status": "ok"})


@blueprint.get("/readyz")
def readyz() -> Response:
    """Readiness: 200 when Redis answers PING and routines are loaded, else 503."""
    svc = services()
    try:
        redis_ok = bool(svc.redis.ping())
    except Exception as exc:  # any failure to reach Redis means not ready, never a 500
        log.warning("not ready: redis %s", type(exc).__name__)
        redis_ok = False
    content_ok = svc.catalog is not None and bool(svc.catalog.routines)
    ready = redis_ok and content_ok
    return _json(
        {
            "status": "ready" if ready else "unready",
            "redis": "ok" if redis_ok else "unavailable",
            "content": "ok" if content_ok else "missing",
        },
        200 if ready else 503,
    )
