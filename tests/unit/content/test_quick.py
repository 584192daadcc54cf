"""The quick version of each routine: the moves its file picks, each at the low end of the
source's ranges, at least a third shorter than the whole routine, in every locale's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.domain.routines import Catalog, Routine
from skill.voice.narration import routine_seconds
from tests.support.content_files import edit_text, load_problems
from tests.support.speech import content_catalog

ROUTINES = content_catalog().routines


def quick_of(routine: Routine) -> Routine:
    quick = routine.quick_version
    assert quick is not None
    return quick


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_the_quick_version_is_at_least_a_third_shorter(routine: Routine) -> None:
    quick = quick_of(routine)
    assert routine_seconds(quick) <= routine_seconds(routine) * 2 / 3
    assert quick.is_quick
    assert not routine.is_quick
    assert len(quick.moves) <= len(routine.moves)


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_every_quick_move_is_the_routines_own_at_the_low_end_of_the_sources_range(
    routine: Routine,
) -> None:
    quick = quick_of(routine)
    order = [m.id for m in routine.moves]
    kept = [m.id for m in quick.moves]
    assert kept == [i for i in order if i in kept]  # a choice of the moves, in their order
    for move in quick.moves:
        full = next(m for m in routine.moves if m.id == move.id)
        assert (move.name, move.setup, move.cautions) == (full.name, full.setup, full.cautions)
        wholes = {(p.label, p.hold.low, p.hold.high, p.reps.low, p.reps.high) for p in full.parts}
        for part in move.parts:
            assert part.hold.value == part.hold.low  # the shortest hold the source gives
            assert part.reps.value == part.reps.low  # and the fewest reps
            assert (part.label, part.hold.low, part.hold.high, part.reps.low, part.reps.high) in (
                wholes
            )  # never outside the source's range
            assert part.easier() is None  # nothing easier left to offer


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_the_quick_version_has_the_same_steps_in_every_locale(routine: Routine) -> None:
    quick = quick_of(routine)
    assert set(quick.locales) == set(routine.locales)
    for locale, worded in quick.locales.items():
        assert worded.is_quick
        assert [s.anchor for s in worded.steps] == [s.anchor for s in quick.steps]
        assert quick.in_locale(locale) is worded


def test_a_file_that_picks_no_quick_moves_gets_every_move_at_its_low_end(
    small_catalog: Catalog,
) -> None:
    for routine in small_catalog.routines:
        quick = quick_of(routine)
        assert [m.id for m in quick.moves] == [m.id for m in routine.moves]
        assert all(p.reps.value == p.reps.low for m in quick.moves for p in m.parts)


def test_the_catalog_hands_out_either_version(catalog: Catalog) -> None:
    routine = catalog.routines[0]
    assert catalog.get(routine.id) is routine
    assert catalog.get(routine.id, quick=True) is routine.quick_version
    assert catalog.get("no-such-routine", quick=True) is None


def test_a_quick_version_may_say_it_needs_less(catalog: Catalog) -> None:
    core = catalog.get("back-core")
    assert core is not None
    assert "wall" in core.setup
    assert "wall" not in quick_of(core).setup  # the wall sit is not in it


def test_quick_moves_that_are_not_the_routines_are_refused(content: Path) -> None:
    path = content / "1-lower-back.yaml"
    edit_text(path, "moves: [pelvic-tilt, knee-to-chest", "moves: [pelvic-tilt, toe-wiggle")
    (problem,) = load_problems(content)
    assert problem.startswith("1-lower-back.yaml, field (the whole entry):")
    assert "quick.moves names no move of this routine: toe-wiggle" in problem


def test_a_quick_move_named_twice_is_refused(content: Path) -> None:
    path = content / "1-lower-back.yaml"
    edit_text(path, "moves: [pelvic-tilt, knee-to-chest", "moves: [pelvic-tilt, pelvic-tilt")
    (problem,) = load_problems(content)
    assert "quick.moves names a move twice" in problem


def test_a_quick_version_without_a_reason_is_refused(content: Path) -> None:
    path = content / "4-upper-back.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  why: >")
    end = text.index("  setup:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = load_problems(content)
    assert any("field quick.why" in p for p in problems), problems
