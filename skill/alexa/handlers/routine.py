"""Starting a routine and moving through it: start, next, repeat, go back, skip, start over."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_slot

from skill.alexa.handlers.base import CoachHandler, event
from skill.alexa.turns import TurnRunner
from skill.domain.coach import Coach

ROUTINE_SLOT = "routine"


def spoken_routine(handler_input: HandlerInput) -> str | None:
    """The routine slot: the resolved id when Alexa matched one, else what was heard."""
    slot = get_slot(handler_input, ROUTINE_SLOT)
    if slot is None:
        return None
    resolutions = slot.resolutions.resolutions_per_authority if slot.resolutions else None
    for authority in resolutions or []:
        code = authority.status.code.value if authority.status and authority.status.code else None
        value = authority.values[0].value if authority.values else None
        if code == "ER_SUCCESS_MATCH" and value is not None:
            return str(value.id or value.name)
    return slot.value or None


def handlers(turns: TurnRunner) -> list[CoachHandler]:
    """Handlers for starting and moving through a routine."""
    return [
        CoachHandler(
            turns,
            lambda coach, conv, now, hi: coach.start(conv, spoken_routine(hi), now),
            intents=("StartRoutineIntent",),
            needs_saved_state=False,
        ),
        CoachHandler(
            turns,
            event(Coach.next),
            intents=("AMAZON.NextIntent",),
        ),
        CoachHandler(
            turns,
            event(Coach.repeat),
            intents=("AMAZON.RepeatIntent",),
        ),
        CoachHandler(
            turns,
            event(Coach.previous),
            intents=("AMAZON.PreviousIntent",),
        ),
        CoachHandler(turns, event(Coach.skip), intents=("SkipIntent",)),
        CoachHandler(
            turns,
            event(Coach.start_over),
            intents=("AMAZON.StartOverIntent",),
        ),
    ]
