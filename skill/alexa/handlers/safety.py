"""Pain, help, and anything not understood."""

from __future__ import annotations

from skill.alexa.handlers.base import CoachHandler, question
from skill.alexa.turns import TurnRunner
from skill.domain.coach import Coach


def handlers(turns: TurnRunner) -> list[CoachHandler]:
    """Handlers for pain reports, help and fallback."""
    return [
        CoachHandler(
            turns,
            question(Coach.pain),
            intents=("PainIntent",),
            needs_saved_state=False,
        ),
        CoachHandler(
            turns,
            question(Coach.help),
            intents=("AMAZON.HelpIntent",),
            needs_saved_state=False,
        ),
        CoachHandler(
            turns,
            question(Coach.fallback),
            intents=("AMAZON.FallbackIntent",),
            needs_saved_state=False,
        ),
    ]
