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


def _profiles() -> list[tuple[str, Profile]]:
    """A profile differing from a new person's in one field (of its own, its place's or its
    history's) at a time, then in all of them."""
    found = [(f"profile.{name}", replace(Profile(), **c)) for name, c in PROFILE_CHANGES.items()]
    found += [
        (f"place.{name}", Profile((replace(PLACE, **change),)))
        for name, change in PLACE_CHANGES.items()
    ]
    found += [
        (f"history.{name}", Profile(history=History(**change)))
        for name, change in HISTORY_CHANGES.items()
    ]
    return [*found, ("everything", everything_kept())]


PROFILES = _profiles()


@pytest.mark.parametrize(("changed", "profile"), PROFILES, ids=[n for n, _ in PROFILES])
def test_a_changed_field_is_written_and_read_back(changed: str, profile: Profile) -> None:
    doc: dict[str, Any] = profile_to_doc(profile)
    assert doc != profile_to_doc(Profile()), f"{changed} is not written"
    assert profile_from_doc(doc) == profile


@pytest.mark.parametrize(("changed", "profile"), PROFILES, ids=[n for n, _ in PROFILES])
def test_a_change_made_on_one_device_survives_the_merge(changed: str, profile: Profile) -> None:
    new = Profile()
    assert merge_profiles(new, profile, new) == profile  # this turn changed it
    assert merge_profiles(new, new, profile) == profile  # another device saved it meanwhile
