"""The voice targets, measured on every step of every routine as a person would hear it.

A step takes about 45 to 120 s to say; a routine's opening (first-time note, intro, first setup)
is at most 35 s; every hold's silence and cues come to its time within 15 %, timed from the end
of the "Hold" cue; no sentence of four or more words is said more than three times in a reply.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.domain.replies import Lead
from skill.domain.routines import Catalog, Routine, Step
from skill.voice.holds import hold_segments
from skill.voice.narration import GET_READY, GET_READY_MS, narrate_step, opening
from skill.voice.reps import FULL_CUE_REPS, SETTLE_MS, rep_segments, reps_of
from skill.voice.ssml import Pause, Say, segments_seconds
from tests.support.speech import content_catalog
from tools.voice_report import (
    LONGEST_OPENING,
    LONGEST_STEP,
    MOST_REPEATS,
    SHORTEST_STEP,
    most_repeated,
    opening_seconds,
    reply_lengths,
    report_step,
)

CONTENT = Path(__file__).resolve().parents[2] / "content"
CATALOG: Catalog = content_catalog()
STEPS = [step for routine in CATALOG.routines for step in routine.steps]
# The step checks take one routine a test and name the step that fails: a test of its own for
# each of some 600 (step, check) pairs cost pytest more than the check.
ROUTINES = {routine.id: routine for routine in CATALOG.routines}


def _id(step: Step) -> str:
    return f"{step.routine.id}-{step.index + 1}"


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_every_step_takes_about_45_to_120_seconds(routine_id: str) -> None:
    for step in ROUTINES[routine_id].steps:
        row = report_step(step)
        assert "long" not in row.flags, f"{_id(step)}: {row.seconds:.0f} s, over {LONGEST_STEP:.0f}"
        assert "short" not in row.flags, (
            f"{_id(step)}: {row.seconds:.0f} s, under {SHORTEST_STEP:.0f}"
        )


@pytest.mark.parametrize("routine", CATALOG.routines, ids=lambda r: r.id)
def test_each_routines_opening_is_at_most_35_seconds_for_a_first_time_person(
    routine: Routine,
) -> None:
    assert opening_seconds(routine.steps[0]) <= LONGEST_OPENING


@pytest.mark.parametrize("routine_id", ROUTINES)
@pytest.mark.parametrize("lead", [Lead.NEXT, Lead.AGAIN, Lead.RESUME])
def test_no_long_sentence_is_said_more_than_three_times_in_a_reply(
    routine_id: str, lead: Lead
) -> None:
    for step in ROUTINES[routine_id].steps:
        sentence, count = most_repeated(narrate_step(step, lead))
        assert count <= MOST_REPEATS, f"{_id(step)}: {sentence!r} said {count} times"


HOLD_STEPS = [s for s in STEPS if s.part.hold.value > 0]


@pytest.mark.parametrize("seconds", sorted({s.part.hold.value for s in HOLD_STEPS}))
def test_every_hold_in_the_content_comes_to_its_time_within_fifteen_percent(seconds: int) -> None:
    assert segments_seconds(hold_segments(seconds)) == pytest.approx(seconds, rel=0.15)


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_each_holds_time_starts_after_the_hold_cue_and_a_moment_to_settle(routine_id: str) -> None:
    holds = [step for step in HOLD_STEPS if step.routine.id == routine_id]
    for step in holds:
        segments = rep_segments(step.part)
        timed = hold_segments(step.part.hold.value)
        starts = [
            i for i, s in enumerate(segments) if isinstance(s, Say) and s.text.startswith("Hold")
        ]
        assert len(starts) == len(reps_of(step.part)), _id(step)
        for i in starts:
            assert segments[i - 1] == Pause(SETTLE_MS), _id(step)
            assert segments[i + 1 : i + 1 + len(timed)] == timed, _id(step)
            assert isinstance(segments[i + 1 + len(timed)], Say), _id(step)  # the release at once
    assert 1_000 <= SETTLE_MS <= 3_000


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_every_rep_has_a_movement_cue_and_a_release(routine_id: str) -> None:
    for step in ROUTINES[routine_id].steps:
        reps = reps_of(step.part)
        assert len(reps) == len(step.part.rep_numbers) * max(1, len(step.part.alternate)), _id(step)
        spoken = [s.text for s in rep_segments(step.part) if isinstance(s, Say)]
        for rep in reps:
            assert rep.cue.strip(), _id(step)
            assert rep.release.strip(), _id(step)
            assert rep.cue in spoken, _id(step)
            assert rep.release in spoken, _id(step)


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_the_full_cue_is_given_on_the_first_reps_then_a_short_counted_one(routine_id: str) -> None:
    for step in ROUTINES[routine_id].steps:
        reps = reps_of(step.part)
        part = step.part
        full = {part.cue.format(side=r.side) if part.alternate else part.cue for r in reps}
        if part.alternate and len(part.rep_numbers) <= 3:
            first = len(reps)  # a short alternating set: each side's full cue, three times at most
        else:
            first = FULL_CUE_REPS * max(1, len(part.alternate))
        # A later share of a set says its count first: "Six. Breathe out, belly in."
        assert all(any(r.cue.endswith(f) for f in full) for r in reps[:first]), _id(step)
        for rep in reps[first:]:
            assert not any(rep.cue.endswith(f) for f in full), _id(step)
            assert len(rep.cue.split()) <= 5, _id(step)


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_a_change_of_posture_or_equipment_gets_time_to_get_ready(routine_id: str) -> None:
    for step in ROUTINES[routine_id].steps:
        segments = opening(step, Lead.NEXT)
        announced = Say(GET_READY) in segments
        expected = step.is_first_of_move and step.index > 0 and step.changes_setup
        assert announced == expected, _id(step)
        if announced:
            assert segments[segments.index(Say(GET_READY)) + 1] == Pause(GET_READY_MS), _id(step)
    assert GET_READY_MS >= 3_000


def test_the_content_has_changes_of_posture_and_equipment_to_announce() -> None:
    changes = [s for s in STEPS if s.is_first_of_move and s.index > 0 and s.changes_setup]
    assert any(s.move.equipment for s in changes)  # the towel, the wall, the weights
    assert any(s.previous_move and s.previous_move.posture != s.move.posture for s in changes)


def test_the_replies_with_a_length_target_meet_it() -> None:
    """The welcome and the pain replies, as the voice report prints them (issue 22)."""
    lengths = reply_lengths(CATALOG)
    targeted = [(name, seconds, target) for name, seconds, target in lengths if target]
    assert len(targeted) == 3
    for name, seconds, target in targeted:
        assert seconds < target, name
