"""A step of a routine as speech: the lead-in, the instructions, every rep and timed hold."""

from __future__ import annotations

import math

from skill.domain.content import Part, Routine, Step
from skill.domain.replies import Lead
from skill.voice.holds import SHORT_HOLD, hold_segments
from skill.voice.numbers import amount, minutes, seconds, times, words
from skill.voice.ssml import Pause, Say, Segment, segments_seconds

REST_BETWEEN_REPS_MS = 1_500
DISCLAIMER = (
    "A quick note before we begin: these are general stretches, not medical advice, so check "
    "with your doctor or physiotherapist before you start something new. A little discomfort "
    "is normal, but if the pain is more than mild, or lasts longer than about fifteen minutes, "
    "stop and speak to a doctor."
)
_SET_DONE = ("Nice work.", "Well done.", "Good job.", "That's the set.")


def step_label(step: Step) -> str:
    """'knee to chest, left leg' or 'pelvic tilt'."""
    label = step.part.label
    return f"{step.move.name}, {label}" if label else step.move.name


def round_label(label: str | None, rep: int) -> str:
    """'left side, round two', or 'round two' for a one-sided move."""
    return f"{label}, round {words(rep)}" if label else f"round {words(rep)}"


def lead_in(step: Step, lead: Lead) -> str:
    """The sentence that says which step this is and why we are on it."""
    routine, move = step.routine, step.move
    numbered = f"Move {words(step.move_index + 1)} of {words(len(routine.moves))}, {move.name}"
    side = f" Now for the {step.part.label}." if step.part.label else ""
    match lead:
        case Lead.AGAIN:
            return f"Again: {step_label(step)}."
        case Lead.BACK:
            return f"Back to {step_label(step)}."
        case Lead.BACK_AT_START:
            return f"This is the first step, so here it is again: {step_label(step)}."
        case Lead.SKIP:
            return f"Skipping ahead. {numbered}."
        case Lead.FROM_TOP:
            return f"From the top. {numbered}."
        case Lead.RESUME:
            return f"Picking up {routine.name} at {step_label(step)}."
        case Lead.FIRST | Lead.NEXT if step.is_first_of_move:
            return f"{numbered}.{side}"
        case _ if step.part.round:
            return f"Next, {step_label(step)}."
        case _:
            return f"Now switch: {step_label(step)}."


def _reps_intro(part: Part, with_ranges: bool) -> str:
    """How many times, and (once per move) the range the source gives."""
    if part.round:
        text = f"This is round {words(part.round)} of {words(part.reps.value)}"
        text += f" on each {part.per}." if part.per else "."
        if part.hold.is_range and with_ranges:
            text += (
                f" {amount(part.hold.low, part.hold.high).capitalize()} seconds is the usual hold."
            )
        return text
    per = f" on this {part.per}" if part.per and part.label else ""
    per = f" on each {part.per}" if part.per and not part.label and part.alternate else per
    text = f"We'll do it {times(part.reps.value)}{per}."
    if part.reps.is_range and with_ranges:
        text += f" Anywhere from {amount(part.reps.low, part.reps.high)} is fine."
    if part.hold.is_range and with_ranges:
        text += (
            f" I'll count {seconds(part.hold.value)} for each hold;"
            f" {amount(part.hold.low, part.hold.high)} seconds is the usual range."
        )
    return text


def _hold(part: Part, first: bool) -> list[Segment]:
    hold = part.hold.value
    if hold <= 0:
        return [Pause(part.rep_seconds * 1000)]
    if hold <= SHORT_HOLD or not first:
        return [Say("Hold."), *hold_segments(hold)]
    return [Say(f"Hold for {seconds(hold)}."), *hold_segments(hold)]


def _progress_every(reps: int) -> int:
    return 1 if reps <= 5 else math.ceil(reps / 4)


def rep_segments(part: Part, set_done: str = _SET_DONE[0]) -> list[Segment]:
    """Every rep of a part: cue, timed hold, release, progress, and a rest between reps."""
    out: list[Segment] = []
    n = 1 if part.round else part.reps.value
    every = _progress_every(n)
    for rep in range(1, n + 1):
        sides = part.alternate or ("",)
        for side in sides:
            out.append(Say(part.cue.format(side=side)))
            out += _hold(part, first=rep == 1 and side == sides[0])
            if part.hold.value > 0:
                out.append(Say(part.release))
        if rep == n:
            out.append(Say(f"{words(n).capitalize()}. {set_done}" if n > 1 else set_done))
        else:
            if rep % every == 0:
                out.append(Say(f"That's {words(rep)}."))
            out.append(Pause(REST_BETWEEN_REPS_MS))
    return out


def next_label(step: Step) -> str:
    """What 'next' leads to from this step, as a short phrase."""
    if step.is_last:
        return "the finish"
    following = step.routine.steps[step.index + 1]
    label = following.part.label
    if following.move_index == step.move_index and label:
        return f"your {label}" if following.part.per else label  # "your right leg", "both knees"
    return following.move.name


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


def narrate_step(step: Step, lead: Lead, disclaimer: bool = False) -> list[Segment]:
    """The whole narration of one step, ending with what to say next."""
    move, part = step.move, step.part
    out: list[Segment] = []
    if disclaimer:
        out += [Say(DISCLAIMER), Pause(500)]
    if lead is Lead.FIRST:
        out.append(Say(routine_intro(step.routine)))
        out += [Say(caution) for caution in step.routine.cautions]
    out.append(Say(lead_in(step, lead)))
    if step.is_first_of_move and lead is not Lead.AGAIN:
        out.append(Say(move.purpose))
    if step.is_first_of_move or lead in (Lead.RESUME, Lead.BACK, Lead.AGAIN):
        out.append(Say(move.setup))
    out += [Say(line) for line in part.instructions]
    if step.is_first_of_move and lead is not Lead.AGAIN:
        out += [Say(caution) for caution in move.cautions]
    out.append(Say(_reps_intro(part, step.is_first_of_move and lead is not Lead.AGAIN)))
    out.append(Pause(1_000))
    out += rep_segments(part, _SET_DONE[step.index % len(_SET_DONE)])
    out.append(Say(step_prompt(step)[0]))
    return out


def routine_seconds(routine: Routine) -> float:
    """How long the whole routine takes, narrated straight through."""
    return sum(segments_seconds(narrate_step(s, Lead.NEXT)) for s in routine.steps)


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
