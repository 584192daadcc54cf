"""Every field kept about a person is saved, read back, and kept through a two-device merge: a
field added to the profile (or a place, or the history) without its codec and merge rule fails
here, not silently on someone's second device."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from typing import Any

import pytest

from skill.domain.history import History
from skill.domain.merge import merge_profiles
from skill.domain.state import Place, Profile
from skill.store.codec import profile_from_doc, profile_to_doc
from tests.support.profiles import (
    HISTORY_CHANGES,
    PLACE,
    PLACE_CHANGES,
    PROFILE_CHANGES,
    everything_kept,
)


def _names(kind: type) -> set[str]:
    return {f.name for f in dataclasses.fields(kind)}


def test_every_field_has_a_change_to_try() -> None:
    assert set(PROFILE_CHANGES) == _names(Profile)
    assert set(HISTORY_CHANGES) == _names(History)
    required = {f.name for f in dataclasses.fields(Place) if f.default is dataclasses.MISSING}
    assert set(PLACE_CHANGES) == _names(Place) - required


def _without(change: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in change.items() if k != name}


def _profiles() -> list[tuple[str, Profile, Profile]]:
    """(what changed, a profile differing from a new person's in that one field, of its own or
    its place's or its history's, and the same profile without that field's change); then one
    with every field set."""
    # A profile's change is one thing the skill learns (a time zone comes with when it was
    # asked); a history's may need others to mean anything (a finish is on a day stretched).
    found = [
        (f"profile.{name}", replace(Profile(), **c), Profile())
        for name, c in PROFILE_CHANGES.items()
    ]
    found += [
        (f"place.{name}", Profile((replace(PLACE, **c),)), Profile((PLACE,)))
        for name, c in PLACE_CHANGES.items()
    ]
    found += [
        (
            f"history.{name}",
            Profile(history=History(**c)),
            Profile(history=History(**_without(c, name))),
        )
        for name, c in HISTORY_CHANGES.items()
    ]
    return [*found, ("everything", everything_kept(), Profile())]


PROFILES = _profiles()
IDS = [name for name, _, _ in PROFILES]


@pytest.mark.parametrize(("changed", "profile", "without"), PROFILES, ids=IDS)
def test_a_changed_field_is_written_and_read_back(
    changed: str, profile: Profile, without: Profile
) -> None:
    doc: dict[str, Any] = profile_to_doc(profile)
    assert doc != profile_to_doc(without), f"{changed} is not written"
    assert profile_from_doc(doc) == profile


@pytest.mark.parametrize(("changed", "profile", "without"), PROFILES, ids=IDS)
def test_a_change_made_on_one_device_survives_the_merge(
    changed: str, profile: Profile, without: Profile
) -> None:
    for base in (Profile(), without):  # from a new person, and from just before this change
        assert merge_profiles(base, profile, base) == profile, changed  # this turn made it
        assert merge_profiles(base, base, profile) == profile, changed  # another device did
