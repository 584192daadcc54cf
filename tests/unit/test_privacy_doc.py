"""docs/privacy.md lists every field of the document kept about a person."""

from __future__ import annotations

from typing import Any

from skill.domain.delivery import Holds, Pace
from skill.domain.history import History
from skill.domain.state import Place, Profile, Status
from skill.store.codec import profile_to_doc
from tests.support.settings import ROOT


def fields(doc: Any) -> set[str]:
    """Every key anywhere in a JSON-ready document."""
    if isinstance(doc, dict):
        return set(doc) | {name for value in doc.values() for name in fields(value)}
    if isinstance(doc, list):
        return {name for item in doc for name in fields(item)}
    return set()


def test_every_field_kept_about_a_person_is_listed() -> None:
    # Every optional field set, so each one is written.
    place = Place(
        "lower-back", 3, Status.PAUSED, 1.0, easier=True, quick=True, anchor=("tilt", "", 1)
    )
    history = History().finished_one(739_000, "lower-back")
    profile = Profile(
        (place,),
        True,
        history,
        zone="Europe/London",
        zone_checked=2.0,
        pace=Pace.SLOWER,
        holds=Holds.LONGER,
    )
    doc = profile_to_doc(profile, revision=4)
    kept = fields(doc)
    assert {"places", "routine", "easier", "quick", "at", "history", "days", "zone", "pace"} <= kept
    page = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    missing = sorted(name for name in kept if f"`{name}`" not in page)
    assert not missing, f"docs/privacy.md does not list {missing}"
