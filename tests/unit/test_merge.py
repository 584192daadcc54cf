"""Two sessions changing one person's progress at once: every change is kept."""

from __future__ import annotations

from dataclasses import replace

from skill.domain.history import History
from skill.domain.merge import merge_profiles
from skill.domain.state import Place, Profile, Status

NOW = 1_800_000_000.0


def place(routine: str, step: int, at: float, status: Status = Status.ACTIVE) -> Place:
    return Place(routine, step, status, NOW + at)


def test_a_routine_only_one_side_changed_keeps_that_change() -> None:
    base = Profile((place("a", 3, 0), place("b", 1, -10)))
    mine = Profile((place("a", 4, 5), place("b", 1, -10)))
    theirs = Profile((place("b", 2, 3), place("a", 3, 0)))
    merged = merge_profiles(base, mine, theirs)
    assert merged.place("a") == place("a", 4, 5)
    assert merged.place("b") == place("b", 2, 3)
    assert merged.latest_place == place("a", 4, 5)  # most recent first


def test_a_stale_session_never_moves_a_place_backwards() -> None:
    base = Profile((place("a", 9, 0),))
    mine = Profile((place("a", 10, 20),))  # "next" on the device that is behind
    theirs = Profile((place("a", 12, 10),))  # the other device got further
    assert merge_profiles(base, mine, theirs).place("a") == place("a", 12, 10)


def test_going_back_on_purpose_is_kept_even_against_a_further_place() -> None:
    base = Profile((place("a", 9, 0),))
    mine = Profile((place("a", 8, 20),))  # "go back"
    theirs = Profile((place("a", 12, 10),))
    assert merge_profiles(base, mine, theirs).place("a") == place("a", 8, 20)


def test_places_in_the_full_and_the_quick_version_do_not_compare_steps_the_later_wins() -> None:
    base = Profile((place("a", 9, 0),))
    quick = replace(place("a", 2, 20), quick=True)  # "the short version" on this device
    theirs = Profile((place("a", 12, 10),))  # further along in the full one, but earlier
    assert merge_profiles(base, Profile((quick,)), theirs).place("a") == quick
    later = place("a", 3, 30)
    assert merge_profiles(base, Profile((quick,)), Profile((later,))).place("a") == later


def test_a_finish_wins_over_the_same_step_under_way() -> None:
    base = Profile((place("a", 5, 0),))
    mine = Profile((place("a", 5, 9, Status.PAUSED),))
    theirs = Profile((place("a", 5, 5, Status.FINISHED),))
    assert merge_profiles(base, mine, theirs).place("a") == place("a", 5, 5, Status.FINISHED)


def test_new_routines_from_both_sides_and_the_first_time_note_are_kept() -> None:
    base = Profile()
    mine = Profile((place("a", 0, 1),), disclaimer_given=True)
    theirs = Profile((place("b", 0, 2),))
    merged = merge_profiles(base, mine, theirs)
    assert {p.routine_id for p in merged.places} == {"a", "b"}
    assert merged.disclaimer_given


def test_a_place_forgotten_by_one_side_and_moved_by_the_other_is_kept() -> None:
    base = Profile((place("a", 3, 0),))
    mine = Profile()  # forgotten as stale
    theirs = Profile((place("a", 4, 5),))  # but the other device just used it
    assert merge_profiles(base, mine, theirs).place("a") == place("a", 4, 5)


def test_two_devices_keep_both_days_and_both_finishes() -> None:
    base = Profile(history=History().finished_one(739_000, "lower-back"))
    mine = Profile(history=base.history.finished_one(739_001, "upper-back"))
    theirs = Profile(history=base.history.finished_one(739_001, "back-core"))
    merged = merge_profiles(base, mine, theirs).history
    assert merged.finished == 3  # one before, one on each device
    assert merged.days == {739_000, 739_001}
    assert set(merged.routines_on(739_001)) == {"upper-back", "back-core"}
    # A turn that finished nothing new adds nothing to what the other side counted.
    assert merge_profiles(base, base, theirs).history == theirs.history


def test_the_time_zone_asked_last_wins() -> None:
    base = Profile()
    mine = Profile(zone="Europe/London", zone_checked=2.0)
    theirs = Profile(zone="Asia/Tokyo", zone_checked=1.0)
    assert merge_profiles(base, mine, theirs).zone == "Europe/London"
    assert merge_profiles(base, theirs, mine).zone == "Europe/London"


def test_with_no_known_base_finishes_are_not_counted_twice() -> None:
    # A session that could not save carries 11 finishes; the store already holds 10 of them.
    stored = Profile(history=History(finished=10))
    carried = Profile(history=History(finished=11))
    merged = merge_profiles(Profile(), carried, stored, base_known=False)
    assert merged.history.finished == 11
