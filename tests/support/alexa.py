"""Alexa's side of a conversation for tests: real envelopes from tests/requests, sessions kept."""

from __future__ import annotations

import copy
import functools
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from skill.simulator.transport import Transport, in_process
from skill.store.codec import conversation_from_session, session_document
from skill.voice.ssml import break_lengths_ms
from tests.support.checks import checked

REQUESTS = Path(__file__).resolve().parent.parent / "requests"
RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"


@functools.cache
def _stored(name: str) -> str:
    """A file of tests/requests, read once per run (every turn of every test starts from one)."""
    return (REQUESTS / f"{name}.json").read_text()


def envelope(template: str, **changes: Any) -> dict[str, Any]:
    """A stored request envelope with ids, timestamp and session filled in."""
    body: dict[str, Any] = json.loads(_stored(template))
    user_id = changes.get("user_id", "amzn1.ask.account.TESTUSER")
    body["context"]["System"]["user"]["userId"] = user_id
    request = body["request"]
    request["requestId"] = f"amzn1.echo-api.request.{uuid.uuid4()}"
    request["timestamp"] = changes.get("timestamp") or datetime.now(UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    if "session" in body:
        session = body["session"]
        session["user"]["userId"] = user_id
        session["sessionId"] = changes.get("session_id", f"amzn1.echo-api.session.{uuid.uuid4()}")
        session["new"] = changes.get("new", True)
        session["attributes"] = copy.deepcopy(changes.get("attributes") or {})
    if "intent" in changes:
        request["intent"]["name"] = changes["intent"]
        request["intent"].pop("slots", None)
    if "slots" in changes:  # plain slots, as Alexa fills built-in types: name -> value
        request["intent"]["slots"] = {
            name: {"name": name, "value": value, "confirmationStatus": "NONE"}
            for name, value in changes["slots"].items()
        }
    if "routine" in changes:
        slot = request["intent"]["slots"]["routine"]
        heard, resolved_id = changes["routine"]
        slot["value"] = slot["slotValue"]["value"] = heard
        for container in (slot, slot["slotValue"]):
            authority = container["resolutions"]["resolutionsPerAuthority"][0]
            if resolved_id is None:
                authority["status"]["code"] = "ER_SUCCESS_NO_MATCH"
                authority.pop("values", None)
            else:
                authority["values"][0]["value"]["id"] = resolved_id
    if "person_id" in changes:
        body["context"]["System"]["person"] = {"personId": changes["person_id"]}
    if "reason" in changes:
        request["reason"] = changes["reason"]
    if "locale" in changes:  # None: a request that does not say
        request.pop("locale")
        if changes["locale"] is not None:
            request["locale"] = changes["locale"]
    if "arguments" in changes:
        request["arguments"] = changes["arguments"]
    if "token" in changes:
        request["token"] = changes["token"]
    if "permission" in changes:  # the answer to a voice permission request
        request["payload"]["status"] = changes["permission"]
    if "api_endpoint" in changes:
        body["context"]["System"]["apiEndpoint"] = changes["api_endpoint"]
    if "device_id" in changes:
        body["context"]["System"]["device"]["deviceId"] = changes["device_id"]
    if changes.get("screen"):
        screen = changes["screen"]
        with_screen(body, screen if isinstance(screen, str) else None)
    return body


def with_screen(body: dict[str, Any], apl_runtime: str | None = None) -> dict[str, Any]:
    """The envelope as an Echo Show sends it: APL in supportedInterfaces (its runtime's
    maxVersion apl_runtime, when given), and its Viewport."""
    screen = json.loads(_stored("screen_device_context"))
    if apl_runtime is not None:
        apl = screen["System"]["device"]["supportedInterfaces"]["Alexa.Presentation.APL"]
        apl["runtime"]["maxVersion"] = apl_runtime
    context = body["context"]
    context["System"]["device"] = screen["System"]["device"]
    context["Viewport"], context["Viewports"] = screen["Viewport"], screen["Viewports"]
    return body


def plain_text(ssml: str) -> str:
    """SSML as the words said: tags dropped, entities read, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", ssml)).split())


def carried_step(attributes: dict[str, Any]) -> int:
    """The step of the most recent place a session carries, read with the skill's own codec."""
    carried = conversation_from_session(attributes)
    assert carried is not None, "the session carries no conversation"
    place = carried.conversation.latest_place
    assert place is not None, "the session carries no place"
    return place.step


@dataclass(frozen=True)
class CarriedPlace:
    """Where the skill says a person is: what its session attributes carry."""

    routine: str
    step: int  # index into the routine's steps, from 0
    status: str  # active, paused or finished
    quick: bool = False  # in the routine's quick version (step counts its steps)

    def __str__(self) -> str:
        return f"{self.routine} {self.step} {self.status}" + (" quick" if self.quick else "")


@dataclass
class SkillResponse:
    """What the skill answered, with ways to read its meaning rather than its wording."""

    status: int
    body: Any

    @property
    def response(self) -> dict[str, Any]:
        """The `response` object."""
        found: dict[str, Any] = self.body["response"]
        return found

    @property
    def ssml(self) -> str:
        """The outputSpeech SSML ('' when there is none)."""
        speech = self.response.get("outputSpeech") or {}
        return str(speech.get("ssml", ""))

    @property
    def text(self) -> str:
        """The speech with tags removed, for reading assertions."""
        return plain_text(self.ssml)

    @property
    def reprompt(self) -> str | None:
        """The reprompt SSML, if any."""
        reprompt = self.response.get("reprompt")
        return None if not reprompt else str(reprompt["outputSpeech"]["ssml"])

    @property
    def ends_session(self) -> bool:
        """Whether the skill closed the session."""
        return bool(self.response.get("shouldEndSession"))

    @property
    def _carried(self) -> dict[str, Any]:
        """The conversation the skill carries in its session attributes ({} when none)."""
        return session_document(self.body.get("sessionAttributes")) or {}

    @property
    def asks_permission(self) -> bool:
        """Whether Alexa is to ask for a permission by voice (Connections.SendRequest AskFor)."""
        return any(
            d.get("type") == "Connections.SendRequest" and d.get("name") == "AskFor"
            for d in self.directives
        )

    @property
    def directives(self) -> list[dict[str, Any]]:
        """The response's directives ([] when there are none)."""
        found: list[dict[str, Any]] = self.response.get("directives") or []
        return found

    @property
    def screen(self) -> dict[str, Any] | None:
        """The step data of the APL document rendered with this response, if one was."""
        rendered = [d for d in self.directives if d["type"] == RENDER_DOCUMENT]
        assert len(rendered) <= 1, rendered
        if not rendered:
            return None
        step: dict[str, Any] = rendered[0]["datasources"]["step"]
        return step

    @property
    def latest_place(self) -> CarriedPlace | None:
        """The person's most recent place after this turn, as the skill carries it (read with the
        skill's own codec); None when there is none."""
        carried = conversation_from_session(self.body.get("sessionAttributes") or {})
        place = carried.conversation.latest_place if carried else None
        if place is None:
            return None
        return CarriedPlace(place.routine_id, place.step, place.status.value, place.quick)

    def place(self, routine_id: str) -> CarriedPlace | None:
        """The place kept in one routine, as the skill carries it."""
        carried = conversation_from_session(self.body.get("sessionAttributes") or {})
        kept = carried.conversation.profile.place(routine_id) if carried else None
        if kept is None:
            return None
        return CarriedPlace(kept.routine_id, kept.step, kept.status.value, kept.quick)

    @property
    def at(self) -> str | None:
        """The place as "routine step status", e.g. "lower-back 2 active"."""
        return None if self.latest_place is None else str(self.latest_place)

    @property
    def offer(self) -> str | None:
        """What a yes would answer: "resume", "start", or None when nothing is asked."""
        raw = self._carried.get("offer")
        return None if raw is None else str(raw["kind"])

    @property
    def unsaved(self) -> bool:
        """Whether the skill knows its place is not yet saved in Redis."""
        return bool(self._carried.get("unsaved"))

    @property
    def pauses(self) -> list[float]:
        """Every timed silence in the speech, in seconds, in order (a narrated hold has some)."""
        return [ms / 1000 for ms in break_lengths_ms(self.ssml)]

    def says(self, *phrases: str) -> bool:
        """Whether the speech contains every phrase (names, numbers, phrase constants), any case."""
        text = self.text.lower()
        return all(unescape(p).lower() in text for p in phrases)

    def reprompt_says(self, *phrases: str) -> bool:
        """Whether the reprompt contains every phrase, any case."""
        text = plain_text(self.reprompt or "").lower()
        return all(unescape(p).lower() in text for p in phrases)


@dataclass
class AlexaSession:
    """One person talking to the skill, across sessions, as Alexa would send it."""

    post: Transport
    user_id: str = "amzn1.ask.account.TESTUSER"
    person_id: str | None = None
    api_endpoint: str | None = None  # where the skill may call Alexa's APIs (a stand-in)
    device_id: str | None = None
    # An Echo Show: every request says the device renders APL (up to this runtime, if a str).
    screen: bool | str = False
    session_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    replies: list[SkillResponse] = field(default_factory=list)

    def send(self, template: str, **changes: Any) -> SkillResponse:
        """Send one request in the current session (opening one if none is open)."""
        new = self.session_id is None
        if new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
        if self.person_id is not None:
            changes.setdefault("person_id", self.person_id)
        if self.api_endpoint is not None:
            changes.setdefault("api_endpoint", self.api_endpoint)
        if self.device_id is not None:
            changes.setdefault("device_id", self.device_id)
        if self.screen:
            changes.setdefault("screen", self.screen)
        body = envelope(
            template,
            user_id=self.user_id,
            session_id=self.session_id,
            new=new,
            attributes=self.attributes,
            **changes,
        )
        status, payload = self.post(json.dumps(body).encode())
        reply = SkillResponse(status, payload)
        self.replies.append(reply)
        if status == 200 and template != "session_ended_request":
            self.attributes = payload.get("sessionAttributes") or {}
            # Asking for a permission by voice hands the turn to Alexa, which resumes after.
            if reply.ends_session and not reply.asks_permission:
                self.session_id = None
        return reply

    def launch(self) -> SkillResponse:
        """'Alexa, open back stretch coach'."""
        return self.send("launch_request")

    def say(self, intent: str) -> SkillResponse:
        """An intent without slots: 'next' is AMAZON.NextIntent."""
        return self.send("intent_request", intent=intent)

    def touch(self, *arguments: Any) -> SkillResponse:
        """A button on the screen pressed: a UserEvent with the arguments its SendEvent has."""
        return self.send("user_event_request", arguments=list(arguments))

    def start(
        self, heard: str = "lower back", resolved: str | None = "lower-back"
    ) -> SkillResponse:
        """'start my lower back stretches', with Alexa's entity resolution."""
        return self.send("start_routine_request", routine=(heard, resolved))

    def fall_silent(self, reason: str = "EXCEEDED_MAX_REPROMPTS") -> SkillResponse:
        """Alexa ends the session: no answer after the reprompt, 'exit', or an error."""
        reply = self.send("session_ended_request", reason=reason)
        self.session_id = None
        return reply


def flask_transport(client: FlaskClient) -> Transport:
    """Posts bodies to /alexa in-process, checking every response."""
    return checked(in_process(client.application))
