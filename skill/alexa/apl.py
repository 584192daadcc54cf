"""What a screen device is sent with a turn: the step document, rendered with the step's data.

Only devices that list Alexa.Presentation.APL in supportedInterfaces get a directive; everyone
else's response is exactly what it was without screens. The data comes from skill.screen."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.alexa.presentation.apl.render_document_directive import (
    RenderDocumentDirective,
)

from skill.domain.replies import Narrate, Reply
from skill.domain.routines import Step
from skill.screen.step import STEP_TOKEN, Narration, document, renders, step_datasources
from skill.voice import speech
from skill.voice.locales import in_locale
from skill.voice.speech import Speech
from skill.voice.ssml import segments_seconds


def has_screen(handler_input: HandlerInput) -> bool:
    """Whether the device renders APL documents of the step document's version. A request that
    names no device, or no interfaces, is voice-only."""
    context = handler_input.request_envelope.context
    system = context.system if context is not None else None
    device = system.device if system is not None else None
    interfaces = device.supported_interfaces if device is not None else None
    apl = interfaces.alexa_presentation_apl if interfaces is not None else None
    if apl is None:
        return False
    runtime = apl.runtime.max_version if apl.runtime is not None else None
    return renders(runtime, document()["version"])


def step_screen(
    handler_input: HandlerInput,
    reply: Reply,
    current: Step | None,
    said: Speech,
    end_session: bool,
    locale: str | None = None,
) -> RenderDocumentDirective | None:
    """The step document for this turn, or None.

    A narrated step gets its countdown, timed to the speech actually sent (anything said before
    the narration, such as an apology, shifts it). While the session stays open, any other reply
    shows the current step steady, with no countdown: the speech it was counting with has been
    cut short or answered something else, and a clock that ran on (during "it hurts", say) would
    be wrong. Nothing is sent when the session ends (Alexa clears the screen) or there is no step.
    """
    if end_session or not has_screen(handler_input):
        return None
    if isinstance(reply, Narrate):
        narration = _narration(reply, said, locale)
        return _render(step_datasources(in_locale(reply.step, locale), narration))
    return _steady(current, locale)


def steady_screen(
    handler_input: HandlerInput, current: Step | None, locale: str | None = None
) -> RenderDocumentDirective | None:
    """The current step with no countdown, for a device with a screen; None otherwise."""
    return _steady(current, locale) if has_screen(handler_input) else None


def _steady(current: Step | None, locale: str | None) -> RenderDocumentDirective | None:
    """The step as the locale words it (its setup line), with no countdown."""
    if current is None:
        return None
    return _render(step_datasources(in_locale(current, locale), None))


def _narration(reply: Narrate, said: Speech, locale: str | None) -> Narration | None:
    """How the step is narrated in what was said (in the request's locale); None if the
    narration is not all there."""
    narrated = speech.say(reply, locale).segments
    count = len(narrated)
    if said.segments[len(said.segments) - count :] != narrated:
        return None
    first = segments_seconds(said.segments[: len(said.segments) - count], said.rate)
    return Narration(
        reply.lead, reply.disclaimer, reply.easier, first, pace=reply.pace, holds=reply.holds
    )


def _render(datasources: dict[str, object]) -> RenderDocumentDirective:
    return RenderDocumentDirective(token=STEP_TOKEN, document=document(), datasources=datasources)
