"""Narrating steps of the lower back routine: numbers, limits and wording that must hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skill.domain.replies import Lead
from skill.domain.routines import Routine, Step
from skill.voice.holds import hold_segments
from skill.voice.narration import DISCLAIMER, narrate_step, routine_minutes
from skill.voice.ssml import MAX_AUDIO_SECONDS, MAX_SSML_CHARS, Say, render, segments_seconds
from tests.support.checks import check_ssml
from tests.support.speech import content_catalog

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def lower_back() -> Routine:
    routine = content_catalog().get("lower-back")
    assert routine is not None
    return routine


def texts(step: Step, lead: Lead = Lead.NEXT, disclaimer: bool = False) -> str:
    return " ".join(s.text for s in narrate_step(step, lead, disclaimer) if isinstance(s, Say))


def test_lower_back_has_the_five_moves_of_the_article_in_order(lower_back: Routine) -> None:
    assert [m.name for m in lower_back.moves] == [
        "pelvic tilt",
        "knee to chest",
        "lower trunk rotation",
        "hamstring stretch",
        "bridge",
    ]


def test_lower_back_carries_the_articles_numbers(lower_back: Routine) -> None:
    tilt, knee, rotation, hamstring, bridge = lower_back.moves
    assert (tilt.parts[0].hold.value, tilt.parts[0].reps.value) == (5, 10)
    assert [p.label for p in knee.parts] == ["left leg", "right leg", "both knees"]
    assert {(p.hold.value, p.reps.low, p.reps.high) for p in knee.parts} == {(10, 3, 5)}
    assert (rotation.parts[0].hold.low, rotation.parts[0].hold.high) == (3, 5)
    assert (rotation.parts[0].reps.low, rotation.parts[0].reps.high) == (5, 10)
    assert rotation.parts[0].alternate == ("left", "right")
    assert [(p.hold.low, p.hold.high, p.reps.value) for p in hamstring.parts] == [(10, 20, 3)] * 2
    assert (bridge.parts[0].hold.low, bridge.parts[0].hold.high, bridge.parts[0].reps.value) == (
        3,
        5,
        10,
    )


def test_every_step_stays_inside_alexas_limits_with_every_lead(lower_back: Routine) -> None:
    for step in lower_back.steps:
        for lead in Lead:
            segments = narrate_step(step, lead, disclaimer=True)
            ssml = render(segments)
            check_ssml(ssml)
            assert len(ssml) < MAX_SSML_CHARS
            assert segments_seconds(segments) < MAX_AUDIO_SECONDS


def step_of(routine: Routine, move: str, label: str | None = None, first: int = 1) -> Step:
    """The step of a move (and side) whose share of the set starts at rep `first`."""
    return next(
        s
        for s in routine.steps
        if s.move.id == move
        and (label is None or s.part.label == label)
        and s.part.rep_numbers[0] == first
    )


def test_every_rep_is_narrated_with_its_timed_hold(lower_back: Routine) -> None:
    for step in lower_back.steps:
        part = step.part
        hold = render(hold_segments(part.hold.value))[len("<speak>") : -len("</speak>")]
        holds = render(narrate_step(step, Lead.NEXT)).count(hold)
        assert holds == len(part.rep_numbers) * max(1, len(part.alternate)), step.move.id


def test_reps_are_counted_and_the_end_of_the_set_is_said(lower_back: Routine) -> None:
    first, rest = step_of(lower_back, "pelvic-tilt"), step_of(lower_back, "pelvic-tilt", first=6)
    assert "Ten holds; five now." in texts(first)
    assert "Three. Belly in." in texts(first)
    assert "That's five of ten." in texts(first)
    assert "The last five." in texts(rest)
    assert re.search(r"That's ten\. (Nice work|Well done|Good job|Lovely)\.", texts(rest))


def test_ranges_are_left_to_how_long_do_i_hold(lower_back: Routine) -> None:
    knee = step_of(lower_back, "knee-to-chest", "left leg")
    spoken = texts(knee)
    assert "Three times on this leg." in spoken
    assert "three to five" not in spoken
    assert "three to five" not in texts(knee, Lead.AGAIN)


def test_sides_are_announced(lower_back: Routine) -> None:
    assert "left leg" in texts(step_of(lower_back, "knee-to-chest", "left leg"))
    assert "Now switch to your right leg." in texts(
        step_of(lower_back, "knee-to-chest", "right leg")
    )
    rotation = texts(step_of(lower_back, "lower-trunk-rotation"))
    assert rotation.count("Knees over to the left.") == 2  # each side's full cue, twice
    assert rotation.count("Knees over to the right.") == 2


def test_the_first_step_opens_with_the_routine_length_and_disclaimer(lower_back: Routine) -> None:
    spoken = texts(lower_back.steps[0], Lead.FIRST, disclaimer=True)
    assert spoken.startswith(DISCLAIMER)
    minutes = routine_minutes(lower_back)
    assert 5 <= minutes <= 30
    assert "Lower back stretches: five moves, about" in spoken
    assert "First, pelvic tilt." in spoken


def test_repeat_skips_purpose_and_cautions_but_keeps_setup_and_instructions(
    lower_back: Routine,
) -> None:
    step = lower_back.steps[0]
    again = texts(step, Lead.AGAIN)
    assert again.startswith("Again: pelvic tilt, holds one to five.")
    assert step.move.purpose not in again
    assert step.move.cautions[0] not in again
    assert step.move.setup in again
    assert step.part.instructions[0] in again
    assert step.move.cautions[0] in texts(step, Lead.NEXT)


def test_each_step_ends_by_saying_what_comes_next(lower_back: Routine) -> None:
    right = step_of(lower_back, "knee-to-chest", "right leg")
    assert texts(right).endswith('Say "next" for both knees, or "repeat" to go again.')
    assert texts(step_of(lower_back, "pelvic-tilt", first=6)).endswith(
        'Say "next" for knee to chest, or "repeat" to go again.'
    )
    assert texts(step_of(lower_back, "pelvic-tilt")).endswith(
        'Say "next" for the last five, or "repeat" to go again.'
    )
    assert texts(step_of(lower_back, "knee-to-chest", "left leg")).endswith(
        'Say "next" for your right leg, or "repeat" to go again.'
    )
    assert texts(lower_back.steps[-1]).endswith(
        'That was the last one. Say "next" to finish, or "repeat" to do it again.'
    )
