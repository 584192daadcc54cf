"""The adapter between gunicorn's asyncio worker and the Flask app: the whole body read on the
event loop, bounded in size and time, before a thread runs the app (skill.web.asgi)."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import MutableMapping
from importlib.metadata import version
from typing import Any

import pytest
from flask import Flask, Response, request
from gunicorn.workers import gasgi

from skill.web import worker
from skill.web.asgi import WsgiOnAsgi, wsgi_environ


def echo() -> Flask:
    app = Flask(__name__)

    @app.route("/echo", methods=["POST"])
    def handle() -> Response:
        seen = {
            "body": request.get_data(as_text=True),
            "type": request.mimetype,
            "query": request.query_string.decode(),
            "header": request.headers.get("X-Thing"),
            "length": request.content_length,
        }
        return Response(json.dumps(seen), mimetype="application/json", headers={"X-Out": "1"})

    return app


def scope(headers: list[tuple[bytes, bytes]], path: str = "/echo") -> dict[str, Any]:
    return {
        "type": "http",
        "method": "POST",
        "path": path,
        "query_string": b"a=1",
        "headers": headers,
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "http_version": "1.1",
        "scheme": "http",
    }


def serve(
    app: WsgiOnAsgi, headers: list[tuple[bytes, bytes]], chunks: list[bytes], delay: float = 0
) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[MutableMapping[str, Any]] = []
    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]

    async def receive() -> dict[str, Any]:
        if delay:
            await asyncio.sleep(delay)
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope(headers), receive, send))
    start, body = sent
    return start["status"], dict(start["headers"]), body["body"]


APP = WsgiOnAsgi(echo(), threads=2, max_body=100)
JSON = (b"content-type", b"application/json")


def test_a_request_reaches_the_app_whole_with_its_headers_and_query() -> None:
    status, headers, body = serve(
        APP, [JSON, (b"x-thing", b"yes"), (b"content-length", b"7")], [b'{"a"', b":1}"]
    )
    assert status == 200
    assert headers[b"x-out"] == b"1"
    seen = json.loads(body)
    assert seen == {
        "body": '{"a":1}',
        "type": "application/json",
        "query": "a=1",
        "header": "yes",
        "length": 7,
    }


def test_a_chunked_body_reaches_the_app_with_its_length() -> None:
    headers = [JSON, (b"transfer-encoding", b"chunked")]
    status, _, body = serve(APP, headers, [b"ab", b"cd", b""])
    assert status == 200
    assert json.loads(body)["body"] == "abcd"
    assert json.loads(body)["length"] == 4


def test_a_declared_body_over_the_limit_is_refused_unread() -> None:
    status, headers, body = serve(APP, [JSON, (b"content-length", b"101")], [])
    assert status == 413
    assert headers[b"connection"] == b"close"
    assert json.loads(body) == {"error": "request too large"}


def test_a_body_growing_past_the_limit_is_refused() -> None:
    status, _, _ = serve(APP, [JSON], [b"x" * 60, b"x" * 60])
    assert status == 413


def test_a_length_that_is_not_a_number_is_a_bad_request() -> None:
    assert serve(APP, [JSON, (b"content-length", b"ten")], [b"x"])[0] == 400


def test_a_body_slower_than_its_deadline_is_refused() -> None:
    # The body takes at least 0.08 s (a busy machine only makes it slower): twice its deadline.
    slow = WsgiOnAsgi(echo(), threads=1, max_body=100, body_deadline_s=0.04)
    status, _, body = serve(slow, [JSON], [b"a", b"b", b"c", b"d"], delay=0.02)
    assert status == 408
    assert json.loads(body) == {"error": "request timeout"}


def test_a_client_gone_before_its_body_gets_nothing() -> None:
    sent: list[object] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(APP(scope([JSON]), receive, send))
    assert sent == []


def test_lifespan_starts_and_stops_the_threads_it_made() -> None:
    app = WsgiOnAsgi(echo(), threads=1, max_body=100)
    assert serve(app, [JSON], [b"x"])[0] == 200
    pool = app.pool
    events = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return events.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "lifespan"}, receive, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    with pytest.raises(RuntimeError):
        pool.submit(print)


def test_the_environ_is_pep_3333s() -> None:
    environ = wsgi_environ(scope([JSON, (b"x-a", b"1"), (b"x-a", b"2")], "/caf\u00e9"), b"xyz")
    assert environ["PATH_INFO"] == "/caf\u00e9".encode().decode("latin-1")
    assert environ["HTTP_X_A"] == "1,2"
    assert environ["CONTENT_TYPE"] == "application/json"
    assert environ["CONTENT_LENGTH"] == "3"
    assert environ["wsgi.input"].read() == b"xyz"
    assert (environ["SERVER_NAME"], environ["SERVER_PORT"]) == ("127.0.0.1", "8000")
    assert environ["REMOTE_ADDR"] == "127.0.0.1"


def test_gunicorn_is_the_release_the_head_deadline_was_checked_against() -> None:
    """skill/web/worker.py points gunicorn's asyncio worker at its own protocol by a module name
    internal to this release; another release must be checked (and the pin moved) first."""
    assert version("gunicorn") == worker.CHECKED_WITH
    assert "ASGIProtocol(self)" in inspect.getsource(gasgi.ASGIWorker)
