"""Alexa's response for what the skill says: speech, a reprompt while the session stays open,
and a screen's document."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.alexa.presentation.apl.render_document_directive import (
    RenderDocumentDirective,
)
from ask_sdk_model.response import Response

from skill.voice.speech import Speech


def respond(
    handler_input: HandlerInput,
    said: Speech,
    end_session: bool,
    screen: RenderDocumentDirective | None = None,
) -> Response:
    """Alexa's response for speech; a reprompt whenever the session stays open; and the screen's
    document, for a device with one."""
    builder = handler_input.response_builder.speak(said.ssml)
    if screen is not None:
        builder.add_directive(screen)
    if not end_session:
        reprompt = said.reprompt_ssml
        if reprompt is None:
            raise ValueError("an open session needs a reprompt")
        builder.ask(reprompt)
    builder.set_should_end_session(end_session)
    return builder.response
