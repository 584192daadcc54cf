"""The boundary between typed state and the dicts Redis and Alexa's session carry."""

from __future__ import annotations

import pytest

from skill.domain.state import Conversation, Offer, OfferKind, Position, Profile, Status
from skill.store.codec import (
    SCHEMA_VERSION,
    Carried,
    StateFormatError,
    conversation_from_session,
    conversation_to_session,
    profile_from_doc,
    profile_to_doc,
)

PROFILE = Profile(
    (
        Position("lower-back", 3, Status.PAUSED, 1_800_000_000.5),
        Position("neck-shoulders", 1, Status.FINISHED, 1_799_000_000.0, easier=True),
    ),
    disclaimer_given=True,
)


def test_a_profile_survives_the_round_trip() -> None:
    assert profile_from_doc(profile_to_doc(PROFILE)) == PROFILE
    assert profile_from_doc(profile_to_doc(Profile())) == Profile()


def test_documents_carry_the_schema_version() -> None:
    assert profile_to_doc(PROFILE)["v"] == SCHEMA_VERSION


def test_an_empty_document_is_someone_new() -> None:
    assert profile_from_doc({}) == Profile()


@pytest.mark.parametrize(
    "doc",
    [
        {"v": 99, "position": None},
        {"v": SCHEMA_VERSION, "position": {"routine": "x"}},
        {
            "v": SCHEMA_VERSION,
            "position": {"routine": "x", "step": -1, "status": "active", "saved_at": 1},
        },
        {
            "v": SCHEMA_VERSION,
            "position": {"routine": "x", "step": 1, "status": "?", "saved_at": 1},
        },
        {
            "v": SCHEMA_VERSION,
            "position": {"routine": "x", "step": True, "status": "paused", "saved_at": 1},
        },
        ["not", "a", "dict"],
    ],
)
def test_malformed_documents_are_refused(doc: object) -> None:
    with pytest.raises(StateFormatError):
        profile_from_doc(doc)


def test_the_session_carries_the_conversation_and_the_unsaved_flag() -> None:
    conv = Conversation(PROFILE, Offer(OfferKind.START, "lower-back"))
    carried = conversation_from_session(conversation_to_session(conv, unsaved=True, revision=7))
    assert carried == Carried(conv, unsaved=True, revision=7)


def test_a_session_without_our_attributes_carries_nothing() -> None:
    assert conversation_from_session({}) is None
    assert conversation_from_session(None) is None
