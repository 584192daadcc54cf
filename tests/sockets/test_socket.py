"""The used lines over a real HTTP socket, served by waitress as `make run` does.

The server runs on the fixture content; the assertions read places, names and numbers."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest

from skill.domain.routines import Catalog
from skill.simulator.transport import over_http
from skill.voice.numbers import words
from tests.support.alexa import AlexaSession
from tests.support.checks import checked
from tests.support.served import Served


@pytest.fixture
def base_url(skill_server: Served) -> str:
    """`python -m skill serve` on the fixture content (tests/sockets/conftest.py)."""
    return skill_server.url


def test_start_next_repeat_hold_pause_then_resume_in_a_new_session(
    base_url: str, small_catalog: Catalog
) -> None:
    routine = small_catalog.routines[0]
    person = AlexaSession(
        checked(over_http(f"{base_url}/alexa")), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}"
    )

    first = person.start(routine.name, routine.id)
    assert first.at == f"{routine.id} 0 active"
    assert first.says(routine.steps[0].move.name)

    nxt = person.say("AMAZON.NextIntent")
    assert nxt.at == f"{routine.id} 1 active"
    assert nxt.says(routine.steps[1].move.name)
    assert nxt.pauses

    again = person.say("AMAZON.RepeatIntent")
    assert again.at == f"{routine.id} 1 active"
    assert again.pauses == nxt.pauses

    hold = person.say("HoldDurationIntent")
    assert hold.says(words(routine.steps[1].part.hold.low))

    paused = person.say("AMAZON.PauseIntent")
    assert paused.ends_session
    assert paused.at == f"{routine.id} 1 paused"
    assert person.session_id is None

    welcome = person.launch()
    assert welcome.offer == "resume"
    assert welcome.says(routine.steps[1].move.name)
    assert not welcome.ends_session

    resumed = person.say("AMAZON.YesIntent")
    assert resumed.at == f"{routine.id} 1 active"
    assert resumed.says(routine.steps[1].move.name)
    assert resumed.pauses == nxt.pauses


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
