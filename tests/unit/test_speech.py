"""The wording of every reply, tested here once, through the named phrases of skill/voice.

Plumbing tests elsewhere assert places and names, never sentences; this is where words are pinned.
Runs on the fixture content, so the names come from tests/fixtures/content."""

from __future__ import annotations

import pytest

from skill.domain.replies import (
    ChoiceReason,
    ChooseRoutine,
    Fallback,
    Finished,
    ForgetAsked,
    Forgotten,
    GeneralHoldRule,
    Help,
    HoldInfo,
    KeptAll,
    LastTime,
    Lead,
    Narrate,
    NoRoutine,
    PainAdvice,
    Paused,
    Progress,
    Purpose,
    Reply,
    RoutineList,
    Stopped,
    TodaysRoutine,
    WelcomeBack,
    WhatWeKeep,
    WhereAmI,
)
from skill.domain.routines import Catalog, Routine
from skill.voice import speech
from skill.voice.narration import DISCLAIMER
from skill.voice.numbers import words
from tests.support.alexa import plain_text
from tests.support.checks import check_ssml


@pytest.fixture(scope="module")
def routine(small_catalog: Catalog) -> Routine:
    return small_catalog.routines[0]


def LASTS(catalog: Catalog) -> list[LastTime | None]:  # noqa: N802
    first, other = catalog.routines[0], catalog.routines[-1]
    return [
        None,
        *(LastTime(r, d, f) for r in (first, other) for d in (0, 1, 5) for f in (False, True)),
    ]


def PROGRESS_CASES(routine: Routine) -> list[tuple[int, int, int, LastTime | None]]:  # noqa: N802
    last = LastTime(routine, 1, True)
    return [(0, 0, 0, None), (0, 0, 2, last), (1, 1, 1, last), (3, 2, 1000, last)]


def every_reply(catalog: Catalog) -> list[Reply]:
    """One of each reply type, in and out of a routine where that differs."""
    routine = catalog.routines[0]
    step = routine.steps[1]
    everything = catalog.routines
    return [
        Narrate(step, Lead.FIRST, disclaimer=True),
        *(Narrate(step, lead) for lead in Lead),
        Finished(routine),
        Finished(routine, streak=3),
        ForgetAsked(),
        Forgotten(),
        KeptAll(None, routine),
        KeptAll(step, routine),
        WhatWeKeep(anything=False, kept_days=365),
        WhatWeKeep(anything=True, kept_days=90),
        *(Progress(w, s, f, last, routine) for w, s, f, last in PROGRESS_CASES(routine)),
        *(
            TodaysRoutine(routine, last, welcome)
            for last in LASTS(catalog)
            for welcome in (False, True)
        ),
        *(ChooseRoutine(r, everything, "hot yoga", routine) for r in ChoiceReason),
        WelcomeBack(step),
        HoldInfo(step, step.part),
        GeneralHoldRule(routine),
        Purpose(step),
        WhereAmI(step),
        NoRoutine(routine),
        RoutineList(everything),
        *(
            kind(s, routine)
            for kind in (Paused, Stopped, PainAdvice, Help, Fallback)
            for s in (None, step)
        ),
    ]


def text(speech_: speech.Speech) -> str:
    return plain_text(speech_.ssml)


def test_every_reply_is_valid_ssml_and_only_closing_replies_lack_a_reprompt(
    small_catalog: Catalog,
) -> None:
    for reply in every_reply(small_catalog):
        said = speech.say(reply)
        check_ssml(said.ssml)
        closing = isinstance(reply, Finished | Paused | Stopped | Forgotten)
        assert (said.reprompt is None) == closing, reply


def test_pausing_and_stopping_say_how_to_come_back(routine: Routine) -> None:
    step = routine.steps[1]
    paused = text(speech.say(Paused(step, routine)))
    assert paused.startswith(f"Paused at {step.move.name}, {step.part.label}")
    assert paused.endswith(speech.HOW_TO_COME_BACK)
    stopped = text(speech.say(Stopped(step, routine)))
    assert stopped.endswith(speech.HOW_TO_COME_BACK)
    assert step.move.name in stopped


def test_finishing_praises_and_gives_the_aftercare(routine: Routine) -> None:
    finished = text(speech.say(Finished(routine)))
    assert f"you've finished {routine.name}: all {words(len(routine.moves))} moves" in finished
    assert speech.AFTERCARE.format(area=routine.area) in finished


def test_apologies_start_with_the_apology_and_offer_a_way_on(routine: Routine) -> None:
    step = routine.steps[1]
    inside = text(speech.apology(step))
    assert inside.startswith(speech.APOLOGY)
    assert f"You're still at {step.move.name}, {step.part.label}." in inside
    assert text(speech.apology(None)).startswith(speech.APOLOGY)
    assert text(speech.bare_apology()) == f"{speech.APOLOGY} {speech.TRY_AGAIN}"
    assert text(speech.store_unavailable(routine)).startswith("Sorry")


def test_questions_end_with_repeat_or_next(routine: Routine) -> None:
    step = routine.steps[1]
    for reply in (Purpose(step), WhereAmI(step), HoldInfo(step, step.part)):
        assert text(speech.say(reply)).endswith(speech.REPEAT_OR_NEXT)


def test_the_disclaimer_opens_only_the_first_narration(routine: Routine) -> None:
    assert DISCLAIMER in text(speech.say(Narrate(routine.steps[0], Lead.FIRST, disclaimer=True)))
    assert DISCLAIMER not in text(speech.say(Narrate(routine.steps[0], Lead.FIRST)))


def test_welcome_back_names_the_step_and_asks(routine: Routine) -> None:
    step = routine.steps[1]
    said = speech.say(WelcomeBack(step))
    assert text(said) == (
        f"Welcome back. In {routine.name}, you stopped at {step.move.name}, {step.part.label}. "
        "Shall we carry on?"
    )
    assert said.reprompt is not None
    assert routine.name in said.reprompt
