"""The coach finds each place's step once (CoachBase.step_at remembers it): the same step as a
fresh lookup, for every step of every routine, by anchor or by number, and a bounded memory."""

from __future__ import annotations

import pytest

from skill.domain import coach_base
from skill.domain.coach import Coach
from skill.domain.routines import Catalog
from skill.domain.state import Place, Status


def places(catalog: Catalog) -> list[Place]:
    """A place for every step of every routine (and quick version), by anchor and by number
    alone, and some a document may name that the catalog no longer has."""
    found: list[Place] = []
    for routine in catalog.routines:
        for quick in (False, True):
            version = routine.version(quick)
            for step in version.steps:
                found.append(Place(routine.id, step.index, Status.ACTIVE, 0.0, quick=quick))
                found.append(
                    Place(
                        routine.id, step.index, Status.ACTIVE, 0.0, quick=quick, anchor=step.anchor
                    )
                )
                # A number gone stale (content renumbered the steps): the anchor still finds it.
                found.append(
                    Place(routine.id, 0, Status.ACTIVE, 0.0, quick=quick, anchor=step.anchor)
                )
            found.append(Place(routine.id, 999, Status.PAUSED, 0.0, anchor=("gone", "", 1)))
    found.append(Place("no-such-routine", 0, Status.ACTIVE, 0.0))
    return found


def test_a_remembered_step_is_the_step_a_fresh_lookup_finds(catalog: Catalog) -> None:
    remembering = Coach(catalog)
    for place in places(catalog) * 2:  # the second time round, every answer is remembered
        assert remembering.step_at(place) is Coach(catalog).step_at(place)
    assert remembering.step_at(None) is None


def test_a_place_names_its_step_and_nothing_else(catalog: Catalog) -> None:
    coach = Coach(catalog)
    for place in places(catalog):
        step = coach.step_at(place)
        if place.routine_id == "no-such-routine":
            assert step is None
            continue
        assert step is not None
        assert step.routine is catalog.get(place.routine_id, place.quick)
        if place.anchor is not None and place.anchor[0] != "gone":
            assert step.anchor == place.anchor  # found by what it is, whatever its number
        elif place.anchor is None:
            assert step.index == min(place.step, len(step.routine.steps) - 1)


def test_the_memory_is_bounded(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coach_base, "STEPS_REMEMBERED", 5)
    coach = Coach(catalog)
    routine = catalog.routines[0]
    for index in range(40):
        place = Place(routine.id, index, Status.ACTIVE, 0.0)
        assert coach.step_at(place) is routine.step(index)
        assert len(coach._steps) <= 5


def test_only_a_place_that_names_a_step_exactly_is_kept(catalog: Catalog) -> None:
    """A document or session may carry anything: what the catalog does not have is looked up
    each time, never held (a key made of it could be as large as a request)."""
    coach = Coach(catalog)
    routine = catalog.routines[0]
    step = routine.steps[1]
    odd = [
        Place("x" * 100_000, 0, Status.ACTIVE, 0.0),  # no such routine
        Place(routine.id, 10**6, Status.ACTIVE, 0.0),  # a number past the end
        Place(routine.id, -1, Status.ACTIVE, 0.0),
        Place(routine.id, 1, Status.ACTIVE, 0.0, anchor=("gone", "", 1)),  # an anchor not found
    ]
    for place in odd:
        coach.step_at(place)
    assert coach._steps == {}
    exact = Place(routine.id, 1, Status.ACTIVE, 0.0, anchor=step.anchor)
    assert coach.step_at(exact) is step
    assert list(coach._steps.values()) == [step]
