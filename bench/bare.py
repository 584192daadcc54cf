"""The baseline for bench/load.py: a bare Flask endpoint doing one Redis GET and one SET.

Served by the same gunicorn config as the skill:
`gunicorn -c python:skill.gunicorn_conf 'bench.bare:application()'` (REDIS_URL must be set)."""

from __future__ import annotations

import json
import os

import redis
from flask import Flask, Response, request

from skill.web.asgi import WsgiOnAsgi
from skill.web.serving import asgi_application


def application() -> WsgiOnAsgi:
    """The bare app, with its own Redis pool (built in each worker, after the fork), served the
    way the skill is (skill.web.serving.asgi_application)."""
    return asgi_application(flask_app())


def flask_app() -> Flask:
    """The bare Flask app."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=0.3)
    app = Flask(__name__)

    @app.post("/alexa")
    def alexa() -> Response:
        body = request.get_data()
        key = "bench:bare:" + str(len(body) % 97)
        previous = client.get(key)
        client.set(key, body[:256], ex=3600)
        payload = {"version": "1.0", "seen": previous is not None}
        return Response(json.dumps(payload), mimetype="application/json")

    @app.get("/healthz")
    def healthz() -> Response:
        return Response('{"status": "ok"}', mimetype="application/json")

    return app
