"""Reminders, worded: when it rings, what came of asking, and what Alexa says when it rings."""

from __future__ import annotations

from typing import assert_never

from skill.domain.reminders import (
    MoveOrAdd,
    Outcome,
    ReminderCancelled,
    ReminderReply,
    ReminderSet,
    ReminderStatus,
    TimeOfDay,
)
from skill.voice.numbers import words

RINGING = 'Time for your back stretches. Say "Alexa, open back stretch coach" when you\'re ready.'
NEEDS_PERMISSION = (
    "To set reminders, I need your permission. I've sent a card to your Alexa app: allow "
    "reminders there, then ask me again."
)
ASKING_PERMISSION = "To set a reminder, I need your permission."
DECLINED = (
    "Okay, no reminder then. If you change your mind, the card I've sent to your Alexa app lets "
    "you allow reminders."
)
MOVE_ONE = "You have a daily reminder at {existing}. Shall I move it to {at}?"
MOVE_SOME = "You have daily reminders at {existing}. Shall I swap them for one at {at}?"
MOVE_OR_ADD = 'Say yes to move it, "add another" to keep both, or no to leave it as it is.'
MOVE_OR_ADD_SOME = 'Say yes to swap them, "add another" to keep them all, or no to leave them.'
LEFT_AS_THEY_WERE = "Okay, I've left your reminders as they were."
TOO_MANY = "Alexa is busy with reminders right now. Please ask me again in a little while."
UNAVAILABLE = "Sorry, I couldn't reach your reminders just now. Please try again in a minute."
WHAT_TIME = 'What time should I remind you? Say, for example, "remind me every day at 8 am".'
NONE_SET = "You don't have a reminder from me."
TO_SET_ONE = 'Say "remind me every day at 8 am" to set one, or "stop".'
NONE_TO_CANCEL = "You don't have a reminder from me to cancel."
CANCELLED = "Okay, I've cancelled your daily reminder."
SOME_LEFT = 'I\'ve cancelled {count}; {left} more are still set. Say "cancel my reminder" again.'


def move_or_add(reply: MoveOrAdd) -> tuple[str, str]:
    """The question, with how to answer it; the reprompt is how to answer."""
    answers = MOVE_OR_ADD if len(reply.existing) == 1 else MOVE_OR_ADD_SOME
    return f"{said(reply)} {answers}", answers


def _times(times: tuple[TimeOfDay, ...]) -> str:
    said = [spoken_time(t) for t in sorted(times)]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + f" and {said[-1]}"


def spoken_time(at: TimeOfDay) -> str:
    """'eight in the morning', 'seven thirty in the evening', 'noon', 'midnight'."""
    if (at.hour, at.minute) == (12, 0):
        return "noon"
    if (at.hour, at.minute) == (0, 0):
        return "midnight"
    hour = at.hour % 12 or 12
    minute = "" if at.minute == 0 else f" {'oh ' if at.minute < 10 else ''}{words(at.minute)}"
    if at.hour < 12:
        part = "in the morning"
    elif at.hour < 18:
        part = "in the afternoon"
    else:
        part = "in the evening" if at.hour < 21 else "at night"
    return f"{words(hour)}{minute} {part}"


def _failed(outcome: Outcome) -> str | None:
    match outcome:
        case Outcome.NEEDS_PERMISSION:
            return NEEDS_PERMISSION
        case Outcome.TOO_MANY:
            return TOO_MANY
        case Outcome.UNAVAILABLE:
            return UNAVAILABLE
        case Outcome.NO_TIME:
            return WHAT_TIME
        case Outcome.DECLINED:
            return DECLINED
        case Outcome.DONE:
            return None
        case _:
            assert_never(outcome)


def said(reply: ReminderReply) -> str:
    """What to say for a reminder request's outcome."""
    failed = _failed(reply.outcome)
    if failed is not None:
        return failed
    match reply:
        case ReminderSet(at=at, already=True) if at is not None:
            return f"You already have a reminder every day at {spoken_time(at)}."
        case ReminderSet(at=at, moved=True) if at is not None:
            return f"Done: your reminder is now every day at {spoken_time(at)}."
        case ReminderSet(at=at) if at is not None:
            return f"Done: I'll remind you to stretch every day at {spoken_time(at)}."
        case ReminderSet():
            return WHAT_TIME
        case ReminderStatus(times=()):
            return NONE_SET
        case ReminderStatus(times=(one,)):
            return f"You have a daily reminder at {spoken_time(one)}."
        case ReminderStatus(times=times):
            return f"You have daily reminders at {_times(times)}."
        case ReminderCancelled(count=0):
            return NONE_TO_CANCEL
        case ReminderCancelled(count=count, left=left) if left > 0:
            return SOME_LEFT.format(count=words(count), left=words(min(left, 999)))
        case ReminderCancelled(count=count) if count > 1:
            return f"Okay, I've cancelled your {words(count)} daily reminders."
        case ReminderCancelled():
            return CANCELLED
        case MoveOrAdd(at=at, existing=(one,)):
            return MOVE_ONE.format(existing=spoken_time(one), at=spoken_time(at))
        case MoveOrAdd(at=at, existing=existing):
            return MOVE_SOME.format(existing=_times(existing), at=spoken_time(at))
        case _:
            assert_never(reply)
