"""Listing the routines, starting each by name and synonym, and the one-time safety advice."""

from __future__ import annotations

import pytest

from skill.domain.content import Routine
from skill.voice.narration import routine_minutes, routine_seconds
from skill.voice.numbers import minutes, words
from tests.support.alexa import AlexaSession
from tests.support.speech import content_catalog

ROUTINES = content_catalog().routines


def test_what_routines_are_there_lists_every_routine_with_its_minutes(
    person: AlexaSession,
) -> None:
    reply = person.say("ListRoutinesIntent")
    assert not reply.ends_session
    for routine in ROUTINES:
        spoken = f"{routine.name}, {words(len(routine.moves))} moves, about "
        assert spoken + minutes(routine_minutes(routine)) in reply.text


def test_a_routines_minutes_come_from_its_content() -> None:
    for routine in ROUTINES:
        holding = sum(
            s.part.hold.value * (1 if s.part.round else s.part.reps.value) for s in routine.steps
        )
        assert routine_seconds(routine) > holding
        assert routine_minutes(routine) == max(1, round(routine_seconds(routine) / 60))
    lengths = {r.id: routine_minutes(r) for r in ROUTINES}
    assert lengths["spine-mobility"] > lengths["upper-back"]


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_each_routine_starts_by_its_name(person: AlexaSession, routine: Routine) -> None:
    reply = person.start(routine.name, routine.id)
    first = routine.steps[0]
    assert f"{routine.name.capitalize()}: {words(len(routine.moves))} moves" in reply.text
    assert first.move.name in reply.text.lower()


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_each_routine_starts_by_a_synonym_even_unresolved(
    person: AlexaSession, routine: Routine
) -> None:
    synonym = routine.synonyms[-1]
    reply = person.start(synonym, None)
    assert f"{routine.name.capitalize()}:" in reply.text, synonym
    assert person.say("WhereAmIIntent").text.startswith(f"You're on {routine.name}")


@pytest.mark.parametrize(
    ("heard", "routine_id"),
    [
        ("my neck", "neck-shoulders"),
        ("shoulder stretches", "neck-shoulders"),
        ("posture", "upper-back"),
        ("the upper back", "upper-back"),
        ("core", "back-core"),
        ("gentle back", "gentle-back-core"),
        ("spine", "spine-mobility"),
        ("lower back", "lower-back"),
    ],
)
def test_everyday_names_reach_the_right_routine(heard: str, routine_id: str) -> None:
    found = content_catalog().find(heard)
    assert found is not None
    assert found.id == routine_id


def test_an_unknown_routine_lists_them_all(person: AlexaSession) -> None:
    reply = person.start("hot yoga", None)
    assert "don't have a routine called hot yoga" in reply.text
    for routine in ROUTINES:
        assert routine.name in reply.text


def test_safety_advice_is_said_once_at_the_first_start_and_again_only_when_finishing(
    person: AlexaSession,
) -> None:
    first = person.start("neck", None)
    assert "doctor or physiotherapist" in first.text
    assert "fifteen minutes" in first.text
    following = person.say("AMAZON.NextIntent")
    assert "doctor" not in following.text
    person.say("AMAZON.StopIntent")
    again = person.start("upper back", None)
    assert "doctor" not in again.text
    upper_back = content_catalog().get("upper-back")
    assert upper_back is not None
    for _ in range(len(upper_back.steps)):
        finished = person.say("AMAZON.NextIntent")
    assert finished.ends_session
    assert "once or twice a day" in finished.text.lower()
    assert "take a day off" in finished.text


def test_routine_cautions_are_said_once_when_the_routine_starts(person: AlexaSession) -> None:
    start = person.start("neck and shoulders", "neck-shoulders")
    assert "touching your toes" in start.text
    assert "touching your toes" not in person.say("AMAZON.NextIntent").text
    assert "touching your toes" not in person.say("AMAZON.RepeatIntent").text
    gentle = person.start("gentle back", None)
    assert "touch our toes standing up" in gentle.text
