"""Multi-turn conversations through the Flask app with real Alexa envelopes and a real Redis.

Every reply is checked by tests/checks.py (valid SSML, breaks, size, audio, reprompts)."""

from __future__ import annotations

import uuid

import redis
from flask.testing import FlaskClient

from skill.config import Settings
from skill.domain.content import Catalog
from skill.store.keys import progress_key
from skill.web import create_app
from tests.support.alexa import AlexaSession, flask_transport
from tests.support.clock import Clock
from tests.support.settings import SECRET

DAY = 24 * 60 * 60


def test_one_shot_start_narrates_the_first_move(person: AlexaSession) -> None:
    reply = person.start("lower back")
    assert "not medical advice" in reply.text
    assert "Lower back stretches: five moves, about" in reply.text
    assert "Move one of five, pelvic tilt." in reply.text
    assert "Hold." in reply.text
    assert not reply.ends_session
    assert reply.reprompt is not None
    assert "knee to chest" in reply.reprompt


def test_the_used_lines_next_repeat_hold_pause_and_resume(person: AlexaSession) -> None:
    person.start("my lower back")
    knee = person.say("AMAZON.NextIntent")
    assert "Move two of five, knee to chest." in knee.text
    again = person.say("AMAZON.RepeatIntent")
    assert again.text.startswith("Again: knee to chest, left leg.")
    hold = person.say("HoldDurationIntent")
    assert "ten seconds" in hold.text
    assert "three to five times per leg" in hold.text
    paused = person.say("AMAZON.PauseIntent")
    assert paused.ends_session
    assert "Paused at knee to chest, left leg" in paused.text
    assert "ask back stretch coach to resume" in paused.text
    welcome = person.launch()
    assert "Welcome back. You stopped at knee to chest, left leg" in welcome.text
    resumed = person.say("AMAZON.YesIntent")
    assert resumed.text.startswith("Picking up lower back stretches at knee to chest, left leg.")


def test_go_back_skip_and_start_over(person: AlexaSession) -> None:
    person.start()
    person.say("AMAZON.NextIntent")
    person.say("AMAZON.NextIntent")
    back = person.say("AMAZON.PreviousIntent")
    assert back.text.startswith("Back to knee to chest, left leg.")
    skipped = person.say("SkipIntent")
    assert "Move three of five, lower trunk rotation." in skipped.text
    top = person.say("AMAZON.StartOverIntent")
    assert "From the top. Move one of five, pelvic tilt." in top.text


def test_go_back_on_the_first_step_says_so(person: AlexaSession) -> None:
    person.start()
    reply = person.say("AMAZON.PreviousIntent")
    assert "This is the first step, so here it is again: pelvic tilt." in reply.text


def test_questions_answer_for_the_current_move_and_never_move_it(person: AlexaSession) -> None:
    person.start()
    person.say("AMAZON.NextIntent")
    why = person.say("ExplainMoveIntent")
    assert "Knee to chest stretches your hips and lower back" in why.text
    where = person.say("WhereAmIIntent")
    assert "lower back stretches, move two of five, knee to chest, left leg" in where.text
    routines = person.say("ListRoutinesIntent")
    assert "lower back stretches, five moves, about" in routines.text
    assert person.say("AMAZON.RepeatIntent").text.startswith("Again: knee to chest, left leg.")


def test_pain_stops_the_stretch_and_offers_skip_or_stop(person: AlexaSession) -> None:
    person.start()
    reply = person.say("PainIntent")
    assert "Stop that stretch and ease out of it slowly" in reply.text
    assert '"skip"' in reply.text
    assert "Hold." not in reply.text
    assert not reply.ends_session
    assert "Move two of five" in person.say("SkipIntent").text


def test_pain_reports_are_never_stored(person: AlexaSession, redis_client: redis.Redis) -> None:
    person.start()
    key = progress_key(SECRET, person.user_id)
    before = redis_client.get(key)
    person.say("PainIntent")
    assert redis_client.get(key) == before
    assert b"pain" not in (before or b"")


def test_finishing_the_routine_praises_and_ends(person: AlexaSession) -> None:
    person.start()
    for _ in range(7):
        assert not person.say("AMAZON.NextIntent").ends_session
    done = person.say("AMAZON.NextIntent")
    assert "you've finished lower back stretches" in done.text
    assert done.ends_session
    assert "There's nothing paused to pick up" in person.say("AMAZON.ResumeIntent").text


def test_resume_one_shot_in_a_new_session(person: AlexaSession) -> None:
    person.start()
    person.say("AMAZON.NextIntent")
    assert person.say("AMAZON.StopIntent").ends_session
    reply = person.say("AMAZON.ResumeIntent")
    assert reply.text.startswith("Picking up lower back stretches at knee to chest, left leg.")


def test_falling_silent_keeps_the_position(person: AlexaSession) -> None:
    person.start()
    person.say("AMAZON.NextIntent")
    ended = person.fall_silent()
    assert ended.status == 200
    assert "Welcome back. You stopped at knee to chest" in person.launch().text


def test_stop_says_what_was_done_and_how_to_come_back(person: AlexaSession) -> None:
    person.start()
    for _ in range(4):
        person.say("AMAZON.NextIntent")
    stopped = person.say("AMAZON.CancelIntent")
    assert stopped.ends_session
    assert "You got through two of five moves." in stopped.text
    assert "ask back stretch coach to resume" in stopped.text


def test_saying_no_to_resuming_offers_the_routines(person: AlexaSession) -> None:
    person.start()
    person.say("AMAZON.PauseIntent")
    person.launch()
    reply = person.say("AMAZON.NoIntent")
    assert "Okay, we'll leave that for now." in reply.text
    assert "lower back stretches" in reply.text


def test_opening_with_nothing_saved_welcomes_and_asks(person: AlexaSession) -> None:
    reply = person.launch()
    assert "Welcome to Back Stretch Coach" in reply.text
    assert not reply.ends_session


def test_an_unknown_routine_asks_which_instead_of_guessing(person: AlexaSession) -> None:
    reply = person.start("hot yoga", resolved=None)
    assert "I don't have a routine called hot yoga." in reply.text
    assert "Move one" not in reply.text


def test_help_and_fallback_depend_on_where_you_are(person: AlexaSession) -> None:
    assert '"what routines are there"' in person.say("AMAZON.HelpIntent").text
    assert "didn't catch that" in person.say("AMAZON.FallbackIntent").text
    person.start()
    assert '"how long do I hold"' in person.say("AMAZON.HelpIntent").text
    fallback = person.say("AMAZON.FallbackIntent")
    assert '"next"' in fallback.text
    assert not fallback.ends_session
    assert person.say("AMAZON.RepeatIntent").text.startswith("Again: pelvic tilt.")


def test_an_intent_the_skill_does_not_know_is_treated_as_not_understood(
    person: AlexaSession,
) -> None:
    person.start()
    reply = person.say("AMAZON.ShuffleOnIntent")
    assert "didn't catch that" in reply.text
    assert person.say("WhereAmIIntent").text.startswith("You're on lower back stretches, move one")


def test_the_position_survives_a_restart(
    person: AlexaSession, settings: Settings, clock: Clock, catalog: Catalog
) -> None:
    person.start()
    person.say("AMAZON.NextIntent")
    person.say("AMAZON.PauseIntent")
    restarted = create_app(settings, clock=clock, catalog=catalog).test_client()
    same_person = AlexaSession(flask_transport(restarted), user_id=person.user_id)
    reply = same_person.say("AMAZON.ResumeIntent")
    assert reply.text.startswith("Picking up lower back stretches at knee to chest, left leg.")


def test_progress_older_than_retention_is_forgotten(person: AlexaSession, clock: Clock) -> None:
    person.start()
    person.say("AMAZON.PauseIntent")
    clock.advance(31 * DAY)
    reply = person.launch()
    assert "It's been a while since your last session" in reply.text
    assert "Welcome back" not in reply.text


def test_people_on_one_device_keep_their_own_place(client: FlaskClient) -> None:
    account = f"amzn1.ask.account.{uuid.uuid4().hex}"
    alex = AlexaSession(flask_transport(client), user_id=account, person_id="amzn1.ask.person.A")
    sam = AlexaSession(flask_transport(client), user_id=account, person_id="amzn1.ask.person.B")
    alex.start()
    alex.say("AMAZON.NextIntent")
    alex.say("AMAZON.PauseIntent")
    assert "Welcome to Back Stretch Coach" in sam.launch().text
    assert "knee to chest" in alex.launch().text
