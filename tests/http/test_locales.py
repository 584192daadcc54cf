"""Replies follow the request's locale where English differs, through the real app; a missing or
unknown locale is answered in American English, never refused. Wording itself is the voice
tests' business: these tests only check which locale's named phrase was said."""

from __future__ import annotations

import pytest

from skill.voice.locales import LOCALES, wording
from tests.support.alexa import AlexaSession


def _welcome(person: AlexaSession, locale: str | None) -> str:
    reply = person.send("launch_request", locale=locale)
    assert reply.status == 200
    assert not reply.ends_session
    assert reply.at is None  # a welcome: nothing started
    return reply.text


def test_a_british_request_hears_the_british_wording(person: AlexaSession) -> None:
    said = _welcome(person, "en-GB")
    assert wording("en-GB").check_first_with in said
    assert wording("en-US").check_first_with not in said


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_hears_its_own_wording(person: AlexaSession, locale: str) -> None:
    assert wording(locale).check_first_with in _welcome(person, locale)


@pytest.mark.parametrize("locale", [None, "en-NZ", "fr-FR", "x" * 300])
def test_a_missing_or_unknown_locale_is_answered_in_american_english(
    person: AlexaSession, locale: str | None
) -> None:
    assert wording("en-US").check_first_with in _welcome(person, locale)


def test_the_locale_changes_words_not_where_the_person_is(person: AlexaSession) -> None:
    started = person.send("start_routine_request", routine=("lower back", "lower-back"))
    british = person.send("intent_request", intent="AMAZON.NextIntent", locale="en-GB")
    assert started.at == "lower-back 0 active"
    assert british.at == "lower-back 1 active"
