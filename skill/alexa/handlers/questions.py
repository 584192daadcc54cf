"""Questions that never move the position: hold time, purpose, where am I, what routines."""

from __future__ import annotations

from skill.alexa.handlers.base import CoachHandler
from skill.alexa.turns import TurnRunner


def handlers(turns: TurnRunner) -> list[CoachHandler]:
    """Handlers for questions asked mid-routine or outside one."""
    return [
        CoachHandler(
            turns,
            lambda coach, conv, now, hi: coach.hold_info(conv),
            intents=("HoldDurationIntent",),
        ),
        CoachHandler(
            turns, lambda coach, conv, now, hi: coach.purpose(conv), intents=("ExplainMoveIntent",)
        ),
        CoachHandler(
            turns, lambda coach, conv, now, hi: coach.where_am_i(conv), intents=("WhereAmIIntent",)
        ),
        CoachHandler(
            turns,
            lambda coach, conv, now, hi: coach.list_routines(conv),
            intents=("ListRoutinesIntent",),
            needs_saved_state=False,
        ),
    ]
