"""Requests that carry nothing to say: the session ending, the skill disabled, Alexa reporting an
error, and any request type this skill does not use."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.response import Response

from skill.alexa.turns import TurnRunner

log = logging.getLogger(__name__)


class SessionEndedHandler(AbstractRequestHandler):
    """The session closed (timeout, 'exit', error): save anything still unsaved; say nothing."""

    def __init__(self, turns: TurnRunner) -> None:
        self.turns = turns

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """SessionEndedRequest only."""
        return bool(is_request_type("SessionEndedRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        """Retry a save an earlier turn could not make; the response carries nothing."""
        request = handler_input.request_envelope.request
        reason = getattr(getattr(request, "reason", None), "value", None)
        error = getattr(request, "error", None)
        log.info("session ended", extra={"reason": reason, "error_type": _error_type(error)})
        self.turns.save_unsaved(handler_input)
        return handler_input.response_builder.response


class SkillDisabledHandler(AbstractRequestHandler):
    """The account disabled the skill (AlexaSkillEvent.SkillDisabled, verified like any request):
    delete everything kept for it, its recognised voices included."""

    def __init__(self, turns: TurnRunner) -> None:
        self.turns = turns

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """AlexaSkillEvent.SkillDisabled only."""
        return bool(is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        """Delete the account's data (TurnRunner.forget_account); nobody is listening."""
        self.turns.forget_account(handler_input)
        return handler_input.response_builder.response


class ExceptionEncounteredHandler(AbstractRequestHandler):
    """Alexa reports that a response of ours failed on the device; log it and answer empty."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """System.ExceptionEncountered only."""
        return bool(is_request_type("System.ExceptionEncountered")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        """Log the error type; there is nobody to speak to."""
        error = getattr(handler_input.request_envelope.request, "error", None)
        log.error("alexa reported an exception", extra={"error_type": _error_type(error)})
        return handler_input.response_builder.response


class OtherRequestHandler(AbstractRequestHandler):
    """Any other request type (there is nobody to talk to): an empty, valid response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """Anything that reached the end of the handler list."""
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        """Say nothing."""
        return handler_input.response_builder.response


def _error_type(error: object) -> str | None:
    kind = getattr(error, "object_type", None) or getattr(error, "type", None)
    return str(getattr(kind, "value", kind)) if kind is not None else None
