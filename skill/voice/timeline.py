"""When each rep of a narrated step happens, in seconds from the start of its speech.

Worked out from the very segments the step is narrated in (the same words, settles, holds and
rests), at the speaking rate `ssml.speech_seconds` assumes. It is an estimate of Alexa's speech,
not a measurement: a screen that counts along with it can drift by a few seconds over a step, and
knows nothing of a person cutting the speech short.
"""

from __future__ import annotations

from dataclasses import dataclass

from skill.domain.delivery import Holds, Pace, delivered
from skill.domain.replies import Lead
from skill.domain.routines import Step
from skill.voice.narration import opening, set_done_praise
from skill.voice.pace import RATE
from skill.voice.reps import rep_blocks
from skill.voice.ssml import segments_seconds


@dataclass(frozen=True)
class Beat:
    """One rep on the clock: when its cue starts, when its timed part (the hold, or the time a
    moving rep takes) starts and ends."""

    number: int  # the rep's number in the whole set, from 1
    side: str  # for alternating moves, the side this rep works ("" otherwise)
    starts: float
    timed_from: float
    ends: float
    held: bool  # a timed hold, rather than a moving rep

    @property
    def seconds(self) -> float:
        """How long the timed part lasts."""
        return self.ends - self.timed_from


def beats(
    step: Step,
    lead: Lead,
    disclaimer: bool = False,
    easier: bool = False,
    pace: Pace = Pace.NORMAL,
    holds: Holds = Holds.NORMAL,
) -> list[Beat]:
    """Every rep of the step's narration on the clock, earliest first (see the module note)."""
    part = delivered(step.part, easier, holds)
    rate = RATE[pace]
    before = opening(step, lead, disclaimer, part)
    clock = segments_seconds(before, rate)
    out: list[Beat] = []
    for block in rep_blocks(part, set_done_praise(step), pace):
        starts = clock
        timed_from = starts + segments_seconds(block.before, rate)
        ends = timed_from + segments_seconds(block.timed, rate)
        out.append(Beat(block.rep.number, block.rep.side, starts, timed_from, ends, block.held))
        clock = ends + segments_seconds(block.after, rate)
    return out
