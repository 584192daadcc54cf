"""A set too long for one step is shared over steps: sides that take turns alternate share by
share, each step says which of the set it narrates, and "how long" speaks of the whole set."""

from __future__ import annotations

import pytest

from skill.domain.replies import HoldInfo, Lead
from skill.voice import speech
from skill.voice.narration import narrate_step, next_label, share_label
from skill.voice.ssml import Say, render
from tests.support.speech import content_catalog, expected_holds, narrated_holds


def test_long_holds_take_the_sides_in_turn_one_hold_a_step() -> None:
    routine = content_catalog().get("spine-mobility")
    assert routine is not None
    twist = [s for s in routine.steps if s.move.id == "lying-twist"]
    assert [(s.part.label, s.part.span) for s in twist[:3]] == [
        ("left side", (1, 1)),
        ("right side", (1, 1)),
        ("left side", (2, 2)),
    ]
    assert len(twist) == 8  # four holds on each side, as the source asks
    assert sum(len(s.part.rep_numbers) for s in twist) == 2 * twist[0].part.reps.value
    third = render(narrate_step(twist[2], Lead.NEXT))
    holds = narrated_holds(third, twist[2].part)
    assert len(holds) == expected_holds(twist[2].part) == 1
    assert holds[0] == pytest.approx(twist[2].part.hold.value, rel=0.15)


def test_every_share_covers_the_set_once_in_order() -> None:
    for routine in content_catalog().routines:
        for move in routine.moves:
            for label in {p.label for p in move.parts}:
                parts = [p for p in move.parts if p.label == label]
                covered = [n for p in parts for n in p.rep_numbers]
                assert covered == list(range(1, parts[0].reps.value + 1)), (move.id, label)


def test_a_share_says_which_of_the_set_it_is_and_offers_the_rest() -> None:
    routine = content_catalog().get("neck-shoulders")
    assert routine is not None
    first, second = routine.steps[0], routine.steps[1]
    assert first.part.span is not None
    assert share_label(second.part) == "holds two and three"
    assert next_label(first) == "the next two"


def test_how_long_do_i_hold_on_a_share_gives_the_whole_sets_count() -> None:
    routine = content_catalog().get("neck-shoulders")
    assert routine is not None
    step = routine.steps[1]
    assert step.part.span is not None
    said = " ".join(
        s.text for s in speech.say(HoldInfo(step, step.part)).segments if isinstance(s, Say)
    )
    assert "five to ten times" in said
