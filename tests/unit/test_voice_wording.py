"""Wording, tested once, here: each slip the voice issue found, and the phrases that carry
meaning (closing words, warning signs, waiting, natural time units)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skill.domain.replies import (
    ChoiceReason,
    ChooseRoutine,
    Finished,
    HoldInfo,
    Lead,
    PainAdvice,
    Reply,
    TooHard,
    Wait,
)
from skill.domain.routines import Catalog, Posture, Routine, Step
from skill.voice import locales, privacy, safety, speech
from skill.voice.holds import HALFWAY, TEN_MORE, cue_points, hold_segments
from skill.voice.locales import DEFAULT_LOCALE, LOCALES, WORDING, supported_locale, wording
from skill.voice.narration import narrate_step, next_label
from skill.voice.numbers import duration, period, times, words
from skill.voice.ssml import Pause, Say
from tests.support.speech import content_catalog

CONTENT = Path(__file__).resolve().parents[2] / "content"
CATALOG: Catalog = content_catalog()
STEPS = [step for routine in CATALOG.routines for step in routine.steps]


def text(step: Step, lead: Lead = Lead.NEXT) -> str:
    return " ".join(s.text for s in narrate_step(step, lead) if isinstance(s, Say))


def said(reply: Reply) -> str:
    return " ".join(s.text for s in speech.say(reply).segments if isinstance(s, Say))


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (10, "ten seconds"),
        (45, "forty-five seconds"),
        (60, "one minute"),
        (90, "ninety seconds"),
        (120, "two minutes"),
        (150, "two and a half minutes"),
    ],
)
def test_lengths_of_time_are_said_in_natural_units(seconds: int, words: str) -> None:
    assert duration(seconds) == words


def test_how_long_data_is_kept_is_said_as_people_say_a_span() -> None:
    """PERSON_RETENTION_DAYS, said back in "what do you keep" (1 to 3,650 days)."""
    spans = {
        365: "a year",
        730: "two years",
        3650: "ten years",
        30: "a month",
        90: "three months",
        14: "two weeks",
        1: "a day",
        45: "forty-five days",
        364: "three hundred and sixty-four days",
        366: "about thirteen months",
        400: "about fourteen months",
        729: "about twenty-five months",
        1000: "about three years",
        1277: "about four years",
    }
    assert {days: period(days) for days in spans} == spans
    assert privacy.kept_for(90) == "It goes by itself three months after your last visit."
    with pytest.raises(ValueError, match="not a span of days"):
        period(0)


def test_a_span_is_never_said_shorter_than_it_is() -> None:
    """Every span a deployment can set: said, and at least as long as it is (it says how long
    data is kept)."""
    number = {words(n): n for n in range(1, 1000)} | {"a": 1}
    unit_days = {"day": 1, "week": 7, "month": 30, "year": 365}
    short = []
    for days in range(1, 3651):
        *count, unit = period(days).removeprefix("about ").split(" ")
        said = number[" ".join(count)] * unit_days[unit.removesuffix("s")]
        if said < days or (said != days and not period(days).startswith("about ")):
            short.append((days, period(days)))
    assert short == []


def test_long_holds_cue_halfway_thirty_and_ten_not_every_ten_seconds() -> None:
    assert [t for _, t in cue_points(120)] == [
        "Halfway. One minute to go.",
        "Thirty seconds to go.",
        TEN_MORE,
    ]
    assert [t for _, t in cue_points(60)] == [HALFWAY, TEN_MORE]
    assert [t for _, t in cue_points(30)] == [HALFWAY]
    assert [t for _, t in cue_points(20)] == [TEN_MORE]
    assert cue_points(15) == []
    spoken = [s.text for s in hold_segments(60) if isinstance(s, Say)]
    assert spoken[-5:] == ["five,", "four,", "three,", "two,", "one."]


def test_no_step_says_the_round_or_switches_to_a_set() -> None:
    for step in STEPS:
        spoken = text(step)
        assert "the round" not in spoken
        assert "Now switch:" not in spoken
        assert "on each pose" not in spoken


def test_only_the_step_that_ends_a_set_says_the_set_is_done() -> None:
    for step in STEPS:
        spoken = text(step)
        share = step.part.rep_numbers
        if step.part.ends_set:
            assert f"That's {words(share[-1])} of" not in spoken
        else:
            assert f"of {words(step.part.reps.value)}." in spoken


def test_the_next_set_is_offered_with_its_article() -> None:
    routine = CATALOG.get("back-core")
    assert routine is not None
    first_set = next(
        s for s in routine.steps if s.routine.steps[s.index + 1].part.label == "second set"
    )
    assert next_label(first_set) == "the second set"


def test_setups_say_where_to_be_so_they_work_when_picked_up_days_later() -> None:
    for routine in CATALOG.routines:
        for move in routine.moves:
            assert not move.setup.lower().startswith(("stay", "still", "back on")), move.id


def test_lower_trunk_rotation_does_not_stop_in_the_middle_after_each_side() -> None:
    routine = CATALOG.get("lower-back")
    assert routine is not None
    move = next(m for m in routine.moves if m.id == "lower-trunk-rotation")
    assert all("middle" not in part.release for part in move.parts)


def test_the_routine_choice_asks_which_once_in_speech_and_once_in_the_reprompt() -> None:
    reply = ChooseRoutine(ChoiceReason.NONE_GIVEN, CATALOG.routines)
    said_ = speech.say(reply)
    assert " ".join(s.text for s in said_.segments if isinstance(s, Say)).count("Which") == 1
    assert said_.reprompt is not None
    assert said_.reprompt.count("Which") == 1


@pytest.mark.parametrize("routine", CATALOG.routines, ids=lambda r: r.id)
def test_each_routine_closes_with_words_that_fit_how_it_ends(routine: Routine) -> None:
    closing = said(Finished(routine))
    fits = speech.CLOSING.get(routine.final_posture, speech.CARRY_ON_WITH_YOUR_DAY)
    assert fits in closing
    others = {*speech.CLOSING.values(), speech.CARRY_ON_WITH_YOUR_DAY} - {fits}
    assert not any(other in closing for other in others)
    if routine.closing:
        assert routine.closing in closing


def test_the_neck_routine_ends_seated_and_the_lower_back_routine_on_the_floor() -> None:
    neck, back = CATALOG.get("neck-shoulders"), CATALOG.get("lower-back")
    assert neck is not None
    assert back is not None
    assert not neck.final_posture.lying
    assert back.final_posture is Posture.BACK


def test_pain_with_no_routine_running_does_not_pretend_a_stretch_is_under_way() -> None:
    spoken = said(PainAdvice(None, CATALOG.routines[0]))
    assert safety.STOP_THE_STRETCH not in spoken
    assert safety.WARNING_SIGNS["back"] in spoken


def test_pain_in_the_neck_routine_gives_the_neck_and_arm_warning_signs() -> None:
    neck = CATALOG.get("neck-shoulders")
    assert neck is not None
    spoken = said(PainAdvice(neck.steps[0], CATALOG.routines[0]))
    assert safety.WARNING_SIGNS["neck"] in spoken
    assert "legs" not in spoken


def test_waiting_is_take_your_time_then_quiet_then_how_to_go_on() -> None:
    step = STEPS[1]
    said_ = speech.say(Wait(step))
    assert said_.segments[0] == Say(speech.TAKE_YOUR_TIME)
    assert said_.segments[1] == Pause(speech.WAIT_MS)
    assert said_.reprompt


def test_too_hard_names_the_easier_numbers() -> None:
    step = next(s for s in STEPS if s.part.easier() is not None)
    easier = step.part.easier()
    assert easier is not None
    spoken = said(TooHard(step, easier=easier))
    assert duration(easier.hold.value) in spoken or times(easier.reps.value) in spoken


def test_hold_info_says_long_holds_in_natural_units() -> None:
    minute = next(s for s in STEPS if s.part.hold.value == 60 and not s.part.hold.is_range)
    assert "one minute" in said(HoldInfo(minute, minute.part))
    twist = next(s for s in STEPS if s.part.hold.value == 90)
    assert "ninety seconds" in said(HoldInfo(twist, twist.part))
    assert not re.search(
        r"sixty|hundred", said(HoldInfo(minute, minute.part)) + said(HoldInfo(twist, twist.part))
    )


WELCOME = ChooseRoutine(ChoiceReason.WELCOME, CATALOG.routines)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_welcome_names_the_professional_people_go_to_in_that_locale(locale: str) -> None:
    welcome = " ".join(s.text for s in speech.say(WELCOME, locale).segments if isinstance(s, Say))
    assert f"check with {wording(locale).check_first_with} first".lower() in welcome.lower()
    others = {w.check_first_with for w in WORDING.values()} - {wording(locale).check_first_with}
    assert not any(other in welcome for other in others)


def test_wording_differs_where_english_does_and_only_there() -> None:
    assert "physical therapist" in locales.US.check_first_with
    assert "physio" in locales.GB.check_first_with
    assert "GP" in locales.GB.check_first_with
    assert locales.AU == locales.GB
    assert "physiotherapist" in locales.CA.check_first_with
    assert locales.IN == locales.CA


@pytest.mark.parametrize("locale", [None, "", "en-NZ", "de-DE", "en-gb", "<speak>"])
def test_a_missing_or_unknown_locale_is_answered_in_american_english(locale: str | None) -> None:
    assert supported_locale(locale) == DEFAULT_LOCALE == "en-US"
    assert wording(locale) == locales.US
    assert said(WELCOME) == " ".join(
        s.text for s in speech.say(WELCOME, locale).segments if isinstance(s, Say)
    )
