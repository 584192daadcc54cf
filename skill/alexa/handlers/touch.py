"""Touches on a screen: the step document's buttons send Alexa.Presentation.APL.UserEvent
requests, answered exactly as saying the same thing would be."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.interfaces.alexa.presentation.apl.user_event import UserEvent
from ask_sdk_model.response import Response

from skill.alexa.handlers.intents import FALLBACK, INTENTS
from skill.alexa.turns import TurnRunner
from skill.screen.step import STEP_TOKEN

log = logging.getLogger(__name__)
USER_EVENT = "Alexa.Presentation.APL.UserEvent"

# A button's SendEvent argument, and the intent saying it would be.
BUTTONS: Mapping[str, str] = {
    "next": "AMAZON.NextIntent",
    "repeat": "AMAZON.RepeatIntent",
    "pause": "AMAZON.PauseIntent",
}


def pressed(handler_input: HandlerInput) -> str | None:
    """The button a UserEvent from the step document says was pressed (its first argument), if
    it is a string; None for an event from any other document."""
    request = handler_input.request_envelope.request
    if not isinstance(request, UserEvent) or request.token != STEP_TOKEN:
        return None
    arguments = request.arguments
    first = arguments[0] if arguments else None
    return first if isinstance(first, str) else None


class TouchHandler(AbstractRequestHandler):
    """A button press: the route of the intent it stands for (INTENTS); anything unknown is
    treated like words the skill did not understand."""

    def __init__(self, turns: TurnRunner) -> None:
        self.turns = turns

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """APL UserEvents only."""
        return bool(is_request_type(USER_EVENT)(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        """Run the route the pressed button stands for."""
        button = pressed(handler_input)
        intent = BUTTONS.get(button or "")
        if intent is None:
            log.warning("unknown screen event answered as not understood")
        route = INTENTS.get(intent or "", FALLBACK)
        return self.turns.run(handler_input, route.action, route.needs_saved_state)
