"""The one handler shape every coach intent uses: match intent names, run a coach action."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

from skill.alexa.turns import Action, TurnRunner
from skill.domain.coach import Coach, Turn
from skill.domain.state import Conversation


def event(method: Callable[[Coach, Conversation, float], Turn]) -> Action:
    """An action for a coach method that may move the position (it is given the time)."""
    return lambda coach, conv, now, handler_input: method(coach, conv, now)


def question(method: Callable[[Coach, Conversation], Turn]) -> Action:
    """An action for a coach method that only answers."""
    return lambda coach, conv, now, handler_input: method(coach, conv)


class CoachHandler(AbstractRequestHandler):
    """Handles the named intents (or request types) by running one coach action."""

    def __init__(
        self,
        turns: TurnRunner,
        action: Action,
        *,
        intents: tuple[str, ...] = (),
        request_types: tuple[str, ...] = (),
        needs_saved_state: bool = True,
    ) -> None:
        self.turns = turns
        self.action = action
        self.intents = intents
        self.request_types = request_types
        self.needs_saved_state = needs_saved_state

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """Whether this request is one of ours."""
        return any(is_intent_name(name)(handler_input) for name in self.intents) or any(
            is_request_type(kind)(handler_input) for kind in self.request_types
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        """Run the action as one turn."""
        return self.turns.run(handler_input, self.action, self.needs_saved_state)
