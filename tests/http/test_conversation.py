"""Multi-turn conversations through the Flask app with real Alexa envelopes and a real Redis.

They run on the fixture content (tests/fixtures/content), so a content edit cannot break them, and
assert meaning: the place the skill carries, session end, the move narrated (named from the
catalog), numbers. Wording is the voice tests' business. Every reply is also checked by
tests/support/checks.py (valid SSML, breaks, size, audio, reprompts)."""

from __future__ import annotations

import uuid

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from skill.config import Settings
from skill.domain.routines import Catalog, Routine
from skill.domain.state import DAY
from skill.store.keys import person_key
from skill.voice.narration import DISCLAIMER
from skill.voice.numbers import times, words
from skill.voice.progress import NOTHING_YET
from skill.voice.speech import HOW_TO_COME_BACK
from skill.web import create_app
from tests.support.alexa import AlexaSession, SkillResponse, flask_transport
from tests.support.clock import Clock
from tests.support.settings import SECRET


@pytest.fixture
def app(small_app: Flask) -> Flask:
    """The app on the fixture content."""
    return small_app


@pytest.fixture(scope="module")
def routine(small_catalog: Catalog) -> Routine:
    """A plain move, a two-sided move, and a move with a variant."""
    return small_catalog.routines[0]


def start(person: AlexaSession, routine: Routine) -> SkillResponse:
    """'start <routine>', resolved by Alexa to its id."""
    return person.start(routine.name, routine.id)


def narrates(reply: SkillResponse, routine: Routine, step: int) -> bool:
    """The reply narrates that step: the place moved there, the move is named, holds are timed."""
    return (
        reply.at == f"{routine.id} {step} active"
        and reply.says(routine.steps[step].move.name)
        and bool(reply.pauses)
    )


def test_one_shot_start_narrates_the_first_move(person: AlexaSession, routine: Routine) -> None:
    reply = start(person, routine)
    assert narrates(reply, routine, 0)
    assert reply.says(DISCLAIMER, routine.name)
    assert not reply.ends_session
    assert reply.reprompt_says(routine.steps[1].move.name)


def test_next_repeat_hold_pause_and_resume(person: AlexaSession, routine: Routine) -> None:
    start(person, routine)
    assert narrates(person.say("AMAZON.NextIntent"), routine, 1)
    assert narrates(person.say("AMAZON.RepeatIntent"), routine, 1)
    hold = person.say("HoldDurationIntent")
    part = routine.steps[1].part
    assert hold.says(words(part.hold.low), words(part.hold.high), times(part.reps.value))
    assert hold.at == f"{routine.id} 1 active"
    assert not hold.pauses
    paused = person.say("AMAZON.PauseIntent")
    assert paused.ends_session
    assert paused.at == f"{routine.id} 1 paused"
    assert paused.says(routine.steps[1].move.name, HOW_TO_COME_BACK)
    welcome = person.launch()
    assert welcome.offer == "resume"
    assert welcome.at == f"{routine.id} 1 paused"
    assert welcome.says(routine.steps[1].move.name)
    assert not welcome.pauses
    assert narrates(person.say("AMAZON.YesIntent"), routine, 1)


def test_go_back_skip_and_start_over(person: AlexaSession, routine: Routine) -> None:
    start(person, routine)
    person.say("AMAZON.NextIntent")
    person.say("AMAZON.NextIntent")
    assert narrates(person.say("AMAZON.PreviousIntent"), routine, 1)
    # skip goes to the first step of the next move, not the other side of this one
    assert routine.steps[2].move == routine.steps[1].move
    assert narrates(person.say("SkipIntent"), routine, 3)
    assert narrates(person.say("AMAZON.StartOverIntent"), routine, 0)


def test_go_back_on_the_first_step_narrates_it_again(
    person: AlexaSession, routine: Routine
) -> None:
    start(person, routine)
    assert narrates(person.say("AMAZON.PreviousIntent"), routine, 0)


def test_questions_answer_for_the_current_move_and_never_move_it(
    person: AlexaSession, routine: Routine, small_catalog: Catalog
) -> None:
    start(person, routine)
    person.say("AMAZON.NextIntent")
    step = routine.steps[1]
    why = person.say("ExplainMoveIntent")
    assert why.says(step.move.purpose)
    where = person.say("WhereAmIIntent")
    assert where.says(routine.name, step.move.name, words(step.move_index + 1))
    listed = person.say("ListRoutinesIntent")
    assert listed.says(*(r.name for r in small_catalog.routines))
    for answer in (why, where, listed):
        assert answer.at == f"{routine.id} 1 active"
        assert not answer.pauses
        assert not answer.ends_session
    assert narrates(person.say("AMAZON.RepeatIntent"), routine, 1)


def test_pain_stops_the_stretch_and_offers_skip_or_stop(
    person: AlexaSession, routine: Routine
) -> None:
    start(person, routine)
    reply = person.say("PainIntent")
    assert reply.at == f"{routine.id} 0 active"
    assert not reply.pauses  # no hold is narrated
    assert not reply.says(routine.steps[0].part.cue)
    assert not reply.ends_session
    assert narrates(person.say("SkipIntent"), routine, 1)


def test_pain_reports_are_never_stored(
    person: AlexaSession, routine: Routine, redis_client: redis.Redis
) -> None:
    start(person, routine)
    key = person_key(SECRET, person.user_id)
    before = redis_client.get(key)
    person.say("PainIntent")
    assert redis_client.get(key) == before
    assert b"pain" not in (before or b"")


def test_finishing_the_routine_ends_the_session(person: AlexaSession, routine: Routine) -> None:
    start(person, routine)
    for _ in routine.steps[1:]:
        assert not person.say("AMAZON.NextIntent").ends_session
    done = person.say("AMAZON.NextIntent")
    assert done.ends_session
    assert done.latest_place is not None
    assert done.latest_place.status == "finished"
    assert done.says(routine.name, words(len(routine.moves)))
    nothing = person.say("AMAZON.ResumeIntent")
    assert nothing.latest_place == done.latest_place
    assert not nothing.pauses
    assert not nothing.ends_session


def test_resume_one_shot_in_a_new_session(person: AlexaSession, routine: Routine) -> None:
    start(person, routine)
    person.say("AMAZON.NextIntent")
    assert person.say("AMAZON.StopIntent").ends_session
    assert narrates(person.say("AMAZON.ResumeIntent"), routine, 1)


def test_falling_silent_keeps_the_place(person: AlexaSession, routine: Routine) -> None:
    start(person, routine)
    person.say("AMAZON.NextIntent")
    ended = person.fall_silent()
    assert ended.status == 200
    welcome = person.launch()
    assert welcome.offer == "resume"
    assert welcome.latest_place is not None
    assert (welcome.latest_place.routine, welcome.latest_place.step) == (routine.id, 1)


def test_stop_says_how_far_you_got_and_how_to_come_back(
    person: AlexaSession, routine: Routine
) -> None:
    start(person, routine)
    for _ in range(3):
        person.say("AMAZON.NextIntent")
    stopped = person.say("AMAZON.CancelIntent")
    assert stopped.ends_session
    assert stopped.latest_place is not None
    assert stopped.latest_place.step == 3
    step = routine.steps[3]
    assert stopped.says(step.move.name, words(step.move_index), HOW_TO_COME_BACK)


def test_saying_no_to_resuming_offers_the_routines(
    person: AlexaSession, routine: Routine, small_catalog: Catalog
) -> None:
    start(person, routine)
    person.say("AMAZON.PauseIntent")
    assert person.launch().offer == "resume"
    reply = person.say("AMAZON.NoIntent")
    assert reply.offer is None
    assert reply.at == f"{routine.id} 0 paused"  # declining keeps the place for another day
    assert reply.says(*(r.name for r in small_catalog.routines))
    assert not reply.ends_session


def test_opening_with_nothing_saved_asks_which_routine(
    person: AlexaSession, small_catalog: Catalog
) -> None:
    reply = person.launch()
    assert reply.latest_place is None
    assert reply.offer is None
    assert reply.says(*(r.name for r in small_catalog.routines))
    assert not reply.says(DISCLAIMER)
    assert not reply.ends_session


def test_an_unknown_routine_asks_which_instead_of_guessing(
    person: AlexaSession, small_catalog: Catalog
) -> None:
    reply = person.start("hot yoga", resolved=None)
    assert reply.latest_place is None
    assert reply.says("hot yoga", *(r.name for r in small_catalog.routines))
    assert not reply.pauses
    assert not reply.ends_session


def test_help_and_fallback_depend_on_where_you_are(person: AlexaSession, routine: Routine) -> None:
    outside = person.say("AMAZON.HelpIntent")
    assert outside.latest_place is None
    assert outside.says(routine.name)
    lost = person.say("AMAZON.FallbackIntent")
    assert lost.latest_place is None
    assert not lost.ends_session
    start(person, routine)
    inside = person.say("AMAZON.HelpIntent")
    assert inside.at == f"{routine.id} 0 active"
    assert inside.says(routine.steps[0].move.name)
    fallback = person.say("AMAZON.FallbackIntent")
    assert fallback.at == f"{routine.id} 0 active"
    assert not fallback.pauses
    assert not fallback.ends_session
    assert narrates(person.say("AMAZON.RepeatIntent"), routine, 0)


def test_an_intent_the_skill_does_not_know_is_answered_like_the_fallback(
    person: AlexaSession, routine: Routine
) -> None:
    start(person, routine)
    reply = person.say("AMAZON.ShuffleOnIntent")
    fallback = person.say("AMAZON.FallbackIntent")
    assert reply.text == fallback.text
    assert reply.at == fallback.at == f"{routine.id} 0 active"
    assert not reply.ends_session


def test_the_place_survives_a_restart(
    person: AlexaSession,
    routine: Routine,
    settings: Settings,
    clock: Clock,
    small_catalog: Catalog,
) -> None:
    start(person, routine)
    person.say("AMAZON.NextIntent")
    person.say("AMAZON.PauseIntent")
    restarted = create_app(settings, clock=clock, catalog=small_catalog).test_client()
    same_person = AlexaSession(flask_transport(restarted), user_id=person.user_id)
    assert narrates(same_person.say("AMAZON.ResumeIntent"), routine, 1)


def test_progress_older_than_retention_is_forgotten(
    person: AlexaSession, routine: Routine, clock: Clock
) -> None:
    start(person, routine)
    person.say("AMAZON.PauseIntent")
    clock.advance(31 * DAY)
    reply = person.launch()
    assert reply.latest_place is None
    assert reply.offer is None
    assert not reply.ends_session


def test_people_on_one_device_keep_their_own_place(client: FlaskClient, routine: Routine) -> None:
    account = f"amzn1.ask.account.{uuid.uuid4().hex}"
    alex = AlexaSession(flask_transport(client), user_id=account, person_id="amzn1.ask.person.A")
    sam = AlexaSession(flask_transport(client), user_id=account, person_id="amzn1.ask.person.B")
    start(alex, routine)
    alex.say("AMAZON.NextIntent")
    alex.say("AMAZON.PauseIntent")
    assert sam.launch().latest_place is None
    back = alex.launch()
    assert back.offer == "resume"
    assert back.at == f"{routine.id} 1 paused"


def test_each_voice_has_its_own_history_and_an_unknown_voice_the_accounts(
    client: FlaskClient, routine: Routine
) -> None:
    account = f"amzn1.ask.account.{uuid.uuid4().hex}"
    alex = AlexaSession(flask_transport(client), user_id=account, person_id="amzn1.ask.person.A")
    sam = AlexaSession(flask_transport(client), user_id=account, person_id="amzn1.ask.person.B")
    anyone = AlexaSession(flask_transport(client), user_id=account)  # a voice not recognised
    start(alex, routine)
    alex.fall_silent("USER_INITIATED")
    start(anyone, routine)
    anyone.fall_silent("USER_INITIATED")
    # Alex and the account have each stretched once; Sam never has: someone new.
    assert alex.launch().offer == "resume"
    assert sam.launch().offer is None
    assert sam.say("ProgressIntent").says(NOTHING_YET)
    account_says = anyone.say("ProgressIntent")
    assert not account_says.says(NOTHING_YET)
    assert account_says.says(words(1))  # one day this week


def test_everything_kept_about_a_person_expires_a_year_after_their_last_visit(
    person: AlexaSession, routine: Routine, redis_client: redis.Redis
) -> None:
    start(person, routine)
    ttl = redis_client.ttl(person_key(SECRET, person.user_id))
    assert 365 * DAY - 60 <= ttl <= 365 * DAY
