"""A change to each field kept about a person, so checks over "every field" cannot miss one: a
test fails until a field added to Profile, Place or History is given a change here."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from skill.domain.delivery import Holds, Pace
from skill.domain.history import History
from skill.domain.state import Place, Profile, Status

DAY_NUMBER = 739_000  # a local day (a proleptic Gregorian ordinal), in 2024
PLACE = Place("lower-back", 3, Status.PAUSED, 1_800_000_000.5)

# Each optional field of a place, set to something other than its default.
PLACE_CHANGES: dict[str, dict[str, Any]] = {
    "easier": {"easier": True},
    "quick": {"quick": True},
    "anchor": {"anchor": ("pelvic-tilt", "", 6)},
}
# Each field of the history, changed as a person's days change it.
HISTORY_CHANGES: dict[str, dict[str, Any]] = {
    "days": {"days": frozenset({DAY_NUMBER})},
    "finished": {"days": frozenset({DAY_NUMBER}), "finished": 2},
    "recent": {"days": frozenset({DAY_NUMBER}), "recent": ((DAY_NUMBER, "lower-back"),)},
    "last_finish": {"days": frozenset({DAY_NUMBER}), "finished": 1, "last_finish": DAY_NUMBER},
}
# Each field of the profile, changed as a turn could change it (a time zone is kept with when
# it was asked: one without the other is not a thing the skill knows).
PROFILE_CHANGES: dict[str, dict[str, Any]] = {
    "places": {"places": (PLACE,)},
    "disclaimer_given": {"disclaimer_given": True},
    "history": {"history": History(**HISTORY_CHANGES["recent"])},
    "zone": {"zone": "Europe/London", "zone_checked": 1_800_000_000.0},
    "zone_checked": {"zone": "Europe/London", "zone_checked": 1_800_000_000.0},
    "pace": {"pace": Pace.SLOWER},
    "holds": {"holds": Holds.LONGER},
}


def everything_kept() -> Profile:
    """A profile with every field, and every optional field of its place and history, set."""
    place = replace(PLACE, **{k: v for change in PLACE_CHANGES.values() for k, v in change.items()})
    history = History(**{k: v for change in HISTORY_CHANGES.values() for k, v in change.items()})
    changes = {k: v for change in PROFILE_CHANGES.values() for k, v in change.items()}
    return replace(Profile(), **changes | {"places": (place,), "history": history})
