"""How a person likes their routine delivered, remembered between sessions: the pace (how fast
the voice speaks and how long the gaps between reps are; holds stay true to the second) and the
length of holds, moved within the source's range and never outside it."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from skill.domain.routines import Part


class Pace(StrEnum):
    SLOWER = "slower"
    NORMAL = "normal"
    FASTER = "faster"


class Holds(StrEnum):
    SHORTER = "shorter"  # the low end of the source's range
    NORMAL = "normal"  # the number we narrate
    LONGER = "longer"  # the high end of the source's range


def delivered(part: Part, easier: bool = False, holds: Holds = Holds.NORMAL) -> Part:
    """The part as narrated: the easier way (the low end of every range) when taken, else with
    its holds at the end of the source's range the person asked for."""
    if easier:
        return part.easier() or part
    hold = part.hold
    if holds is Holds.LONGER and hold.high > hold.value:
        return replace(part, hold=replace(hold, value=hold.high))
    if holds is Holds.SHORTER and 0 < hold.low < hold.value:
        return replace(part, hold=replace(hold, value=hold.low))
    return part
