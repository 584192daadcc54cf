"""A daily reminder to stretch, as pure data: when it rings, from what Alexa heard; and what came
of asking Alexa's Reminders API, for the voice to word."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# AMAZON.TIME also resolves "morning", "afternoon", "evening" and "night" to these codes.
PARTS_OF_DAY = {"MO": (8, 0), "AF": (14, 0), "EV": (19, 0), "NI": (21, 0)}
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, order=True)
class TimeOfDay:
    hour: int
    minute: int = 0

    @property
    def rule(self) -> str:
        """The daily recurrence rule Alexa's Reminders API takes (RFC 5545, as Amazon documents)."""
        return f"FREQ=DAILY;BYHOUR={self.hour};BYMINUTE={self.minute};BYSECOND=0;INTERVAL=1;"


def heard_time(value: str | None) -> TimeOfDay | None:
    """The time of an AMAZON.TIME slot ("08:00", "19:30", or "MO" for the morning); None when
    nothing usable was heard."""
    if not value:
        return None
    if value in PARTS_OF_DAY:
        return TimeOfDay(*PARTS_OF_DAY[value])
    match = _CLOCK.match(value)
    return TimeOfDay(int(match[1]), int(match[2])) if match else None


def clock_time(at: TimeOfDay) -> str:
    """The time as AMAZON.TIME gives it ("08:00"), for a question's answer to carry."""
    return f"{at.hour:02d}:{at.minute:02d}"


def time_of_rule(rule: str) -> TimeOfDay | None:
    """The time a daily recurrence rule rings at, if it is one."""
    fields = dict(p.split("=", 1) for p in rule.strip(";").split(";") if "=" in p)
    if fields.get("FREQ") != "DAILY":
        return None
    try:
        return TimeOfDay(int(fields.get("BYHOUR", "")), int(fields.get("BYMINUTE", "0")))
    except ValueError:
        return None


class Outcome(StrEnum):
    """How a request to Alexa's Reminders API went."""

    DONE = "done"
    NEEDS_PERMISSION = "needs_permission"  # 401 or 403: the person has not granted it
    TOO_MANY = "too_many"  # 429
    UNAVAILABLE = "unavailable"  # 5xx, a timeout, or the API unreachable
    NO_TIME = "no_time"  # nothing usable was heard for when
    DECLINED = "declined"  # asked by voice, the person did not grant the permission


@dataclass(frozen=True)
class ReminderSet:
    """A daily reminder was asked for: how it went, and when it rings."""

    outcome: Outcome
    at: TimeOfDay | None = None
    already: bool = False  # one at that time was there already: nothing new was made
    moved: bool = False  # it replaces the reminders there were at other times


@dataclass(frozen=True)
class MoveOrAdd:
    """A reminder was asked for at one time while there are some at others: move them, or add
    one more? (Asked, never guessed: two a day may be what they want, or a change of time.)"""

    at: TimeOfDay
    existing: tuple[TimeOfDay, ...]
    outcome: Outcome = Outcome.DONE


@dataclass(frozen=True)
class ReminderStatus:
    """ "Do I have a reminder": how asking went, and the times of the skill's daily reminders."""

    outcome: Outcome
    times: tuple[TimeOfDay, ...] = ()


@dataclass(frozen=True)
class ReminderCancelled:
    """ "Cancel my reminder": how it went, and how many were cancelled."""

    outcome: Outcome
    count: int = 0
    left: int = 0  # still set: more than one turn may cancel


ReminderReply = ReminderSet | ReminderStatus | ReminderCancelled | MoveOrAdd
