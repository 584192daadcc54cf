"""Request envelopes shaped like the ones Alexa sends (see tests/requests/*.json)."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from skill.simulator.nlu import IntentMatch, SlotValue

PLACEHOLDER_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"
API_ENDPOINT = "https://api.amazonalexa.com"
# Not a secret: only the simulator's stand-in for Alexa's APIs ever sees it.
FAKE_API_TOKEN = "simulator-token-not-real"  # noqa: S105
SIMULATED_DEVICE = "amzn1.ask.device.SIMULATOR"
LOCALE = "en-US"  # the default; a Session may speak another (back-coach --locale)


def simulated_user_id(name: str) -> str:
    """A stable Alexa user id for a simulated person called name."""
    return f"amzn1.ask.account.SIMULATOR-{name}"


@dataclass
class Session:
    """What Alexa keeps for one person across turns: ids, whether a session is open, attributes."""

    user_id: str
    skill_id: str = PLACEHOLDER_SKILL_ID
    device_id: str = SIMULATED_DEVICE
    locale: str = LOCALE
    session_id: str | None = None
    new: bool = True
    attributes: dict[str, Any] = field(default_factory=dict)
    api_endpoint: str = API_ENDPOINT  # where the skill may call Alexa's APIs (a stand-in, here)

    @property
    def is_open(self) -> bool:
        """Whether a session is open."""
        return self.session_id is not None

    def open(self) -> None:
        """Start a new session: fresh id, no attributes."""
        self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        self.new = True
        self.attributes = {}

    def close(self) -> None:
        """The session is over; the next request opens another."""
        self.session_id = None
        self.attributes = {}

    def answered(self, attributes: dict[str, Any] | None, ends: bool) -> None:
        """Keep what the skill answered: its attributes, and whether it closed the session."""
        self.new = False
        self.attributes = copy.deepcopy(attributes or {})
        if ends:
            self.close()


REMINDERS_PERMISSION = "alexa::alerts:reminders:skill:readwrite"


def _timestamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _envelope(session: Session, request: dict[str, Any], *, with_session: bool) -> dict[str, Any]:
    application = {"applicationId": session.skill_id}
    user = {"userId": session.user_id}
    body: dict[str, Any] = {"version": "1.0"}
    if with_session:
        body["session"] = {
            "new": session.new,
            "sessionId": session.session_id,
            "application": dict(application),
            "attributes": copy.deepcopy(session.attributes),
            "user": dict(user),
        }
    body["context"] = {
        "Viewports": [],
        "System": {
            "application": application,
            "user": user,
            "device": {"deviceId": session.device_id, "supportedInterfaces": {}},
            "apiEndpoint": session.api_endpoint,
            "apiAccessToken": FAKE_API_TOKEN,
        },
    }
    body["request"] = request
    return body


def _request(session: Session, kind: str, now: datetime | None, **fields: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": _timestamp(now),
        "locale": session.locale,
        **fields,
    }


def launch_request(session: Session, now: datetime | None = None) -> dict[str, Any]:
    """'Alexa, open back stretch coach'."""
    request = _request(session, "LaunchRequest", now, shouldLinkResultBeReturned=False)
    return _envelope(session, request, with_session=True)


def intent_request(
    session: Session, match: IntentMatch, now: datetime | None = None
) -> dict[str, Any]:
    """An IntentRequest for a resolved intent, every declared slot present (filled or not)."""
    intent: dict[str, Any] = {"name": match.intent, "confirmationStatus": "NONE"}
    if match.declared_slots:
        filled = {slot.name: slot for slot in match.slots}
        intent["slots"] = {
            name: _slot(name, filled.get(name), session.skill_id, slot_type)
            for name, slot_type in match.declared_slots.items()
        }
    request = _request(session, "IntentRequest", now, dialogState="COMPLETED", intent=intent)
    return _envelope(session, request, with_session=True)


def _slot(name: str, value: SlotValue | None, skill_id: str, slot_type: str) -> dict[str, Any]:
    if value is None:
        return {"name": name, "confirmationStatus": "NONE"}
    if slot_type.startswith("AMAZON."):  # a built-in type: Alexa's value, no entity resolution
        plain = value.value_id or value.heard
        simple = {"type": "Simple", "value": plain}
        return {"name": name, "value": plain, "confirmationStatus": "NONE", "slotValue": simple}
    authority: dict[str, Any] = {
        "authority": f"amzn1.er-authority.echo-sdk.{skill_id}.{slot_type}",
        "status": {"code": value.status.value},
    }
    if value.value_id is not None:
        authority["values"] = [{"value": {"name": value.value_name, "id": value.value_id}}]
    resolutions = {"resolutionsPerAuthority": [authority]}
    return {
        "name": name,
        "value": value.heard,
        "confirmationStatus": "NONE",
        "source": "USER",
        "slotValue": {
            "type": "Simple",
            "value": value.heard,
            "resolutions": copy.deepcopy(resolutions),
        },
        "resolutions": resolutions,
    }


def permission_answer(
    session: Session, token: str, granted: bool | None, now: datetime | None = None
) -> dict[str, Any]:
    """Alexa's answer to a skill's voice permission request (Connections.SendRequest "AskFor"):
    a Connections.Response in the same session, as Amazon documents it."""
    status = "NOT_ANSWERED" if granted is None else ("ACCEPTED" if granted else "DENIED")
    payload = {"permissionScope": REMINDERS_PERMISSION, "status": status}
    request = _request(
        session,
        "Connections.Response",
        now,
        name="AskFor",
        status={"code": "200", "message": "OK"},
        token=token,
        payload=payload,
    )
    body = _envelope(session, request, with_session=True)
    body["session"]["new"] = False
    return body


def session_ended_request(
    session: Session, reason: str, now: datetime | None = None
) -> dict[str, Any]:
    """Alexa closing the session: 'exit' (USER_INITIATED) or no answer (EXCEEDED_MAX_REPROMPTS)."""
    request = _request(session, "SessionEndedRequest", now, reason=reason)
    body = _envelope(session, request, with_session=True)
    body["session"]["new"] = False
    return body
