"""The boundary between typed state and the dicts Redis and Alexa's session carry."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from skill.domain.history import History, local_day
from skill.domain.state import Conversation, Offer, OfferKind, Place, Profile, Status
from skill.store.codec import (
    SCHEMA_VERSION,
    SESSION_KEY,
    Carried,
    StateFormatError,
    conversation_from_session,
    conversation_to_session,
    profile_from_doc,
    profile_to_doc,
    session_document,
)


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


PROFILE = Profile(
    (
        Place("lower-back", 3, Status.PAUSED, 1_800_000_000.5),
        Place("neck-shoulders", 1, Status.FINISHED, 1_799_000_000.0, easier=True),
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


def test_a_place_in_a_quick_version_is_kept_as_one() -> None:
    quick = Place("lower-back", 2, Status.PAUSED, 1_800_000_000.0, quick=True)
    doc = profile_to_doc(Profile((quick,)))
    assert doc["places"][0]["quick"] is True
    assert profile_from_doc(doc).places == (quick,)
    del doc["places"][0]["quick"]  # as written before there were quick versions: the full one
    assert profile_from_doc(doc).places == (replace(quick, quick=False),)
    assert "quick" not in profile_to_doc(Profile((replace(quick, quick=False),)))["places"][0]


def test_a_question_about_moving_a_reminder_carries_its_time() -> None:
    conv = Conversation(PROFILE, Offer(OfferKind.MOVE_REMINDER, at="19:30"))
    attributes = conversation_to_session(conv, unsaved=False)
    assert conversation_from_session(attributes) == Carried(conv, unsaved=False, revision=0)
    resume = conversation_to_session(Conversation(PROFILE, Offer(OfferKind.RESUME)), False)
    assert "at" not in carried(resume)["offer"]  # only a question with a time carries one
    doc = carried(attributes)
    doc["offer"]["at"] = 1930  # not a time as the skill writes it: none
    found = conversation_from_session({SESSION_KEY: json.dumps(doc)})
    assert found is not None
    assert found.conversation.offer == Offer(OfferKind.MOVE_REMINDER)


def test_the_session_carries_the_conversation_as_one_json_text() -> None:
    conv = Conversation(PROFILE, Offer(OfferKind.RESUME, "lower-back"))
    attributes = conversation_to_session(conv, unsaved=True, revision=4)
    (text,) = attributes.values()
    assert isinstance(text, str)  # one value for ask-sdk to copy and serialize, not a tree
    assert json.loads(text)["profile"] == profile_to_doc(PROFILE, 4)
    # A session begun before it was text carries an object, and is read the same.
    older = {SESSION_KEY: json.loads(text)}
    assert conversation_from_session(older) == conversation_from_session(attributes)


@pytest.mark.parametrize("offer", [None, Offer(OfferKind.RESUME, "lower-back")])
def test_a_profile_document_made_already_is_carried_as_the_one_made_from_the_profile(
    offer: Offer | None,
) -> None:
    conv = Conversation(PROFILE, offer)
    made = profile_to_doc(PROFILE)  # as a turn makes it to save it, before any revision
    given = conversation_to_session(conv, unsaved=False, revision=9, profile_doc=made)
    assert given == conversation_to_session(conv, unsaved=False, revision=9)
    assert carried(given)["profile"]["rev"] == 9
    assert made["rev"] == 0  # stamped on a copy: the document saved is left as it was


@pytest.mark.parametrize("text", ["{not json", "[" * 100_000, '{"profile": NaN}'])
def test_a_carried_text_that_is_not_strict_json_is_a_format_error(text: str) -> None:
    with pytest.raises(StateFormatError):
        conversation_from_session({SESSION_KEY: text})


def carried(attributes: dict[str, Any]) -> dict[str, Any]:
    """The document a session's attributes carry."""
    doc = session_document(attributes)
    assert doc is not None
    return doc


def test_a_session_without_our_attributes_carries_nothing() -> None:
    assert conversation_from_session({}) is None
    assert conversation_from_session(None) is None


HISTORY = (
    History()
    .practised(day("2026-05-01"), "upper-back")
    .finished_one(day("2026-05-02"), "lower-back")
    .finished_one(day("2026-05-03"), "neck-shoulders")
)


def test_the_history_survives_the_round_trip_and_the_session() -> None:
    profile = replace(PROFILE, history=HISTORY)
    assert profile_from_doc(profile_to_doc(profile)) == profile
    carried = conversation_from_session(conversation_to_session(Conversation(profile), False))
    assert carried is not None
    assert carried.conversation.profile.history == HISTORY


def test_a_schema_2_document_gets_a_history_from_its_places() -> None:
    doc = profile_to_doc(PROFILE) | {"v": 2}
    migrated = profile_from_doc(doc)
    assert migrated.places == PROFILE.places
    history = migrated.history
    assert history.finished == 1  # the finished neck routine
    assert history.days == {local_day(p.saved_at, None) for p in PROFILE.places}
    # Both places are within two weeks of each other (11.6 days): newest first.
    assert [r for _, r in history.recent] == ["lower-back", "neck-shoulders"]
    old = replace(PROFILE.places[1], saved_at=PROFILE.places[0].saved_at - 20 * 86_400)
    older = profile_to_doc(replace(PROFILE, places=(PROFILE.places[0], old))) | {"v": 2}
    assert [r for _, r in profile_from_doc(older).history.recent] == ["lower-back"]


@pytest.mark.parametrize(
    "history",
    [
        {"end": 1, "days": "!!", "finished": 0, "recent": []},
        {"end": -1, "days": "", "finished": 0, "recent": []},
        {"end": 1, "days": "", "finished": "3", "recent": []},
        {"end": 1, "days": "", "finished": 0, "recent": [["x"]]},
        {"days": "", "finished": 0, "recent": []},
    ],
)
def test_a_malformed_history_is_refused(history: object) -> None:
    doc = profile_to_doc(PROFILE) | {"history": history}
    with pytest.raises(StateFormatError):
        profile_from_doc(doc)


def test_a_year_of_daily_use_stays_under_two_kib() -> None:
    history, first = History(), day("2026-01-01")
    routines = ("lower-back", "gentle-back-core", "spine-mobility", "upper-back", "back-core")
    for n in range(365):
        history = history.finished_one(first + n, routines[n % len(routines)])
    places = tuple(
        Place(r, 9, Status.PAUSED, 1_800_000_000.0 + i, anchor=("a-move-id", "left", 3))
        for i, r in enumerate((*routines, "neck-shoulders"))
    )
    doc = profile_to_doc(Profile(places, True, history), revision=10_000)
    assert len(json.dumps(doc, separators=(",", ":"))) < 2048
    assert profile_from_doc(doc).history == history


def test_the_time_zone_is_kept_with_when_it_was_asked() -> None:
    profile = replace(PROFILE, zone="Europe/London", zone_checked=1_800_000_000.0)
    assert profile_from_doc(profile_to_doc(profile)) == profile
    assert "zone" not in profile_to_doc(PROFILE)  # never asked: nothing kept
    with pytest.raises(StateFormatError):
        profile_from_doc(profile_to_doc(profile) | {"zone_at": "yesterday"})
