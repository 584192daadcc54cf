"""Replies follow the request's locale where English differs, through the real app; a missing or
unknown locale is answered in American English, never refused. Wording itself is the voice
tests' business: these tests only check which locale's named phrase was said, and which units
the content is measured in."""

from __future__ import annotations

import json
import uuid

import pytest
from flask.testing import FlaskClient

from skill.domain.routines import Catalog, Step
from skill.voice.locales import LOCALES, wording
from tests.support.alexa import AlexaSession, SkillResponse, flask_transport
from tests.support.units import METRIC_LOCALES, metric_units, us_units


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


def _first_measured(catalog: Catalog) -> Step:
    """The first step whose content measures something in American units."""
    return next(
        step
        for routine in catalog.routines
        for step in routine.steps
        if us_units(" ".join((step.move.setup, *step.part.instructions, step.part.cue)))
    )


def _walk_to(person: AlexaSession, step: Step, locale: str) -> SkillResponse:
    """Start step's routine in locale and say "next" until step is narrated."""
    routine = step.routine
    reply = person.send("start_routine_request", routine=(routine.name, routine.id), locale=locale)
    for _ in range(step.index):
        reply = person.send("intent_request", intent="AMAZON.NextIntent", locale=locale)
    assert reply.at == f"{routine.id} {step.index} active"
    return reply


@pytest.mark.parametrize("locale", METRIC_LOCALES)
def test_a_metric_locale_hears_and_sees_the_content_in_centimetres(
    client: FlaskClient, catalog: Catalog, locale: str
) -> None:
    person = AlexaSession(
        flask_transport(client), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}", screen=True
    )
    reply = _walk_to(person, _first_measured(catalog), locale)
    assert metric_units(reply.text)
    assert not us_units(reply.text)
    shown = reply.screen
    assert shown is not None
    assert not us_units(json.dumps(shown))
    assert metric_units(shown["setup"])  # the first measured step's setup measures
    assert not us_units(
        person.send("intent_request", intent="AMAZON.RepeatIntent", locale=locale).text
    )


def test_en_us_hears_the_content_in_inches_and_feet(person: AlexaSession, catalog: Catalog) -> None:
    reply = _walk_to(person, _first_measured(catalog), "en-US")
    assert us_units(reply.text)
    assert not metric_units(reply.text)
