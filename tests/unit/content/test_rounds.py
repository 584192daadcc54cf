"""A move with one rep per step: sides take turns, each step one hold, the round said aloud."""

from __future__ import annotations

from skill.domain.replies import Lead
from skill.voice.narration import narrate_step
from skill.voice.ssml import render
from tests.support.speech import content_catalog, narrated_holds


def test_rounds_take_the_sides_in_turn_with_one_hold_each() -> None:
    routine = content_catalog().get("spine-mobility")
    assert routine is not None
    twist = [s for s in routine.steps if s.move.id == "lying-twist"]
    assert [s.part.label for s in twist[:3]] == [
        "left side, round one",
        "right side, round one",
        "left side, round two",
    ]
    assert len(twist) == 8  # four rounds on each side, as the source asks
    second = render(narrate_step(twist[2], Lead.NEXT))
    assert "Next, lying twist, left side, round two." in second
    assert "This is round two of four on each side." in second
    assert narrated_holds(second, twist[2].part.release) == [120.0]


def test_a_one_sided_round_offers_the_next_round_by_number() -> None:
    routine = content_catalog().get("neck-shoulders")
    assert routine is not None
    speech = render(narrate_step(routine.steps[1], Lead.NEXT))
    assert "Say &quot;next&quot; for round three," in speech


def test_how_long_do_i_hold_on_a_round_gives_the_whole_moves_count() -> None:
    routine = content_catalog().get("neck-shoulders")
    assert routine is not None
    step = routine.steps[3]
    assert step.part.round == 4
    assert (step.part.reps.low, step.part.reps.high) == (5, 10)
