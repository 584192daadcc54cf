"""The data the step document shows (skill.screen.step): pure, from a step and its narration."""

from __future__ import annotations

from dataclasses import replace

import pytest

from skill.domain.replies import Lead
from skill.domain.routines import Amount, Catalog
from skill.screen.step import MAX_SETUP_CHARS, Narration, renders, reps_summary, step_datasources


def test_a_step_shows_where_it_is_and_what_to_do(catalog: Catalog) -> None:
    routine = catalog.routines[0]
    step = next(s for s in routine.steps if s.part.label)
    shown = step_datasources(step, Narration(Lead.NEXT))["step"]
    assert shown["place"] == f"Move {step.move_index + 1} of {len(routine.moves)}"
    assert shown["move"].lower() == step.move.name
    assert shown["side"].lower() == step.part.label
    assert shown["routine"].lower() == routine.name
    assert len(shown["timeline"]) == len(step.part.rep_numbers) * max(1, len(step.part.alternate))


def test_speech_said_first_moves_the_countdown_later(catalog: Catalog) -> None:
    step = catalog.routines[0].steps[1]
    plain = step_datasources(step, Narration(Lead.NEXT))["step"]["timeline"]
    later = step_datasources(step, Narration(Lead.NEXT, said_first=2.5))["step"]["timeline"]
    assert [b["hold"] - a["hold"] for a, b in zip(plain, later, strict=True)] == [2500] * len(plain)


def test_a_steady_screen_has_no_countdown(catalog: Catalog) -> None:
    shown = step_datasources(catalog.routines[0].steps[0], None)["step"]
    assert shown["timeline"] == []
    assert shown["startsAt"] == shown["endsAt"] == 0


def test_reps_at_a_glance(catalog: Catalog) -> None:
    part = catalog.routines[0].steps[0].part
    held = replace(part, hold=Amount.exact(5), reps=Amount.exact(10), span=None, alternate=())
    assert reps_summary(held) == "10 holds"
    assert reps_summary(replace(held, reps=Amount.exact(1))) == "1 hold"
    assert reps_summary(replace(held, hold=Amount.exact(0))) == "10 reps"
    assert reps_summary(replace(held, span=(1, 5))) == "Holds 1 to 5 of 10"
    assert reps_summary(replace(held, span=(3, 3))) == "Hold 3 of 10"
    sides = replace(held, alternate=("left", "right"), per="side")
    assert reps_summary(sides) == "10 holds each side"


def test_a_long_setup_is_cut_to_one_line_at_a_word(catalog: Catalog) -> None:
    step = catalog.routines[0].steps[0]
    long_setup = replace(step.move, setup="Lie down " * 40)
    moves = tuple(long_setup if m is step.move else m for m in step.routine.moves)
    routine = replace(step.routine, moves=moves)
    shown = step_datasources(routine.steps[0], None)["step"]["setup"]
    assert len(shown) <= MAX_SETUP_CHARS + 1
    assert shown.endswith("down…")


@pytest.mark.parametrize(
    ("runtime", "expected"),
    [
        ("1.8", True),
        ("1.9", True),
        ("2024.2", True),
        ("1.7", False),
        ("1.10", True),  # numbers, not text: 1.10 is after 1.8
        ("1", False),
        (None, False),
        ("", False),
        ("latest", False),
    ],
)
def test_a_document_renders_only_on_a_runtime_at_least_its_version(
    runtime: str | None, expected: bool
) -> None:
    assert renders(runtime, "1.8") is expected
