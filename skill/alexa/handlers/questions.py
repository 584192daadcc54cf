"""Questions that never move the position: hold time, purpose, where am I, what routines."""

from __future__ import annotations

from skill.alexa.handlers.base import CoachHandler, question
from skill.alexa.turns import TurnRunner
from skill.domain.coach import Coach


def handlers(turns: TurnRunner) -> list[CoachHandler]:
    """Handlers for questions asked mid-routine or outside one."""
    return [
        CoachHandler(
            turns,
            question(Coach.hold_info),
            intents=("HoldDurationIntent",),
        ),
        CoachHandler(turns, question(Coach.purpose), intents=("ExplainMoveIntent",)),
        CoachHandler(turns, question(Coach.where_am_i), intents=("WhereAmIIntent",)),
        CoachHandler(
            turns,
            question(Coach.list_routines),
            intents=("ListRoutinesIntent",),
            needs_saved_state=False,
        ),
    ]
