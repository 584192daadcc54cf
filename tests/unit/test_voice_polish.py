"""Issue 22: the slips a person lying on the floor still heard, each held by a test."""

from __future__ import annotations

import itertools
import re

import pytest

from skill.domain.coach import Coach, Event
from skill.domain.delivery import Holds
from skill.domain.replies import (
    ChoiceReason,
    ChooseRoutine,
    Finished,
    FinishThisOne,
    HoldInfo,
    PainAdvice,
    Paused,
    TodaysRoutine,
    TooHard,
    WarningSigns,
)
from skill.domain.routines import Catalog, Posture, Routine
from skill.domain.state import Conversation, Place, Profile, Status
from skill.voice import choosing, safety, speech
from skill.voice.numbers import times, words
from skill.voice.reps import rep_segments, reps_of
from skill.voice.ssml import Pause, Say, render, speech_seconds, ssml_seconds
from tests.support.speech import content_catalog

NOW = 1_800_000_000.0
CATALOG = content_catalog()
ROUTINES = CATALOG.routines


def text(reply: object, locale: str = "en-US") -> str:
    said = speech.say(reply, locale)  # type: ignore[arg-type]
    return " ".join(s.text for s in said.segments if isinstance(s, Say))


def finished(coach: Coach, routine_id: str) -> Conversation:
    routine = coach.catalog.get(routine_id)
    assert routine is not None
    conv = coach.start(Conversation(), Event(NOW, routine_id)).conversation
    for n in range(len(routine.steps)):
        conv = coach.next(conv, Event(NOW + n + 1)).conversation
    assert conv.latest_place is not None
    assert conv.latest_place.status is Status.FINISHED
    return conv


@pytest.mark.parametrize("question", ["where_am_i", "purpose", "time_left"])
def test_after_finishing_a_question_about_the_routine_says_it_is_finished(
    coach: Coach, question: str
) -> None:
    """Items 1 and 9: not "we haven't started", not the whole catalogue."""
    turn = getattr(coach, question)(finished(coach, "lower-back"), Event(NOW + 100))
    assert isinstance(turn.reply, ChooseRoutine)
    assert turn.reply.reason is ChoiceReason.FINISHED_ALREADY
    assert ssml_seconds(speech.say(turn.reply).ssml) < 15


def test_how_long_do_i_hold_gives_the_count_narrated_then_the_range(catalog: Catalog) -> None:
    """Item 3: the back-core crunches are narrated as twelve; the source says ten to fifteen."""
    core = catalog.get("back-core")
    assert core is not None
    step = core.steps[0]
    part = step.part
    assert part.reps.is_range
    said = text(HoldInfo(step, part))
    assert times(part.reps.value) in said
    assert f"{speech.ANYWHERE_FROM} {words(part.reps.low)} to {words(part.reps.high)}" in said
    assert said.index(times(part.reps.value)) < said.index(speech.ANYWHERE_FROM)


def test_how_long_do_i_hold_follows_longer_holds(coach: Coach, catalog: Catalog) -> None:
    routine = next(r for r in catalog.routines if any(s.part.hold.is_range for s in r.steps))
    step = next(s for s in routine.steps if s.part.hold.is_range)
    conv = Conversation(
        Profile(
            (Place(routine.id, step.index, Status.ACTIVE, NOW, anchor=step.anchor),),
            True,
            holds=Holds.LONGER,
        )
    )
    turn = coach.hold_info(conv, Event(NOW))
    assert isinstance(turn.reply, HoldInfo)
    assert turn.reply.part.hold.value == step.part.hold.high


def test_an_easier_way_says_fewer_reps_as_a_person_would() -> None:
    """Item 4: "five instead of eight", not "five times instead of eight times"."""
    step = next(
        s
        for r in ROUTINES
        for s in r.steps
        if (e := s.part.easier()) is not None and 2 < e.reps.value < s.part.reps.value
    )
    easier = step.part.easier()
    assert easier is not None
    said = text(TooHard(step, easier))
    assert f"{words(easier.reps.value)} instead of {words(step.part.reps.value)}" in said
    assert not re.search(r"times instead of .* times", said)


def test_nothing_easier_does_not_call_a_strengthening_move_a_stretch() -> None:
    """Item 13: "a gentle stretch still helps" on a weighted row."""
    step = ROUTINES[0].steps[0]
    said = text(TooHard(step, None))
    assert speech.ONLY_AS_FAR in said
    assert "stretch" not in said


def test_the_upper_back_routine_ends_on_all_fours_and_is_told_how_to_come_up() -> None:
    """Item 5, the closing: not "roll onto your side" after kneeling."""
    upper = CATALOG.get("upper-back")
    assert upper is not None
    assert upper.final_posture is Posture.HANDS_AND_KNEES
    said = text(Finished(upper))
    assert speech.CLOSING[Posture.HANDS_AND_KNEES] in said
    assert speech.CLOSING[Posture.BACK] not in said


def test_pain_in_the_upper_back_routine_names_its_own_warning_signs() -> None:
    """Item 5, the pain advice: weakness in the legs is the lower back's sign."""
    upper = CATALOG.get("upper-back")
    assert upper is not None
    assert upper.area == "upper back"
    said = text(PainAdvice(upper.steps[0], ROUTINES[0]))
    assert safety.WARNING_SIGNS["upper back"] in said
    assert "legs" not in said


def test_the_first_welcome_is_short_and_names_three_routines_at_most() -> None:
    """Item 6: under 15 s; three named, the rest one question away; a short reprompt."""
    welcome = ChooseRoutine(ChoiceReason.WELCOME, ROUTINES)
    for locale in ("en-US", "en-GB", "en-CA", "en-AU", "en-IN"):
        said = speech.say(welcome, locale)
        assert ssml_seconds(said.ssml) < 15, locale
        spoken = text(welcome, locale)
        named = [r for r in ROUTINES if r.name in spoken] + [
            r for r in ROUTINES if r.id in choosing.WELCOME_ROUTINES and r.name not in spoken
        ]
        assert len(named) <= 3
        assert choosing.OR_ASK in spoken
        assert said.reprompt is not None
        assert said.reprompt.count("?") == 1
        assert ssml_seconds(said.reprompt_ssml or "") < 4


def test_the_welcomes_short_names_reach_their_routines(catalog: Catalog) -> None:
    for routine_id, short in choosing.WELCOME_ROUTINES.items():
        found = catalog.find(short)
        assert found is not None
        assert found.id == routine_id


def test_someone_who_finished_before_hears_a_welcome_back_not_the_first_welcome(
    coach: Coach,
) -> None:
    """Item 7."""
    conv = finished(coach, "lower-back")
    turn = coach.launch(conv, Event(NOW + 2 * 86_400))
    assert isinstance(turn.reply, TodaysRoutine)
    assert turn.reply.welcome
    assert "Welcome to Back Stretch Coach" not in text(turn.reply)


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_pain_stops_the_stretch_first_and_is_short(routine: Routine) -> None:
    """Item 10: stop in the first sentence, under 15 s, the signs after, the full list offered."""
    said = speech.say(PainAdvice(routine.steps[1], ROUTINES[0]))
    spoken = text(PainAdvice(routine.steps[1], ROUTINES[0]))
    assert spoken.startswith(safety.STOP_THE_STRETCH)
    assert ssml_seconds(said.ssml) < 15
    assert spoken.index(safety.WARNING_SIGNS[routine.area]) > 0
    assert safety.THE_WARNING_SIGNS in spoken
    assert safety.SHARP_OR_LASTING in spoken  # not only in the full list
    assert spoken.index('"stop"') < spoken.index('"skip"')  # stopping for today comes first


def test_pain_with_nothing_under_way_is_short_too() -> None:
    said = speech.say(PainAdvice(None, ROUTINES[0]))
    assert ssml_seconds(said.ssml) < 15
    spoken = text(PainAdvice(None, ROUTINES[0]))
    assert safety.THE_WARNING_SIGNS in spoken
    assert safety.NOT_THROUGH_PAIN in spoken


def test_pain_just_after_the_neck_routine_gives_the_necks_signs(coach: Coach) -> None:
    turn = coach.pain(finished(coach, "neck-shoulders"), Event(NOW + 100))
    assert isinstance(turn.reply, PainAdvice)
    assert turn.reply.step is None
    assert safety.WARNING_SIGNS["neck"] in text(turn.reply)


@pytest.mark.parametrize("area", sorted(safety.WARNING_SIGNS))
def test_the_full_warning_signs_are_the_areas_own_and_say_when_to_stop(area: str) -> None:
    spoken = text(WarningSigns(area, None))
    assert safety.FULL_WARNING_SIGNS[area] in spoken
    assert safety.PAIN_THAT_LASTS.format(doctor="a doctor") in spoken
    others = set(safety.FULL_WARNING_SIGNS.values()) - {safety.FULL_WARNING_SIGNS[area]}
    assert not any(other in spoken for other in others)


def test_closings_name_the_dependable_way_back_in() -> None:
    """Item 11: "Alexa, open back stretch coach", not "ask back stretch coach to start"."""
    for reply in (*(Finished(r) for r in ROUTINES), Paused(None, ROUTINES[0])):
        spoken = text(reply)
        assert speech.OPEN_THE_SKILL in spoken
        assert "ask back stretch coach to" not in spoken


def test_a_held_rep_on_alternating_sides_pauses_between_the_sides() -> None:
    """Item 13: "And lower them. Lift your left arm..." with no moment between."""
    upper = CATALOG.get("upper-back")
    assert upper is not None
    step = next(s for s in upper.steps if s.move.id == "opposite-arm-and-leg-raise")
    segments = rep_segments(step.part)
    cues = {rep.cue for rep in reps_of(step.part)}
    releases = {rep.release for rep in reps_of(step.part)}
    pairs = list(itertools.pairwise(segments))
    switches = [b for a, b in pairs if isinstance(a, Say) and a.text in releases]
    assert switches
    assert not any(isinstance(b, Say) and b.text in cues for b in switches)
    assert any(isinstance(b, Pause) for b in switches)


def test_a_quoted_phrase_takes_as_long_as_its_words() -> None:
    """The estimate read "&quot;" as a word, so every suggestion in quotes counted long."""
    ssml = render([Say('Say "next" when you\'re ready.')])
    assert "&quot;" in ssml
    assert ssml_seconds(ssml) == pytest.approx(speech_seconds("Say next when you're ready."))


@pytest.mark.parametrize(("locale", "doctor"), [("en-GB", "your GP"), ("en-AU", "your GP")])
def test_pain_that_lasts_names_the_locales_doctor(locale: str, doctor: str) -> None:
    spoken = text(WarningSigns("back", None), locale)
    assert safety.PAIN_THAT_LASTS.format(doctor=doctor) in spoken


def test_how_long_is_left_before_any_routine_says_none_is_under_way(coach: Coach) -> None:
    turn = coach.time_left(Conversation(), Event(NOW))
    spoken = text(turn.reply)
    assert spoken.startswith(choosing.NOTHING_UNDER_WAY)
    assert all(r.name in spoken for r in ROUTINES)  # then how long each one takes


def test_what_to_do_today_in_the_middle_of_a_routine_is_to_finish_it(coach: Coach) -> None:
    """Not "last time, earlier today, was lower back; shall we do it again?" and a restart."""
    conv = coach.start(Conversation(), Event(NOW, "lower-back")).conversation
    conv = coach.next(conv, Event(NOW + 1)).conversation
    turn = coach.today(conv, Event(NOW + 2))
    assert isinstance(turn.reply, FinishThisOne)
    assert turn.reply.step == coach.current_step(conv)
    assert turn.conversation.offer is None
    assert turn.conversation.latest_place == conv.latest_place
    assert text(turn.reply).startswith(speech.FINISH_THIS_ONE)


def test_a_routine_left_under_way_days_ago_does_not_stop_todays_suggestion(coach: Coach) -> None:
    conv = coach.start(Conversation(), Event(NOW, "lower-back")).conversation
    turn = coach.today(conv, Event(NOW + 2 * 86_400))
    assert isinstance(turn.reply, TodaysRoutine)
    assert turn.conversation.offer is not None
