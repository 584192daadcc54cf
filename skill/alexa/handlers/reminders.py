"""'Remind me to stretch every day at 8 am', 'do I have a reminder', 'cancel my reminder': through
Alexa's Reminders API, with a permissions card when it is not granted. The session and the
person's place are left as they were; the next thing to say is suggested from there."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name
from ask_sdk_core.utils.request_util import get_slot
from ask_sdk_model.response import Response
from ask_sdk_model.ui.ask_for_permissions_consent_card import AskForPermissionsConsentCard

from skill.alexa.reminders import PERMISSION, Reminders, reminder_body
from skill.alexa.turns import TurnRunner, request_locale, respond
from skill.domain.reminders import (
    Outcome,
    ReminderCancelled,
    ReminderReply,
    ReminderSet,
    ReminderStatus,
    heard_time,
)
from skill.voice import reminders as voice
from skill.voice import speech
from skill.voice.ssml import Say

INTENTS = ("RemindMeIntent", "ReminderStatusIntent", "CancelReminderIntent")
TIME_SLOT = "time"


class ReminderHandler(AbstractRequestHandler):
    """The three reminder intents."""

    def __init__(self, turns: TurnRunner, reminders: Reminders) -> None:
        self.turns = turns
        self.reminders = reminders

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """RemindMeIntent, ReminderStatusIntent and CancelReminderIntent."""
        return any(is_intent_name(name)(handler_input) for name in INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        """Ask the API, then say how it went and what can be said next."""
        envelope = handler_input.request_envelope
        loaded = self.turns.load(handler_input)  # once: at a session's start it reads Redis
        reply: ReminderReply
        if is_intent_name("RemindMeIntent")(handler_input):
            reply = self._create(handler_input, loaded.conversation.profile.zone)
        elif is_intent_name("ReminderStatusIntent")(handler_input):
            reply = ReminderStatus(*self.reminders.daily_times(envelope))
        else:
            reply = ReminderCancelled(*self.reminders.cancel_all(envelope))
        step = self.turns.coach.current_step(loaded.conversation)
        if reply.outcome is Outcome.NO_TIME:  # the question is the whole answer, and its reprompt
            asked = speech.Speech((Say(voice.WHAT_TIME),), voice.WHAT_TIME)
            return respond(handler_input, asked, end_session=False)
        way_on = voice.TO_SET_ONE if reply == ReminderStatus(Outcome.DONE) else None
        said = speech.after_reminder(voice.said(reply), step, self.turns.coach.suggestion, way_on)
        if reply.outcome is Outcome.NEEDS_PERMISSION:
            card = AskForPermissionsConsentCard(permissions=[PERMISSION])
            handler_input.response_builder.set_card(card)
        # The session stays open, with its attributes as the request carried them.
        return respond(handler_input, said, end_session=False)

    def _create(self, handler_input: HandlerInput, known_zone: str | None) -> ReminderSet:
        slot = get_slot(handler_input, TIME_SLOT)
        value = slot.value if slot is not None else None
        at = heard_time(value if isinstance(value, str) else None)
        if at is None:
            return ReminderSet(Outcome.NO_TIME)
        listed, times = self.reminders.daily_times(handler_input.request_envelope)
        if listed is not Outcome.DONE:
            return ReminderSet(listed, at)
        if at in times:  # one is enough: never two at the same time
            return ReminderSet(Outcome.DONE, at, already=True)
        envelope = handler_input.request_envelope
        zone = known_zone or self.turns.api.time_zone(envelope)
        locale = request_locale(handler_input) or "en-US"
        body = reminder_body(at, self.turns.clock(), zone, locale, voice.RINGING)
        return ReminderSet(self.reminders.create(handler_input.request_envelope, body), at)
