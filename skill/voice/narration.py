"""A step of a routine as speech: the lead-in, the setup, every rep and timed hold.

The rhythm: the full cue on the first reps, then a short counted cue; every rep has a movement
cue and a release; a moment to get into position before a hold's time starts; the count said
at the start, progress marked, and the end of the set said. Ranges and background are not
narrated: "how long do I hold" and "why am I doing this" answer them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from skill.domain.content import Part, Routine, Step
from skill.domain.replies import Lead
from skill.voice.holds import SHORT_HOLD, hold_segments
from skill.voice.numbers import duration, minutes, times, words
from skill.voice.ssml import Pause, Say, Segment, segments_seconds

REST_BETWEEN_REPS_MS = 1_500
SETTLE_MS = 1_500  # from the movement cue to "Hold": time to get into the stretch
GET_READY_MS = 5_000  # after a change of posture or equipment, before the first rep
FULL_CUE_REPS = 2  # reps that get the full cue before the short one takes over
DISCLAIMER = (
    "First, a note: these are general stretches, not medical advice. "
    "Stop if anything hurts more than a little."
)
GET_READY = "Take a moment to get set."
LAST_ONE = "Last one."
_SET_DONE = ("Nice work.", "Well done.", "Good job.", "Lovely.")
_AGAIN = ("Again.", "And again.", "Once more.")  # short cues for moves that have none of their own
_RELEASE = ("And release.", "And ease off.", "Relax.")


def share_label(part: Part) -> str | None:
    """'holds four and five', 'hold three': which of the set a step narrates, if not all."""
    if part.span is None:
        return None
    first, last = part.span
    noun = "hold" if part.hold.value > 0 else "rep"
    if first == last:
        return f"{noun} {words(first)}"
    joiner = " and " if last == first + 1 else " to "
    return f"{noun}s {words(first)}{joiner}{words(last)}"


def step_label(step: Step) -> str:
    """'knee to chest, left leg', 'chin to chest, holds one to three', or 'pelvic tilt'."""
    pieces = [step.move.name, step.part.label, share_label(step.part)]
    return ", ".join(p for p in pieces if p)


def lead_in(step: Step, lead: Lead) -> str:
    """The sentence that says which step this is and why we are on it."""
    routine, move = step.routine, step.move
    numbered = f"Move {words(step.move_index + 1)} of {words(len(routine.moves))}, {move.name}"
    detail = ", ".join(p for p in (step.part.label, share_label(step.part)) if p)
    match lead:
        case Lead.AGAIN:
            return f"Again: {step_label(step)}."
        case Lead.BACK:
            return f"Back to {step_label(step)}."
        case Lead.BACK_AT_START:
            return f"This is the first step, so here it is again: {step_label(step)}."
        case Lead.SKIP:
            return f"Skipping ahead. {numbered}" + (f", {detail}." if detail else ".")
        case Lead.FROM_TOP:
            return f"From the top. {numbered}" + (f", {detail}." if detail else ".")
        case Lead.RESUME:
            return f"Picking up {routine.name} at {step_label(step)}."
        case Lead.EASIER:
            return f"An easier way, then: {step_label(step)}."
        case Lead.FIRST if step.index == 0:
            side = step.part.label
            return f"First, {move.name}" + (f", {side}." if side else ".")
        case Lead.FIRST | Lead.NEXT if step.is_first_of_move:
            side = step.part.label  # which share of the set comes in the count that follows
            return f"{numbered}" + (f", {side}." if side else ".")
        case _ if _same_side_continues(step):
            return f"{move.name.capitalize()}, {detail}."
        case _ if step.part.label and step.part.per:
            return f"Now switch to your {step.part.label}."
        case _:
            return f"Next, {_with_article(detail)}."


def _same_side_continues(step: Step) -> bool:
    """Whether this step carries on the set the step before it started (a later share)."""
    part = step.part
    return part.span is not None and part.span[0] > 1


def _reps_intro(part: Part) -> str:
    """How many times, said once at the start of the reps: 'Ten times.'"""
    reps = part.rep_numbers
    if part.span is not None:
        share, total = len(reps), part.reps.value
        what = "holds" if part.hold.value > 0 else "reps"
        if reps[0] == 1 and part.alternate:
            return f"{times(total).capitalize()} {_each_way(part)}; {words(share)} now."
        if reps[0] == 1:
            return f"{words(total).capitalize()} {what}; {words(share)} now."
        if part.ends_set:
            return "The last one." if share == 1 else f"The last {words(share)}."
        return f"{words(share).capitalize()} more now."
    count = times(part.reps.value).capitalize()
    if part.alternate:
        return f"{count}, {_each_way(part)}."
    if part.per and part.label:
        return f"{count} on this {part.per}."
    return f"{count}."


def _each_way(part: Part) -> str:
    return "each side" if part.per == "side" else "each way"


def _hold_start(part: Part, first: bool) -> list[Segment]:
    """The moment to settle and the "Hold" cue; the hold's time starts as it ends."""
    hold = part.hold.value
    if hold <= SHORT_HOLD or not first:
        return [Pause(SETTLE_MS), Say("Hold.")]
    return [Pause(SETTLE_MS), Say(f"Hold for {duration(hold)}.")]


def _progress_every(reps: int) -> int:
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
    takes), and after it (release, progress, rest). A screen's countdown times itself by these."""

    rep: Rep
    before: tuple[Segment, ...]
    timed: tuple[Segment, ...]
    after: tuple[Segment, ...]
    held: bool  # a timed hold, rather than a moving rep


def rep_blocks(part: Part, set_done: str = _SET_DONE[0]) -> list[RepBlock]:
    """Every rep this step narrates: cue, settle, timed hold, release, progress, rest."""
    out: list[RepBlock] = []
    reps = reps_of(part)
    sides = len(part.alternate or ("",))
    every = _progress_every(len(part.rep_numbers))
    held = part.hold.value > 0
    for index, rep in enumerate(reps):
        before: list[Segment] = [Say(rep.cue)]
        if held:
            before += _hold_start(part, first=index == 0)
            timed = hold_segments(part.hold.value)
        else:
            timed = [Pause(part.rep_seconds * 1000)]
        after: list[Segment] = [Say(rep.release)]
        if index == len(reps) - 1:
            after.append(Say(_set_done(part, set_done)))
        elif (index + 1) % sides == 0:
            count = rep.number - part.rep_numbers[0] + 1
            if part.alternate and count % every == 0:
                # Alternating cues name the side, not the count, so progress is marked here.
                after.append(Say(f"That's {words(rep.number)}."))
            after.append(Pause(REST_BETWEEN_REPS_MS))
        out.append(RepBlock(rep, tuple(before), tuple(timed), tuple(after), held))
    return out


def rep_segments(part: Part, set_done: str = _SET_DONE[0]) -> list[Segment]:
    """Every rep this step narrates, as one run of segments."""
    return [s for b in rep_blocks(part, set_done) for s in (*b.before, *b.timed, *b.after)]


def _set_done(part: Part, praise: str) -> str:
    reps = part.rep_numbers
    if not part.ends_set:
        return f"That's {words(reps[-1])} of {words(part.reps.value)}."
    if len(reps) == 1 and part.reps.value == 1:
        return praise
    return f"That's {words(part.reps.value)}. {praise}"


def next_label(step: Step) -> str:
    """What 'next' leads to from this step, as a short phrase."""
    if step.is_last:
        return "the finish"
    following = step.routine.steps[step.index + 1]
    if following.move_index != step.move_index:
        return following.move.name
    label = following.part.label
    if label and label != step.part.label:
        return f"your {label}" if following.part.per else _with_article(label)
    share = len(following.part.rep_numbers)
    return f"the last {words(share)}" if following.part.ends_set else f"the next {words(share)}"


def _with_article(label: str) -> str:
    """'the second set', but 'both knees'."""
    first = label.split()[0]
    return f"the {label}" if first in {"second", "third", "fourth", "last", "other"} else label


def step_prompt(step: Step) -> tuple[str, str]:
    """What to say after a step, and the reprompt if the person stays quiet."""
    if step.is_last:
        return (
            'That was the last one. Say "next" to finish, or "repeat" to do it again.',
            'Say "next" to finish the routine.',
        )
    following = next_label(step)
    return (
        f'Say "next" for {following}, or "repeat" to go again.',
        f'Say "next" when you\'re ready for {following}.',
    )


def _setup(step: Step, lead: Lead) -> list[Segment]:
    """Where to be and what to do, said when a move starts or a step is picked up again."""
    move = step.move
    fresh = lead in (
        Lead.RESUME,
        Lead.BACK,
        Lead.AGAIN,
        Lead.BACK_AT_START,
        Lead.FROM_TOP,
        Lead.EASIER,
    )
    if not (step.is_first_of_move or fresh):
        return []
    # A setup says where to be (not "stay where you are"), so it works when picked up again.
    out: list[Segment] = [Say(move.setup)]
    if step.is_first_of_move and step.changes_setup and step.index > 0:
        out += [Say(GET_READY), Pause(GET_READY_MS)]
    return out


def narrate_step(
    step: Step, lead: Lead, disclaimer: bool = False, easier: bool = False
) -> list[Segment]:
    """The whole narration of one step, ending with what to say next.

    easier narrates the low end of the source's ranges (see Part.easier)."""
    part = (step.part.easier() or step.part) if easier else step.part
    return [
        *opening(step, lead, disclaimer, part),
        *rep_segments(part, set_done_praise(step)),
        Say(step_prompt(step)[0]),
    ]


def set_done_praise(step: Step) -> str:
    """The praise that ends this step's set (they take turns from step to step)."""
    return _SET_DONE[step.index % len(_SET_DONE)]


def opening(
    step: Step, lead: Lead, disclaimer: bool = False, part: Part | None = None
) -> list[Segment]:
    """Everything said before the first rep: note, intro, lead-in, setup, how many."""
    move, part = step.move, part or step.part
    out: list[Segment] = []
    if disclaimer:
        out += [Say(DISCLAIMER), Pause(500)]
    if lead is Lead.FIRST:
        out.append(Say(routine_intro(step.routine)))
        out += [Say(caution) for caution in step.routine.cautions]
    out.append(Say(lead_in(step, lead)))
    out += _setup(step, lead)
    out += [Say(line) for line in part.instructions]
    if step.is_first_of_move and lead not in (Lead.AGAIN, Lead.EASIER):
        out += [Say(caution) for caution in move.cautions]
    out.append(Say(_reps_intro(part)))
    out.append(Pause(1_000))
    return out


@cache
def routine_seconds(routine: Routine) -> float:
    """How long the whole routine takes, narrated straight through."""
    return sum(step_seconds(s) for s in routine.steps)


@cache
def step_seconds(step: Step) -> float:
    """How long one step takes to narrate, reached by "next"."""
    return segments_seconds(narrate_step(step, Lead.NEXT))


def seconds_after(step: Step) -> float:
    """How long the rest of the routine takes after this step."""
    return sum(step_seconds(s) for s in step.routine.steps[step.index + 1 :])


def routine_minutes(routine: Routine) -> int:
    """The routine's length, rounded to whole minutes (at least one)."""
    return max(1, round(routine_seconds(routine) / 60))


def routine_intro(routine: Routine) -> str:
    """'Lower back stretches: five moves, about eight minutes. Lie on your back on a mat.'"""
    count = len(routine.moves)
    return (
        f"{routine.name.capitalize()}: {words(count)} move{'s' if count != 1 else ''}, "
        f"about {minutes(routine_minutes(routine))}. {routine.setup}"
    )
