"""Choosing a routine, worded: the welcome and "which would you like", the routine list, the
welcome back to a kept place, and the offer to pick one up. Each returns what to say and the
reprompt."""

from __future__ import annotations

from skill.domain.replies import ChoiceReason, ChooseRoutine, WelcomeBack
from skill.domain.routines import Routine, Step
from skill.voice import pace as pacing
from skill.voice.locales import Wording
from skill.voice.narration import moves_said, routine_minutes, step_label, title
from skill.voice.numbers import minutes
from skill.voice.ssml import spoken_back

NOTHING_UNDER_WAY = "There's no routine under way yet."


def _names(names: list[str]) -> str:
    if len(names) <= 2:
        return " or ".join(names)
    return ", ".join(names[:-1]) + f", or {names[-1]}"


# The routines a first-timer hears named (the complaints most people come with), in this order,
# by a short name each resolves to; the others are one question away.
WELCOME_ROUTINES = {
    "lower-back": "lower back",
    "neck-shoulders": "neck and shoulders",
    "upper-back": "upper back",
}
OR_ASK = "Or ask what routines there are."
QUICK_TOO = 'Each has a quick version: say "a quick" and its name.'


def _named(routines: tuple[Routine, ...]) -> list[str]:
    """What to call the routines when asking which: the welcome's three by their short names,
    or every routine's name when there are no more than three."""
    if len(routines) <= len(WELCOME_ROUTINES):
        return [r.name for r in routines]
    ids = {r.id for r in routines}
    named = [short for i, short in WELCOME_ROUTINES.items() if i in ids]
    rest = [r.name for r in routines if r.id not in WELCOME_ROUTINES]
    return (named + rest)[: len(WELCOME_ROUTINES)]


def choose(reply: ChooseRoutine, words_for: Wording) -> tuple[str, str]:
    """Ask which routine to do, saying why we are asking: three named at most."""
    named = _named(reply.routines)
    names = _names(named)
    previous = reply.previous
    opening = {
        ChoiceReason.WELCOME: "Welcome to Back Stretch Coach. New to stretching? Check with "
        f"{words_for.check_first_with} first.",
        ChoiceReason.NONE_GIVEN: "",
        ChoiceReason.UNKNOWN: f"I don't have a routine called {spoken_back(reply.heard or '')}.",
        ChoiceReason.DECLINED_RESUME: "Okay, we'll leave that for now.",
        ChoiceReason.DECLINED_SUGGESTION: "No problem.",
        ChoiceReason.NOTHING_TO_RESUME: "There's nothing paused to pick up.",
        ChoiceReason.FORGOTTEN: "It's been a while since your last session, so I've cleared "
        f"your place in {previous.name if previous else 'your routine'}. Let's start fresh.",
        ChoiceReason.NOT_STARTED: NOTHING_UNDER_WAY,
        ChoiceReason.FINISHED_ALREADY: "You've already finished "
        f"{previous.name if previous else 'that routine'}. "
        'Say "start over" to do it again, or pick another.',
    }[reply.reason]
    more = f" {OR_ASK}" if len(named) < len(reply.routines) else ""
    ask = f"Which would you like: {names}?{more}"
    if len(reply.routines) == 1:
        ask = f'I have {names}. Say "start {names}" to begin.'
    return f"{opening} {ask}".strip(), "Which routine would you like?"


def welcome_back(reply: WelcomeBack) -> tuple[str, str]:
    step = reply.step
    as_you_like = pacing.as_you_like_it(reply.pace, reply.holds)
    return (
        f"Welcome back. In {title(step.routine)}, you stopped at {step_label(step)}. "
        f"{as_you_like + ' ' if as_you_like else ''}Shall we carry on?",
        f"Would you like to carry on with {title(step.routine)}? Say yes or no.",
    )


def pick_up(step: Step) -> tuple[str, str]:
    return (
        f"Last time in {title(step.routine)}, you got to {step_label(step)}. "
        "Shall we pick up there? Say yes, or no to start from the top.",
        f"Say yes to pick up at {step.move.name}, or no to start from the top.",
    )


def routine_list(routines: tuple[Routine, ...]) -> tuple[str, str]:
    listed = "; ".join(
        f"{r.name}, {moves_said(len(r.moves))}, about {minutes(routine_minutes(r))}"
        for r in routines
    )
    return (
        f"Here's what I have: {listed}. {QUICK_TOO} Which would you like?",
        "Which routine would you like?",
    )


def no_routine(suggestion: Routine) -> tuple[str, str]:
    """Asked about a routine with none started: offer one."""
    return (
        f"We haven't started a routine yet. Would you like to start {suggestion.name}?",
        f"Shall we start {suggestion.name}? Say yes or no.",
    )
