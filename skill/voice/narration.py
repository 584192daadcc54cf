"""A step of a routine as speech: the lead-in, the setup, the count, and every rep and timed
hold (reps.py says how each rep sounds).

A moment to get set on a change of posture or equipment; the count said once at the start.
Ranges and background are not narrated: "how long do I hold" and "why am I doing this" answer
them.
"""

from __future__ import annotations

from functools import cache

from skill.domain.delivery import Holds, Pace, delivered
from skill.domain.replies import Lead
from skill.domain.routines import Part, Routine, Step
from skill.voice.numbers import minutes, times, words
from skill.voice.reps import SET_DONE, rep_segments
from skill.voice.ssml import Pause, Say, Segment, segments_seconds

GET_READY_MS = 5_000  # after a change of posture or equipment, before the first rep
DISCLAIMER = (
    "First, a note: these are general stretches, not medical advice. "
    "Stop if anything hurts more than a little."
)
GET_READY = "Take a moment to get set."


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
            return f"Picking up {title(routine)} at {step_label(step)}."
        case Lead.EASIER:
            return f"An easier way, then: {step_label(step)}."
        case Lead.QUICK:
            return f"{quick_from_here(step)} {numbered}" + (f", {detail}." if detail else ".")
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
        Lead.QUICK,
    )
    if not (step.is_first_of_move or fresh):
        return []
    # A setup says where to be (not "stay where you are"), so it works when picked up again.
    out: list[Segment] = [Say(move.setup)]
    if step.is_first_of_move and step.changes_setup and step.index > 0:
        out += [Say(GET_READY), Pause(GET_READY_MS)]
    return out


def narrate_step(
    step: Step,
    lead: Lead,
    disclaimer: bool = False,
    easier: bool = False,
    pace: Pace = Pace.NORMAL,
    holds: Holds = Holds.NORMAL,
) -> list[Segment]:
    """The whole narration of one step, ending with what to say next.

    easier narrates the low end of the source's ranges (see Part.easier); holds moves the holds
    within them; pace sets the gaps between reps (the voice's rate is the Speech's)."""
    part = delivered(step.part, easier, holds)
    return [
        *opening(step, lead, disclaimer, part),
        *rep_segments(part, set_done_praise(step), pace),
        Say(step_prompt(step)[0]),
    ]


def set_done_praise(step: Step) -> str:
    """The praise that ends this step's set (they take turns from step to step)."""
    return SET_DONE[step.index % len(SET_DONE)]


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
    """'Lower back stretches: five moves, about eight minutes. Lie on your back on a mat.'; for
    a quick version, 'Quick lower back stretches: three moves, about nine minutes. ...'."""
    count = len(routine.moves)
    about = f"about {minutes(routine_minutes(routine))}"
    name = f"quick {routine.name}" if routine.is_quick else routine.name
    return f"{name.capitalize()}: {moves_said(count)}, {about}. {routine.setup}"


def title(routine: Routine) -> str:
    """The routine as named when it is the one under way: 'the quick lower back stretches' for
    its quick version."""
    return f"the quick {routine.name}" if routine.is_quick else routine.name


def moves_said(count: int) -> str:
    """'five moves', 'one move'."""
    return f"{words(count)} move{'s' if count != 1 else ''}"


def quick_from_here(step: Step) -> str:
    """'The quick version from here: two moves, about six minutes.'"""
    left = len(step.routine.moves) - step.move_index
    seconds = step_seconds(step) + seconds_after(step)
    return (
        f"The quick version from here: {moves_said(left)}, "
        f"about {minutes(max(1, round(seconds / 60)))}."
    )
