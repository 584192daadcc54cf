"""Echo Show and other screens through the Flask app with real Alexa envelopes: a screen device's
steps carry the step document filled for that step; a voice-only device's responses are exactly
what they were; the screen's buttons move a person exactly as saying the words would.

On the fixture content (tests/fixtures/content); meaning, not wording, is asserted."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from skill.alexa.handlers.touch import BUTTONS
from skill.domain.routines import Catalog, Routine
from skill.screen.step import STEP_TOKEN, document
from skill.voice.ssml import ssml_seconds
from tests.support.alexa import RENDER_DOCUMENT, AlexaSession, SkillResponse, flask_transport
from tests.support.faults import a_bug_in_narration


@pytest.fixture
def app(small_app: Flask) -> Flask:
    """The app on the fixture content."""
    return small_app


@pytest.fixture(scope="module")
def routine(small_catalog: Catalog) -> Routine:
    """A moving rep with no hold, a two-sided held move, and a move with a variant."""
    return small_catalog.routines[0]


def someone(client: FlaskClient, screen: bool | str) -> AlexaSession:
    """A new person, on an Echo Show (with an APL runtime up to screen, if a str) or on a
    speaker with no screen."""
    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    return AlexaSession(flask_transport(client), user_id=user, screen=screen)


def start(person: AlexaSession, routine: Routine) -> SkillResponse:
    """'start <routine>', resolved by Alexa to its id."""
    return person.start(routine.name, routine.id)


def without_screen(reply: SkillResponse) -> dict[str, Any]:
    """The response body with any screen directive taken out."""
    body: dict[str, Any] = {**reply.body, "response": dict(reply.response)}
    kept = [d for d in reply.directives if d["type"] != RENDER_DOCUMENT]
    body["response"].pop("directives", None)
    if kept:
        body["response"]["directives"] = kept
    return body


def test_each_narrated_step_on_a_screen_renders_the_step_document(
    client: FlaskClient, routine: Routine
) -> None:
    person = someone(client, screen=True)
    first = start(person, routine)
    (directive,) = first.directives
    assert directive["type"] == RENDER_DOCUMENT
    assert directive["token"] == STEP_TOKEN
    assert directive["document"] == document()
    shown = first.screen
    assert shown is not None
    assert shown["move"].lower() == routine.steps[0].move.name
    assert shown["place"] == f"Move 1 of {len(routine.moves)}"
    assert shown["side"] == ""
    assert shown["reps"] == f"{routine.steps[0].part.reps.value} reps"
    assert shown["setup"] == routine.steps[0].move.setup

    second = person.say("AMAZON.NextIntent")
    step = routine.steps[1]
    shown = second.screen
    assert shown is not None
    assert second.at == f"{routine.id} 1 active"
    assert shown["move"].lower() == step.move.name
    assert shown["place"] == f"Move 2 of {len(routine.moves)}"
    assert shown["side"].lower() == step.part.label
    labels = [tick["label"] for tick in shown["timeline"]]
    assert labels == [f"Hold {n} of {step.part.reps.value}" for n in step.part.rep_numbers]


def test_the_countdown_runs_with_the_narrated_holds(client: FlaskClient, routine: Routine) -> None:
    person = someone(client, screen=True)
    start(person, routine)
    reply = person.say("AMAZON.NextIntent")
    shown = reply.screen
    assert shown is not None
    hold = routine.steps[1].part.hold.value
    ticks = shown["timeline"]
    for tick in ticks:
        assert tick["from"] < tick["hold"] < tick["until"]
        assert abs((tick["until"] - tick["hold"]) - hold * 1000) < 500
    assert [t["from"] for t in ticks] == sorted(t["from"] for t in ticks)
    assert ticks[0]["from"] == shown["startsAt"]
    assert ticks[-1]["until"] == shown["endsAt"]
    # The holds end before the speech does: the release and "say next" come after them.
    assert shown["endsAt"] < ssml_seconds(reply.ssml) * 1000


def test_a_voice_only_device_gets_exactly_the_response_it_always_did(
    client: FlaskClient, routine: Routine
) -> None:
    speaker, show = someone(client, screen=False), someone(client, screen=True)
    turns: list[Callable[[AlexaSession], SkillResponse]] = [
        lambda p: start(p, routine),
        lambda p: p.say("AMAZON.NextIntent"),
        lambda p: p.say("HoldDurationIntent"),
        lambda p: p.say("AMAZON.RepeatIntent"),
        lambda p: p.say("AMAZON.HelpIntent"),
        lambda p: p.say("AMAZON.PauseIntent"),
        lambda p: p.launch(),
    ]
    for turn in turns:
        heard, seen = turn(speaker), turn(show)
        assert "directives" not in heard.response
        assert heard.body == without_screen(seen)
    assert any(reply.screen for reply in show.replies)


@pytest.mark.parametrize("button", sorted(BUTTONS))
def test_a_button_does_what_saying_it_does(
    client: FlaskClient, routine: Routine, button: str
) -> None:
    talker, toucher = someone(client, screen=True), someone(client, screen=True)
    for person in (talker, toucher):
        start(person, routine)
        person.say("AMAZON.NextIntent")
    said, touched = talker.say(BUTTONS[button]), toucher.touch(button)
    assert touched.at == said.at
    assert touched.ssml == said.ssml
    assert touched.ends_session == said.ends_session
    assert without_screen(touched)["sessionAttributes"] == without_screen(said)["sessionAttributes"]


def test_next_on_the_screen_moves_to_the_next_step(client: FlaskClient, routine: Routine) -> None:
    person = someone(client, screen=True)
    start(person, routine)
    moved = person.touch("next")
    assert moved.at == f"{routine.id} 1 active"
    shown = moved.screen
    assert shown is not None
    assert shown["move"].lower() == routine.steps[1].move.name
    assert shown["timeline"]


@pytest.mark.parametrize("arguments", [("dance",), (), (42,), ({"press": "next"},)])
def test_an_unknown_touch_is_answered_as_not_understood(
    client: FlaskClient, routine: Routine, arguments: tuple[Any, ...]
) -> None:
    talker, toucher = someone(client, screen=True), someone(client, screen=True)
    for person in (talker, toucher):
        start(person, routine)
    said, touched = talker.say("AMAZON.FallbackIntent"), toucher.touch(*arguments)
    assert touched.status == 200
    assert touched.at == said.at == f"{routine.id} 0 active"
    assert touched.ssml == said.ssml
    assert not touched.ends_session


def test_other_replies_mid_step_show_the_step_without_a_countdown(
    client: FlaskClient, routine: Routine
) -> None:
    person = someone(client, screen=True)
    start(person, routine)
    person.say("AMAZON.NextIntent")
    for intent in ("HoldDurationIntent", "PainIntent", "WhereAmIIntent"):
        shown = person.say(intent).screen
        assert shown is not None, intent
        assert shown["move"].lower() == routine.steps[1].move.name
        assert shown["timeline"] == []
        assert shown["startsAt"] == shown["endsAt"] == 0


def test_nothing_is_rendered_as_the_session_ends_or_with_no_step(
    client: FlaskClient, routine: Routine
) -> None:
    person = someone(client, screen=True)
    assert person.launch().directives == []  # the welcome: no routine, no step to show
    start(person, routine)
    paused = person.touch("pause")
    assert paused.ends_session
    assert paused.directives == []


@pytest.mark.parametrize("runtime", ["1.6", "1.7"])
def test_a_screen_too_old_for_the_document_gets_the_voice_only_response(
    client: FlaskClient, routine: Routine, runtime: str
) -> None:
    old, speaker = someone(client, screen=runtime), someone(client, screen=False)
    for turn in (lambda p: start(p, routine), lambda p: p.say("AMAZON.NextIntent")):
        seen, heard = turn(old), turn(speaker)
        assert seen.screen is None
        assert seen.body == heard.body


def _no_device(context: dict[str, Any]) -> None:
    del context["System"]["device"]


def _null_device(context: dict[str, Any]) -> None:
    context["System"]["device"] = None


def _null_interfaces(context: dict[str, Any]) -> None:
    context["System"]["device"]["supportedInterfaces"] = None


@pytest.mark.parametrize("strip", [_no_device, _null_device, _null_interfaces])
def test_a_request_naming_no_device_or_interfaces_is_voice_only(
    client: FlaskClient, routine: Routine, strip: Callable[[dict[str, Any]], None]
) -> None:
    post = flask_transport(client)

    def stripped(body: bytes) -> tuple[int, dict[str, Any]]:
        envelope = json.loads(body)
        strip(envelope["context"])
        return post(json.dumps(envelope).encode())

    user = f"amzn1.ask.account.{uuid.uuid4().hex}"
    odd = AlexaSession(stripped, user_id=user)
    speaker = someone(client, screen=False)
    for turn in (lambda p: start(p, routine), lambda p: p.say("AMAZON.NextIntent")):
        seen, heard = turn(odd), turn(speaker)
        assert seen.screen is None
        assert seen.body == heard.body  # the step, not an apology
    assert odd.replies[-1].at is not None
    assert odd.replies[-1].at == speaker.replies[-1].at


def test_a_touch_from_another_document_is_not_taken_for_a_step_button(
    client: FlaskClient, routine: Routine
) -> None:
    talker, toucher = someone(client, screen=True), someone(client, screen=True)
    for person in (talker, toucher):
        start(person, routine)
    said = talker.say("AMAZON.FallbackIntent")
    touched = toucher.send("user_event_request", arguments=["next"], token="some-other-document")
    assert touched.at == said.at == f"{routine.id} 0 active"
    assert touched.ssml == said.ssml


def test_an_internal_fault_shows_the_step_without_a_countdown(
    client: FlaskClient, routine: Routine
) -> None:
    person = someone(client, screen=True)
    start(person, routine)
    person.say("AMAZON.NextIntent")

    with a_bug_in_narration():
        reply = person.say("AMAZON.NextIntent")
    assert reply.at == f"{routine.id} 1 active"
    shown = reply.screen
    assert shown is not None  # the countdown of the step before is replaced
    assert shown["move"].lower() == routine.steps[1].move.name
    assert shown["timeline"] == []
