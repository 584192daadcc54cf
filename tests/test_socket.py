"""The used lines of issue 2 over a real HTTP socket, served by waitress as `make run` does."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from waitress.server import create_server

from tests.alexa import AlexaSession, Transport
from tests.checks import check_response


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    server = create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]
    finally:
        server.close()
        thread.join(timeout=5)


def http_transport(base_url: str) -> Transport:
    def post(body: bytes) -> tuple[int, Any]:
        request = urllib.request.Request(  # noqa: S310 - a loopback URL the test built
            f"{base_url}/alexa",
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status, payload = response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            status, payload = error.code, json.loads(error.read() or b"null")
        check_response(status, payload, json.loads(body)["request"]["type"])
        return status, payload

    return post


def test_start_next_repeat_hold_pause_then_resume_in_a_new_session(base_url: str) -> None:
    person = AlexaSession(http_transport(base_url), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")

    first = person.start("lower back")
    assert "Move one of five, pelvic tilt." in first.text

    knee = person.send("intent_request", intent="AMAZON.NextIntent")
    assert "Move two of five, knee to chest." in knee.text

    again = person.say("AMAZON.RepeatIntent")
    assert again.text.startswith("Again: knee to chest, left leg.")

    hold = person.say("HoldDurationIntent")
    assert "Hold for ten seconds" in hold.text

    paused = person.say("AMAZON.PauseIntent")
    assert paused.ends_session
    assert person.session_id is None

    welcome = person.launch()
    assert welcome.text.startswith("Welcome back. You stopped at knee to chest, left leg")
    assert not welcome.ends_session

    resumed = person.say("AMAZON.YesIntent")
    assert resumed.text.startswith("Picking up lower back stretches at knee to chest, left leg.")
    assert "Hold for ten seconds." in resumed.text


def test_health_over_the_socket(base_url: str) -> None:
    with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:  # noqa: S310
        assert response.status == 200
        assert json.loads(response.read())["status"] == "ok"


def test_garbage_over_the_socket_is_a_400_not_a_500(base_url: str) -> None:
    request = urllib.request.Request(  # noqa: S310
        f"{base_url}/alexa", data=b"\x00garbage", headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310
    assert refused.value.code == 400
    assert b"Traceback" not in refused.value.read()
