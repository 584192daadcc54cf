"""Listing the routines, starting each by name and synonym, and the one-time safety advice."""

from __future__ import annotations

import pytest

from skill.domain.routines import Routine
from skill.voice.choosing import OR_ASK, WELCOME_ROUTINES
from skill.voice.narration import DISCLAIMER, routine_minutes, routine_seconds
from skill.voice.numbers import minutes, words
from skill.voice.speech import AFTERCARE
from tests.support.alexa import AlexaSession
from tests.support.speech import content_catalog

ROUTINES = content_catalog().routines


def test_what_routines_are_there_lists_every_routine_with_its_minutes(
    person: AlexaSession,
) -> None:
    reply = person.say("ListRoutinesIntent")
    assert not reply.ends_session
    text = reply.text
    starts = [text.index(routine.name) for routine in ROUTINES]
    assert starts == sorted(starts), "routines are offered in file-name order"
    for routine, start, end in zip(ROUTINES, starts, [*starts[1:], len(text)], strict=True):
        said = text[start:end]
        assert words(len(routine.moves)) in said, routine.id
        assert minutes(routine_minutes(routine)) in said, routine.id


def test_a_routines_minutes_come_from_its_content() -> None:
    for routine in ROUTINES:
        holding = sum(s.part.hold.value * len(s.part.rep_numbers) for s in routine.steps)
        assert routine_seconds(routine) > holding
        assert routine_minutes(routine) == max(1, round(routine_seconds(routine) / 60))
    lengths = {r.id: routine_minutes(r) for r in ROUTINES}
    assert lengths["spine-mobility"] > lengths["upper-back"]


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_each_routine_starts_by_its_name(person: AlexaSession, routine: Routine) -> None:
    reply = person.start(routine.name, routine.id)
    assert reply.at == f"{routine.id} 0 active"
    assert reply.says(routine.name, words(len(routine.moves)), routine.steps[0].move.name)


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_each_routine_starts_by_a_synonym_even_unresolved(
    person: AlexaSession, routine: Routine
) -> None:
    synonym = routine.synonyms[-1]
    reply = person.start(synonym, None)
    assert reply.at == f"{routine.id} 0 active", synonym
    assert reply.says(routine.name), synonym
    assert person.say("WhereAmIIntent").says(routine.name)


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


def test_an_unknown_routine_names_three_and_how_to_hear_them_all(person: AlexaSession) -> None:
    reply = person.start("hot yoga", None)
    assert reply.latest_place is None
    assert reply.says("hot yoga", *WELCOME_ROUTINES.values(), OR_ASK)
    listed = person.say("ListRoutinesIntent")
    assert listed.says(*(routine.name for routine in ROUTINES))


def test_safety_advice_is_said_once_at_the_first_start_and_again_only_when_finishing(
    person: AlexaSession,
) -> None:
    first = person.start("neck", None)
    assert first.says(DISCLAIMER)
    following = person.say("AMAZON.NextIntent")
    assert not following.says(DISCLAIMER)
    person.say("AMAZON.StopIntent")
    again = person.start("upper back", None)
    assert not again.says(DISCLAIMER)
    upper_back = content_catalog().get("upper-back")
    assert upper_back is not None
    assert not again.says(AFTERCARE.format(area=upper_back.area))
    for _ in range(len(upper_back.steps)):
        finished = person.say("AMAZON.NextIntent")
    assert finished.ends_session
    assert finished.says(AFTERCARE.format(area=upper_back.area))


@pytest.mark.parametrize("routine", [r for r in ROUTINES if r.cautions], ids=lambda r: r.id)
def test_routine_cautions_are_said_once_when_the_routine_starts(
    person: AlexaSession, routine: Routine
) -> None:
    assert person.start(routine.name, routine.id).says(*routine.cautions)
    for later in (person.say("AMAZON.NextIntent"), person.say("AMAZON.RepeatIntent")):
        assert not any(later.says(caution) for caution in routine.cautions)
