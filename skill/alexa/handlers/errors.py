"""Last resorts: requests nobody handles, and faults inside a handler."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.exceptions import AttributesManagerException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.response import Response

from skill.alexa.handlers.base import question
from skill.alexa.turns import TurnRunner
from skill.domain.coach import Coach

log = logging.getLogger(__name__)


class UnhandledRequestHandler(AbstractRequestHandler):
    """An intent no handler knows is treated as not understood; other request types get an
    empty, valid response."""

    def __init__(self, turns: TurnRunner) -> None:
        self.turns = turns

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """Anything that reached the end of the handler list."""
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        """Fallback speech for an intent; an empty response for anything else."""
        if is_request_type("IntentRequest")(handler_input):
            return self.turns.run(handler_input, question(Coach.fallback), False)
        return handler_input.response_builder.response


class ApologyExceptionHandler(AbstractExceptionHandler):
    """A bug or fault in a handler: log it, and apologise with a way forward. The position the
    request carried goes back to Alexa untouched."""

    def __init__(self, turns: TurnRunner) -> None:
        self.turns = turns

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        """Every exception."""
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        """Speak an apology from wherever the person is."""
        if isinstance(exception, AttributesManagerException):  # the request's shape: no trace
            log.warning("request could not be handled: %s", type(exception).__name__)
        else:
            log.error("handler failed: %s", type(exception).__name__, exc_info=exception)
        return self.turns.apology(handler_input)
