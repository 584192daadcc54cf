"""The reps of a step as speech: each rep's movement cue, the moment to settle, the timed hold
and the release, with the count said every few reps and the end of the set said.

The full cue is said on the first reps, then a short counted one, so no cue drones; every rep
has a movement cue and a release. The voice (narration.py) and a screen's countdown
(timeline.py) both read these blocks, so they cannot disagree about timing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from skill.domain.delivery import Pace
from skill.domain.routines import Part
from skill.voice.holds import SHORT_HOLD, hold_segments
from skill.voice.numbers import duration, words
from skill.voice.pace import RATE, gap_ms
from skill.voice.ssml import Pause, Say, Segment

REST_BETWEEN_REPS_MS = 1_500
SWITCH_SIDES_MS = 1_000  # between the sides of one held rep: lower one, then lift the other
SETTLE_MS = 1_500  # from the movement cue to "Hold": time to get into the stretch
FULL_CUE_REPS = 2  # reps that get the full cue before the short one takes over
LAST_ONE = "Last one."
SET_DONE = ("Nice work.", "Well done.", "Good job.", "Lovely.")
_AGAIN = ("Again.", "And again.", "Once more.")  # short cues for moves that have none of their own
# What is said when a hold ends: a move's own `release:` (content/*.yaml) on its first reps and
# its last, RELEASE when the file gives none; later reps its `short_release:`, else one of these.
RELEASE = "And relax."
_RELEASE = ("And release.", "And ease off.", "Relax.")


def _hold_start(part: Part, first: bool, pace: Pace) -> list[Segment]:
    """The moment to settle and the "Hold" cue; the hold's time starts as it ends."""
    hold = part.hold.value
    settle = Pause(gap_ms(SETTLE_MS, pace))
    if hold <= SHORT_HOLD or not first:
        return [settle, Say("Hold.")]
    return [settle, Say(f"Hold for {duration(hold)}.")]


def _count_every(reps: int) -> int:
    return 1 if reps <= 4 else (2 if reps <= 8 else 3)


@dataclass(frozen=True)
class Rep:
    """One rep as said: its number, the side for alternating moves, its two cues."""

    number: int
    side: str
    cue: str  # the movement: the full cue at first, then a short counted one
    release: str  # said when the hold or the movement ends
    last: bool  # the last rep of the set


def reps_of(part: Part) -> list[Rep]:
    """The reps a step narrates, each with its movement cue and release."""
    out: list[Rep] = []
    numbers = part.rep_numbers
    sides = part.alternate or ("",)
    for number in numbers:
        for side in sides:
            index = len(out)
            last = (
                part.ends_set
                and number == numbers[-1]
                and side == sides[-1]
                and len(numbers) * len(sides) > FULL_CUE_REPS
            )
            out.append(
                Rep(
                    number,
                    side,
                    _movement_cue(part, side, index, number, last),
                    _release_cue(part, side, index, last),
                    last,
                )
            )
    return out


def _full_cue_due(part: Part, index: int) -> bool:
    """Whether rep `index` (counting each side of an alternating rep) gets the full cue: the first
    reps do, and so does every rep of a short alternating set (each cue is said three times at
    most, so the full one never drones)."""
    if not part.alternate:
        return index < FULL_CUE_REPS
    rounds = len(part.rep_numbers)
    return rounds <= 3 or index // len(part.alternate) < FULL_CUE_REPS


def _movement_cue(part: Part, side: str, index: int, rep: int, last: bool) -> str:
    """The full cue for the first reps, then a short one, counted."""
    full = part.cue.format(side=side) if part.alternate else part.cue
    if _full_cue_due(part, index):
        # A later share of the set says where the count is, from its first rep.
        later = part.span is not None and part.span[0] > 1 and not part.alternate
        return f"{words(rep).capitalize()}. {full}" if later else full
    short = part.short_cue or _AGAIN[index % len(_AGAIN)]
    short = short.format(side=side) if part.alternate else short
    short = short[0].upper() + short[1:]
    if last:
        return f"{LAST_ONE} {short}"
    return short if part.alternate else f"{words(rep).capitalize()}. {short}"


def _release_cue(part: Part, side: str, index: int, last: bool) -> str:
    # A release is the same on both sides, so only the first reps and the last get it in full.
    if index < FULL_CUE_REPS or last:
        return part.release.format(side=side) if part.alternate else part.release
    return part.short_release or _RELEASE[index % len(_RELEASE)]


@dataclass(frozen=True)
class RepBlock:
    """One rep as said, in three stretches: up to the timed part (the movement cue, the moment to
    settle, "Hold"), the timed part itself (the hold with its cues, or the time a moving rep
    takes), and after it (release, count, rest). A screen's countdown times itself by these."""

    rep: Rep
    before: tuple[Segment, ...]
    timed: tuple[Segment, ...]
    after: tuple[Segment, ...]
    held: bool  # a timed hold, rather than a moving rep


@lru_cache(maxsize=1024)  # pure; content checks and the screen's countdown ask for each again
def rep_blocks(
    part: Part, set_done: str = SET_DONE[0], pace: Pace = Pace.NORMAL
) -> tuple[RepBlock, ...]:
    """Every rep this step narrates: cue, settle, timed hold, release, count, rest; the gaps
    at the person's pace, the holds true to the second at any pace."""
    out: list[RepBlock] = []
    reps = reps_of(part)
    sides = len(part.alternate or ("",))
    every = _count_every(len(part.rep_numbers))
    held = part.hold.value > 0
    for index, rep in enumerate(reps):
        before: list[Segment] = [Say(rep.cue)]
        if held:
            before += _hold_start(part, first=index == 0, pace=pace)
            timed = hold_segments(part.hold.value, RATE[pace])
        else:
            timed = [Pause(gap_ms(part.rep_seconds * 1000, pace))]
        after: list[Segment] = [Say(rep.release)]
        if index == len(reps) - 1:
            after.append(Say(_set_done(part, set_done)))
        elif (index + 1) % sides == 0:
            count = rep.number - part.rep_numbers[0] + 1
            if part.alternate and count % every == 0:
                # Alternating cues name the side, not the count, so the count is said here.
                after.append(Say(f"That's {words(rep.number)}."))
            after.append(Pause(gap_ms(REST_BETWEEN_REPS_MS, pace)))
        elif held:  # a held side done: a moment to lower it before the other side lifts
            after.append(Pause(gap_ms(SWITCH_SIDES_MS, pace)))
        out.append(RepBlock(rep, tuple(before), tuple(timed), tuple(after), held))
    return tuple(out)


def rep_segments(
    part: Part, set_done: str = SET_DONE[0], pace: Pace = Pace.NORMAL
) -> list[Segment]:
    """Every rep this step narrates, as one run of segments."""
    blocks = rep_blocks(part, set_done, pace)
    return [s for b in blocks for s in (*b.before, *b.timed, *b.after)]


def _set_done(part: Part, praise: str) -> str:
    reps = part.rep_numbers
    if not part.ends_set:
        return f"That's {words(reps[-1])} of {words(part.reps.value)}."
    if len(reps) == 1 and part.reps.value == 1:
        return praise
    return f"That's {words(part.reps.value)}. {praise}"
