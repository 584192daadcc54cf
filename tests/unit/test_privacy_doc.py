"""docs/privacy.md lists every field of the document kept about a person."""

from __future__ import annotations

from typing import Any

from skill.store.codec import profile_to_doc
from tests.support.profiles import everything_kept
from tests.support.settings import ROOT


def fields(doc: Any) -> set[str]:
    """Every key anywhere in a JSON-ready document."""
    if isinstance(doc, dict):
        return set(doc) | {name for value in doc.values() for name in fields(value)}
    if isinstance(doc, list):
        return {name for item in doc for name in fields(item)}
    return set()


def test_every_field_kept_about_a_person_is_listed() -> None:
    # Every field and optional field set (tests/support/profiles.py has one change for each),
    # so each one is written.
    profile = everything_kept()
    doc = profile_to_doc(profile, revision=4)
    kept = fields(doc)
    assert {"places", "routine", "easier", "quick", "at", "history", "days", "zone", "pace"} <= kept
    page = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    missing = sorted(name for name in kept if f"`{name}`" not in page)
    assert not missing, f"docs/privacy.md does not list {missing}"
