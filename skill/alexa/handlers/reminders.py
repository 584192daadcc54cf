"""'Remind me to stretch every day at 8 am', 'do I have a reminder', 'cancel my reminder': through
Alexa's Reminders API. Without the permission, Alexa asks for it by voice (a Connections.SendRequest
"AskFor"; its answer comes back as a Connections.Response) and the reminder is made if granted;
listing or cancelling without it, or a no to that question, sends a permissions card. A reminder
at a new time while there are some at others asks "move it, or add another?". The person's place
is left as it was; the next thing to say is suggested from there."""

from __future__ import annotations

from typing import Any, cast

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_core.utils.request_util import get_slot
from ask_sdk_model.intent import Intent
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.interfaces.connections.send_request_directive import SendRequestDirective
from ask_sdk_model.response import Response
from ask_sdk_model.ui.ask_for_permissions_consent_card import AskForPermissionsConsentCard

from skill.alexa.reminders import PERMISSION, Reminders, reminder_body
from skill.alexa.request import request_locale
from skill.alexa.response import respond
from skill.alexa.turns import Loaded, TurnRunner
from skill.domain.reminders import (
    MoveOrAdd,
    Outcome,
    ReminderCancelled,
    ReminderReply,
    ReminderSet,
    ReminderStatus,
    TimeOfDay,
    clock_time,
    heard_time,
)
from skill.domain.state import Offer, OfferKind
from skill.voice import reminders as voice
from skill.voice import speech
from skill.voice.ssml import Say

INTENTS = ("RemindMeIntent", "ReminderStatusIntent", "CancelReminderIntent", "AddReminderIntent")
_YES_OR_NO = ("AMAZON.YesIntent", "AMAZON.NoIntent")
TIME_SLOT = "time"
ASK_FOR = "AskFor"  # the Connections name of Alexa's permission request
ASKED_AT = "remind-at:"  # the permission request's token carries the time asked for


def _permission_answer(handler_input: HandlerInput) -> str | None:
    """The answer to our voice permission request ("ACCEPTED", "DENIED", "NOT_ANSWERED"), when
    this is one; None otherwise."""
    request = handler_input.request_envelope.request
    if not is_request_type("Connections.Response")(handler_input):
        return None
    if getattr(request, "name", None) != ASK_FOR:
        return None
    payload = getattr(request, "payload", None)
    status = payload.get("status") if isinstance(payload, dict) else None
    return status if isinstance(status, str) else "NOT_ANSWERED"


def _move_asked(offer: Offer | None) -> TimeOfDay | None:
    """The time of a "move it or add another?" the session is waiting to hear back on."""
    if offer is None or offer.kind is not OfferKind.MOVE_REMINDER:
        return None
    return heard_time(offer.at)


class ReminderHandler(AbstractRequestHandler):
    """The reminder intents, the answer to "move it or add another?", and the answer to Alexa's
    permission question."""

    def __init__(self, turns: TurnRunner, reminders: Reminders) -> None:
        self.turns = turns
        self.reminders = reminders

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """The reminder intents; yes or no to moving a reminder; the permission's answer. Tried
        on every request before the coach's handler, so the intent's name is read once (as
        is_intent_name reads it: of an IntentRequest only)."""
        request = handler_input.request_envelope.request
        name = cast(Intent, request.intent).name if isinstance(request, IntentRequest) else None
        if name in INTENTS:
            return True
        if _permission_answer(handler_input) is not None:
            return True
        return (
            name in _YES_OR_NO and _move_asked(self.turns.carried_offer(handler_input)) is not None
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        """Ask the API, then say how it went and what can be said next."""
        envelope = handler_input.request_envelope
        loaded = self.turns.load(handler_input)  # once: at a session's start it reads Redis
        asked = _move_asked(loaded.conversation.offer)
        answer = _permission_answer(handler_input)
        reply: ReminderReply
        if answer is not None:
            token = str(getattr(envelope.request, "token", "") or "")
            if answer == "ACCEPTED":
                reply = self._create(
                    handler_input, loaded, heard_time(token.removeprefix(ASKED_AT))
                )
            else:
                reply = ReminderSet(Outcome.DECLINED)
        elif is_intent_name("RemindMeIntent")(handler_input):
            slot = get_slot(handler_input, TIME_SLOT)
            value = slot.value if slot is not None else None
            at = heard_time(value if isinstance(value, str) else None)
            reply = self._create(handler_input, loaded, at)
        elif is_intent_name("AddReminderIntent")(handler_input):
            reply = self._create(handler_input, loaded, asked, ask=False)
        elif is_intent_name("AMAZON.YesIntent")(handler_input) and asked is not None:
            body = self._body(handler_input, loaded, asked)
            outcome = self.reminders.replace_all(envelope, body)
            reply = ReminderSet(outcome, asked, moved=outcome is Outcome.DONE)
        elif is_intent_name("AMAZON.NoIntent")(handler_input):
            return self._answer(handler_input, loaded, voice.LEFT_AS_THEY_WERE, reply=None)
        elif is_intent_name("ReminderStatusIntent")(handler_input):
            reply = ReminderStatus(*self.reminders.daily_times(envelope))
        else:
            reply = ReminderCancelled(*self.reminders.cancel_all(envelope))
        if reply.outcome is Outcome.NO_TIME:  # the question is the whole answer, and its reprompt
            asked_when = speech.Speech((Say(voice.WHAT_TIME),), voice.WHAT_TIME)
            return respond(handler_input, asked_when, end_session=False)
        # Asked by voice once; if it is still not granted after a yes, a card says how.
        at = reply.at if isinstance(reply, ReminderSet) else None
        needs = reply.outcome is Outcome.NEEDS_PERMISSION
        if needs and at is not None and answer is None:
            return self._ask_permission(handler_input, at)
        return self._answer(handler_input, loaded, voice.said(reply), reply)

    def _answer(
        self, handler_input: HandlerInput, loaded: Loaded, text: str, reply: ReminderReply | None
    ) -> Response:
        step = self.turns.coach.current_step(loaded.conversation)
        if isinstance(reply, MoveOrAdd):
            question, answers = voice.move_or_add(reply)
            said = speech.Speech((Say(question),), answers)
            offer: Offer | None = Offer(OfferKind.MOVE_REMINDER, at=clock_time(reply.at))
        else:
            way_on = voice.TO_SET_ONE if reply == ReminderStatus(Outcome.DONE) else None
            said = speech.after_reminder(text, step, self.turns.coach.suggestion, way_on)
            offer = loaded.conversation.offer
            if offer is not None and offer.kind is OfferKind.MOVE_REMINDER:
                offer = None  # answered
        # Not granted: a card in the Alexa app asks for it (after a no to Alexa's question too).
        if reply is not None and reply.outcome in (Outcome.NEEDS_PERMISSION, Outcome.DECLINED):
            card = AskForPermissionsConsentCard(permissions=[PERMISSION])
            handler_input.response_builder.set_card(card)
        if offer != loaded.conversation.offer:
            self.turns.carry(handler_input, loaded, loaded.conversation.with_offer(offer))
        # The session stays open; the person's place is as the request carried it.
        return respond(handler_input, said, end_session=False)

    def _ask_permission(self, handler_input: HandlerInput, at: TimeOfDay) -> Response:
        """Alexa asks for the reminders permission by voice; its answer comes back as a
        Connections.Response carrying the time in its token. Like every Connections request,
        the response hands the turn to Alexa: it ends, and Alexa resumes the session after."""
        payload: dict[str, Any] = {
            "@type": "AskForPermissionsConsentRequest",
            "@version": "1",
            "permissionScope": PERMISSION,
        }
        token = ASKED_AT + clock_time(at)
        said = speech.Speech((Say(voice.ASKING_PERMISSION),), None)
        builder = handler_input.response_builder.speak(said.ssml)
        builder.add_directive(SendRequestDirective(name=ASK_FOR, payload=payload, token=token))
        return builder.set_should_end_session(True).response

    def _body(self, handler_input: HandlerInput, loaded: Loaded, at: TimeOfDay) -> dict[str, Any]:
        """The reminder as the API takes it, in the device's time zone when known."""
        envelope = handler_input.request_envelope
        zone = loaded.conversation.profile.zone or self.turns.api.time_zone(envelope)
        locale = request_locale(handler_input) or "en-US"
        return reminder_body(at, self.turns.clock(), zone, locale, voice.RINGING)

    def _create(
        self, handler_input: HandlerInput, loaded: Loaded, at: TimeOfDay | None, ask: bool = True
    ) -> ReminderSet | MoveOrAdd:
        if at is None:
            return ReminderSet(Outcome.NO_TIME)
        envelope = handler_input.request_envelope
        listed, times = self.reminders.daily_times(envelope)
        if listed is not Outcome.DONE:
            return ReminderSet(listed, at)
        if at in times:  # one is enough: never two at the same time
            return ReminderSet(Outcome.DONE, at, already=True)
        if times and ask and not loaded.from_store_failed:
            return MoveOrAdd(at, times)
        body = self._body(handler_input, loaded, at)
        return ReminderSet(self.reminders.create(envelope, body), at)
