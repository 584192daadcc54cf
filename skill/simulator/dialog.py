"""One simulated person talking to the skill: commands and utterances in, Alexa's turns out."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from skill.simulator import envelopes
from skill.simulator.envelopes import Session
from skill.simulator.nlu import IntentMatch, Kind, Nlu
from skill.simulator.render import Answer, answer_of
from skill.simulator.transport import Transport

LAUNCH_COMMANDS = frozenset({"open", "launch"})
END_COMMAND = "end"
NEW_COMMAND = "new"
COMMANDS = LAUNCH_COMMANDS | {END_COMMAND, NEW_COMMAND}


# What Alexa itself asks when a skill asks for the reminders permission by voice.
ASKS_PERMISSION = (
    "Alexa asks: do you give Back Stretch Coach permission to read and write your reminders? "
    "(say yes or no)"
)


@dataclass(frozen=True)
class Exchange:
    """One exchange: what was said, what Alexa sent, and what the skill answered."""

    said: str
    request_type: str | None
    match: IntentMatch | None = None
    new_session: bool = False
    status: int | None = None
    body: Any = None
    note: str | None = None

    @property
    def answer(self) -> Answer | None:
        """The skill's answer, when a request was sent and answered with 200."""
        return answer_of(self.body) if self.status == 200 else None

    def describe(self) -> str:
        """How Alexa understood it: `→ new session · StartRoutineIntent {…}`."""
        if self.request_type is None:
            return "→ nothing sent"
        if self.request_type == "Connections.Response":
            return f"→ Connections.Response (the permission: {self.note})"
        if self.request_type == "SessionEndedRequest":
            return f"→ SessionEndedRequest ({self.note})"
        what = self.match.describe() if self.match else self.request_type
        return "→ " + ("new session · " if self.new_session else "") + what


class Dialog:
    """Alexa's side for one user: resolves what is said and keeps the session between turns."""

    def __init__(
        self,
        nlu: Nlu,
        transport: Transport,
        user_id: str,
        *,
        skill_id: str = envelopes.PLACEHOLDER_SKILL_ID,
        locale: str = envelopes.LOCALE,
        now: Callable[[], datetime | None] = lambda: None,
        api_endpoint: str = envelopes.API_ENDPOINT,
        on_permission: Callable[[bool], None] = lambda granted: None,
    ) -> None:
        self.nlu = nlu  # built from the same locale's model
        self.transport = transport
        self.session = Session(
            user_id=user_id, skill_id=skill_id, locale=locale, api_endpoint=api_endpoint
        )
        self.now = now
        self.on_permission = on_permission  # the person answered Alexa's permission question
        self.permission_asked: str | None = None  # the token of a voice permission request

    def handle(self, said: str) -> Exchange:
        """Act on one command (open, launch, end, new) or utterance."""
        command = said.strip().lower()
        if command in LAUNCH_COMMANDS:
            return self._launch(said)
        if command == END_COMMAND:
            return self._end(said, "USER_INITIATED")
        if command == NEW_COMMAND:
            return self._end(said, "EXCEEDED_MAX_REPROMPTS", starts_over=True)
        heard = self.nlu.hear(said)
        if self.permission_asked is not None and self.session.is_open:
            return self._permission(said, self.nlu.resolve(heard.rest))
        if heard.kind is Kind.EXIT:
            return self._end(said, "USER_INITIATED")
        if heard.kind is Kind.LAUNCH:
            return self._launch(said)
        if heard.kind is Kind.ONE_SHOT or not self.session.is_open:
            self.session.open()
        new = self.session.new
        match = self.nlu.resolve(heard.rest)
        body = envelopes.intent_request(self.session, match, self.now())
        return self._send(said, body, match=match, new=new)

    def _permission(self, said: str, match: IntentMatch) -> Exchange:
        """Alexa's own question ("do you allow ... reminders?") answered: yes grants it."""
        token, self.permission_asked = self.permission_asked or "", None
        granted = {"AMAZON.YesIntent": True, "AMAZON.NoIntent": False}.get(match.intent)
        if granted:
            self.on_permission(True)
        body = envelopes.permission_answer(self.session, token, granted, self.now())
        exchange = self._send(said, body, new=False)
        status = body["request"]["payload"]["status"]
        return replace(exchange, note=exchange.note or status)

    def _launch(self, said: str) -> Exchange:
        self.session.open()
        body = envelopes.launch_request(self.session, self.now())
        return self._send(said, body, new=True)

    def _end(self, said: str, reason: str, *, starts_over: bool = False) -> Exchange:
        if not self.session.is_open:
            note = "no session is open" + ("; the next request starts one" if starts_over else "")
            return Exchange(said, None, note=note)
        body = envelopes.session_ended_request(self.session, reason, self.now())
        self.session.close()
        status, payload = self.transport(json.dumps(body).encode())
        return Exchange(said, "SessionEndedRequest", status=status, body=payload, note=reason)

    def _send(
        self, said: str, body: dict[str, Any], *, match: IntentMatch | None = None, new: bool
    ) -> Exchange:
        status, payload = self.transport(json.dumps(body).encode())
        note = None
        if status == 200 and isinstance(payload, dict):
            answer = answer_of(payload)
            # Asking for a permission hands the turn to Alexa, which resumes the session after.
            self.permission_asked = answer.permission_token
            ends = answer.ends_session and self.permission_asked is None
            self.session.answered(payload.get("sessionAttributes"), ends)
        else:
            # Alexa plays an error and drops the session when a skill answers badly.
            self.session.close()
            note = f"HTTP {status}: {json.dumps(payload)[:200]}"
        kind = body["request"]["type"]
        return Exchange(
            said, kind, match=match, new_session=new, status=status, body=payload, note=note
        )
