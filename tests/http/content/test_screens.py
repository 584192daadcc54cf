"""Every routine, start to finish by "next", on an Echo Show: each step's screen shows that step,
its countdown agrees with the holds in the speech sent with it, and every response stays within
Alexa's response size budget (alexa-platform.md: 24 KB) with the document in it."""

from __future__ import annotations

import json

import pytest

from skill.domain.routines import Routine
from skill.voice.ssml import ssml_seconds
from tests.support.alexa import AlexaSession, SkillResponse
from tests.support.speech import content_catalog, expected_holds, hold_starts, narrated_holds

ROUTINES = content_catalog().routines
MAX_RESPONSE_BYTES = 24 * 1024
# The screen's times are whole milliseconds, read here from the SSML as sent, at the same
# estimated speaking rate: they agree to the millisecond (the slack is rounding, not drift).
SLACK_SECONDS = 0.002


def _check_step_screen(reply: SkillResponse, routine: Routine, index: int) -> None:
    step = routine.steps[index]
    where = f"{routine.id} step {index}"
    size = len(json.dumps(reply.body, separators=(",", ":")).encode())
    assert size <= MAX_RESPONSE_BYTES, (where, size)
    shown = reply.screen
    assert shown is not None, where
    assert shown["move"].lower() == step.move.name, where
    assert shown["place"] == f"Move {step.move_index + 1} of {len(routine.moves)}", where
    ticks = shown["timeline"]
    assert shown["endsAt"] < ssml_seconds(reply.ssml) * 1000, where
    if step.part.hold.value == 0:
        assert len(ticks) == expected_holds(step.part), where
        return
    lengths = [(t["until"] - t["hold"]) / 1000 for t in ticks]
    starts = [t["hold"] / 1000 for t in ticks]
    heard = narrated_holds(reply.ssml, step.part)
    assert len(lengths) == len(heard) == expected_holds(step.part), where
    for seen, said in zip(lengths, heard, strict=True):
        assert abs(seen - said) <= SLACK_SECONDS, (where, seen, said)
    for seen, said in zip(starts, hold_starts(reply.ssml), strict=True):
        assert abs(seen - said) <= SLACK_SECONDS, (where, seen, said)


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_each_step_on_a_screen_shows_that_step_timed_to_its_speech(
    person: AlexaSession, routine: Routine
) -> None:
    person.screen = True
    _check_step_screen(person.start(routine.name, routine.id), routine, 0)
    for index in range(1, len(routine.steps)):
        _check_step_screen(person.say("AMAZON.NextIntent"), routine, index)
    finished = person.say("AMAZON.NextIntent")
    assert finished.ends_session
    assert finished.directives == []
