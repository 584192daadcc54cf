"""The last resort: a fault inside a handler."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.exceptions import AttributesManagerException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from skill.alexa.turns import TurnRunner

log = logging.getLogger(__name__)


class ApologyExceptionHandler(AbstractExceptionHandler):
    """A bug or fault in a handler: log it, and apologise with a way forward. The place the
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
