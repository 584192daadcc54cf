"""Pain, help, and anything not understood."""

from __future__ import annotations

from skill.alexa.handlers.base import CoachHandler
from skill.alexa.turns import TurnRunner


def handlers(turns: TurnRunner) -> list[CoachHandler]:
    """Handlers for pain reports, help and fallback."""
    return [
        CoachHandler(
            turns,
            lambda coach, conv, now, hi: coach.pain(conv),
            intents=("PainIntent",),
            needs_saved_state=False,
        ),
        CoachHandler(
            turns,
            lambda coach, conv, now, hi: coach.help(conv),
            intents=("AMAZON.HelpIntent",),
            needs_saved_state=False,
        ),
        CoachHandler(
            turns,
            lambda coach, conv, now, hi: coach.fallback(conv),
            intents=("AMAZON.FallbackIntent",),
            needs_saved_state=False,
        ),
    ]
