"""What is kept about a person, and forgetting it, worded: plain, and never a guilt trip."""

from __future__ import annotations

from skill.domain.replies import KeptAll, WhatWeKeep
from skill.voice.numbers import period

KEPT_ITEMS = (
    "your place in each routine, which days you stretched, how many routines you've finished, "
    "your device's time zone, and the pace and holds you asked for"
)
WHAT_IS_KEPT = f"only {KEPT_ITEMS}; never what you say, and nothing about pain"
FORGET_ASKED = f"I'll delete everything I keep about you: {KEPT_ITEMS}. Shall I go ahead?"
FORGET_ASKED_REPROMPT = "Shall I delete everything I keep about you? Say yes or no."
FORGOTTEN = (
    "Done. I've deleted everything I kept about you. If you come back, we'll start fresh. "
    'A reminder you set is kept by Alexa: say "cancel my reminder" to stop it.'
)
KEPT_ALL = "Okay, I haven't deleted anything."
FORGET_FAILED = (
    "Sorry, I couldn't finish deleting your data just now. Please try again in a minute: "
    'say "Alexa, ask back stretch coach to forget me".'
)
HOW_TO_FORGET = 'Say "forget me" and I\'ll delete it all.'
KEPT_FOR = "It goes by itself {period} after your last visit."  # PERSON_RETENTION_DAYS
REMINDERS_ELSEWHERE = "Reminders are kept by Alexa, in your Alexa app."


def kept_for(days: int) -> str:
    """How long what is kept stays, said as the deployment keeps it: "a year", "three months"."""
    return KEPT_FOR.format(period=period(days))


def what_we_keep(reply: WhatWeKeep) -> tuple[str, str]:
    """A sentence on what is kept, how long, and how to delete it; then what next."""
    if not reply.anything:
        said = (
            f"I don't keep anything about you yet. When you do a routine, I keep {WHAT_IS_KEPT}. "
            "Would you like to start a routine?"
        )
        return said, 'Say "start" and a routine, or "what routines are there".'
    said = (
        f"I keep {WHAT_IS_KEPT}. {kept_for(reply.kept_days)} {HOW_TO_FORGET} "
        f"{REMINDERS_ELSEWHERE} "
        "What would you like to do?"
    )
    return said, 'Say "start" and a routine, or "forget me".'


def kept_all(reply: KeptAll) -> tuple[str, str]:
    """Nothing deleted: carry on from where they are."""
    if reply.step is not None:
        way_on = 'Say "repeat" to do the step again, or "next" to move on.'
        return f"{KEPT_ALL} {way_on}", way_on
    way_on = f'Say "start {reply.suggestion.name}", or "stop".'
    return f"{KEPT_ALL} {way_on}", way_on
