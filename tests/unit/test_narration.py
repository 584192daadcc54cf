"""Narrating steps of the lower back routine: numbers, limits and wording that must hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skill.catalog import load_catalog
from skill.domain.content import Routine, Step
from skill.domain.replies import Lead
from skill.voice.holds import hold_segments
from skill.voice.narration import DISCLAIMER, narrate_step, routine_minutes
from skill.voice.ssml import MAX_AUDIO_SECONDS, MAX_SSML_CHARS, Say, render, segments_seconds
from tests.support.checks import check_ssml

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def lower_back() -> Routine:
    routine = load_catalog(CONTENT).get("lower-back")
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


def test_every_rep_is_narrated_with_its_timed_hold(lower_back: Routine) -> None:
    for step in lower_back.steps:
        part = step.part
        hold = render(hold_segments(part.hold.value))[len("<speak>") : -len("</speak>")]
        holds = render(narrate_step(step, Lead.NEXT)).count(hold)
        assert holds == part.reps.value * max(1, len(part.alternate)), step.move.id


def test_reps_are_counted_and_the_set_is_marked_done(lower_back: Routine) -> None:
    spoken = texts(lower_back.steps[0])
    assert "We'll do it ten times." in spoken
    assert "That's three." in spoken
    assert "That's six." in spoken
    assert re.search(r"Ten\. (Nice work|Well done|Good job|That's the set)\.", spoken)


def test_a_range_is_narrated_at_one_number_and_mentioned_once(lower_back: Routine) -> None:
    spoken = texts(lower_back.steps[1])
    assert "We'll do it three times on this leg." in spoken
    assert spoken.count("three to five") == 1
    for later in (texts(lower_back.steps[2]), texts(lower_back.steps[1], Lead.AGAIN)):
        assert "We'll do it three times on this leg." in later
        assert "three to five" not in later


def test_sides_are_announced(lower_back: Routine) -> None:
    assert "left leg" in texts(lower_back.steps[1])
    assert "Now switch: knee to chest, right leg." in texts(lower_back.steps[2])
    rotation = texts(lower_back.steps[4])
    assert rotation.count("Knees over to the left.") == 5
    assert rotation.count("Knees over to the right.") == 5


def test_the_first_step_opens_with_the_routine_length_and_disclaimer(lower_back: Routine) -> None:
    spoken = texts(lower_back.steps[0], Lead.FIRST, disclaimer=True)
    assert spoken.startswith(DISCLAIMER)
    minutes = routine_minutes(lower_back)
    assert 5 <= minutes <= 30
    assert "Lower back stretches: five moves, about" in spoken
    assert "Move one of five, pelvic tilt." in spoken


def test_repeat_skips_purpose_and_cautions_but_keeps_instructions(lower_back: Routine) -> None:
    step = lower_back.steps[0]
    again = texts(step, Lead.AGAIN)
    assert again.startswith("Again: pelvic tilt.")
    assert step.move.purpose not in again
    assert step.move.cautions[0] not in again
    assert step.part.instructions[0] in again
    assert step.move.cautions[0] in texts(step, Lead.NEXT)


def test_each_step_ends_by_saying_what_comes_next(lower_back: Routine) -> None:
    assert texts(lower_back.steps[2]).endswith(
        'Say "next" for both knees, or "repeat" to go again.'
    )
    assert texts(lower_back.steps[0]).endswith(
        'Say "next" for knee to chest, or "repeat" to go again.'
    )
    assert texts(lower_back.steps[1]).endswith(
        'Say "next" for your right leg, or "repeat" to go again.'
    )
    assert texts(lower_back.steps[-1]).endswith(
        'That was the last one. Say "next" to finish, or "repeat" to do it again.'
    )
