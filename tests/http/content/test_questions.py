""" "How long do I hold" and "why am I doing this" answer for every step of every routine."""

from __future__ import annotations

import pytest

from skill.domain.routines import Routine, Step
from skill.voice.numbers import duration, times, words
from tests.support.alexa import AlexaSession
from tests.support.speech import content_catalog

ROUTINES = content_catalog().routines


def _check_hold_answer(text: str, step: Step) -> None:
    part, where = step.part, f"{step.routine.id} step {step.index}: {text}"
    if part.hold.is_range:
        assert words(part.hold.low) in text, where
        assert words(part.hold.high) in text, where
    elif part.hold.value > 0:
        assert duration(part.hold.value) in text, where  # "one minute", "two minutes"
    else:
        assert words(part.rep_seconds) in text, where
    assert times(part.reps.value) in text, where  # the count narrated
    if part.reps.is_range:  # and the source's range, once
        assert f"{words(part.reps.low)} to {words(part.reps.high)} times" in text, where


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_every_step_answers_how_long_to_hold_and_why_with_its_own_move(
    person: AlexaSession, routine: Routine
) -> None:
    person.start(routine.name, routine.id)
    for step in routine.steps:
        if step.index:
            person.say("AMAZON.NextIntent")
        hold = person.say("HoldDurationIntent")
        _check_hold_answer(hold.text, step)
        assert hold.at == f"{routine.id} {step.index} active"
        why = person.say("ExplainMoveIntent")
        assert why.says(step.move.purpose), (routine.id, step.index)
        where = person.say("WhereAmIIntent")
        assert where.says(step.move.name), (routine.id, step.index)
        assert where.at == f"{routine.id} {step.index} active"
    # the questions never moved the place: one more "next" finishes
    assert person.say("AMAZON.NextIntent").ends_session
