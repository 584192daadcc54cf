"""Every routine, start to finish by "next", within Alexa's limits and true to its content."""

from __future__ import annotations

import pytest

from skill.domain.routines import Routine
from skill.voice.narration import share_label
from skill.voice.ssml import break_lengths_ms, ssml_seconds
from tests.support.alexa import AlexaSession, SkillResponse
from tests.support.speech import (
    content_catalog,
    expected_holds,
    narrated_holds,
    rep_pauses,
)

ROUTINES = content_catalog().routines
TOLERANCE = 0.15


def _check_step_speech(reply: SkillResponse, routine: Routine, index: int) -> None:
    step = routine.steps[index]
    part = step.part
    where = f"{routine.id} step {index} ({step.move.id}, {part.label})"
    assert reply.at == f"{routine.id} {index} active", where
    # A move is named when it starts; a later step of it names its side, variant or share.
    named = step.move.name if step.is_first_of_move else (part.label or share_label(part) or "")
    assert reply.says(named), where
    assert ssml_seconds(reply.ssml) <= 240, where
    assert max(break_lengths_ms(reply.ssml)) <= 10_000, where
    assert len(reply.ssml) <= 8_000, where
    if part.hold.value == 0:
        assert rep_pauses(reply.ssml, part) == len(part.rep_numbers), where
        return
    holds = narrated_holds(reply.ssml, part)
    assert len(holds) == expected_holds(part), where
    for seconds in holds:
        assert abs(seconds - part.hold.value) <= TOLERANCE * part.hold.value, (where, seconds)


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_each_routine_narrates_every_step_by_next_and_finishes(
    person: AlexaSession, routine: Routine
) -> None:
    reply = person.start(routine.name, routine.id)
    _check_step_speech(reply, routine, 0)
    for index in range(1, len(routine.steps)):
        reply = person.say("AMAZON.NextIntent")
        assert not reply.ends_session
        _check_step_speech(reply, routine, index)
    finished = person.say("AMAZON.NextIntent")
    assert finished.ends_session
    assert finished.at == f"{routine.id} {len(routine.steps) - 1} finished"
    assert finished.says(routine.name)


def test_the_catalog_has_the_six_routines_the_articles_describe() -> None:
    sources = {r.id: r.source[:3] for r in ROUTINES}
    assert sources == {
        "lower-back": "001",
        "gentle-back-core": "004",
        "spine-mobility": "000",
        "upper-back": "002",
        "back-core": "002",
        "neck-shoulders": "003",
    }
    assert sum(len(r.moves) for r in ROUTINES) >= 30


def test_moves_the_sources_warn_against_are_not_narrated() -> None:
    names = [m.name for r in ROUTINES for m in r.moves]
    assert not [n for n in names if "toe" in n]
    text = " ".join(
        line.lower()
        for r in ROUTINES
        for m in r.moves
        for p in m.parts
        for line in (*p.instructions, p.cue)
    )
    assert "touch your toes" not in text
    assert "both legs" not in text
    assert "legs in the air" not in text
