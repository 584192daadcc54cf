"""How progress and today's routine are worded: the phrases, once, through their constants."""

from __future__ import annotations

import pytest

from skill.domain.replies import Finished, LastTime, Progress, TodaysRoutine
from skill.domain.routines import Catalog, Routine
from skill.voice import progress, speech
from tests.support.alexa import plain_text


@pytest.fixture(scope="module")
def two(small_catalog: Catalog) -> tuple[Routine, Routine]:
    return small_catalog.routines[0], small_catalog.routines[-1]


def said(reply: Progress | TodaysRoutine | Finished) -> str:
    return plain_text(speech.say(reply).ssml)


def test_progress_in_two_sentences_then_todays_routine(two: tuple[Routine, Routine]) -> None:
    first, other = two
    text = said(Progress(3, 2, 5, LastTime(first, 1, True), other))
    assert text == (
        f"{progress.IN_A_ROW.format(days='two')} You've stretched on three days this week, and "
        f"you've finished five routines in all. Last time, yesterday, you finished {first.name}. "
        f"Shall we do {other.name} today?"
    )
    assert speech.say(Progress(3, 2, 5, None, other)).reprompt == (
        f"Shall we do {other.name}? {progress.SAY_YES_OR_NO}"
    )


def test_a_streak_of_one_is_not_called_a_streak(two: tuple[Routine, Routine]) -> None:
    first, _ = two
    text = said(Progress(1, 1, 1, LastTime(first, 0, False), first))
    assert "in a row" not in text
    assert "one day this week" in text
    assert "one routine in all" in text
    assert f"earlier today, you did some of {first.name}" in text
    assert text.endswith("Shall we do it again?")  # done today: not "today?"


def test_mid_routine_the_answer_ends_with_how_to_carry_on(two: tuple[Routine, Routine]) -> None:
    first, _ = two
    text = said(Progress(1, 1, 0, LastTime(first, 0, False), None))
    assert text.endswith(progress.CARRY_ON)
    assert "haven't finished a routine yet" in text


def test_someone_new_asking_how_they_are_doing(two: tuple[Routine, Routine]) -> None:
    first, _ = two
    assert said(Progress(0, 0, 0, None, first)).startswith(progress.NOTHING_YET)


def test_todays_routine_says_what_came_before(two: tuple[Routine, Routine]) -> None:
    first, other = two
    assert said(TodaysRoutine(other, LastTime(first, 1, True))) == (
        f"Yesterday was {first.name}; shall we do {other.name} today?"
    )
    welcome = said(TodaysRoutine(first, LastTime(first, 4, True), welcome=True))
    assert welcome == (
        f"{progress.WELCOME_BACK} Last time, four days ago, was {first.name}. Shall we do it again?"
    )


def test_the_finish_mentions_the_streak_only_when_there_is_one(
    two: tuple[Routine, Routine],
) -> None:
    first, _ = two
    assert progress.IN_A_ROW.format(days="three") in said(Finished(first, streak=3))
    assert "in a row" not in said(Finished(first))


def test_the_only_routine_finished_today_is_offered_again_with_a_word_on_enough(
    two: tuple[Routine, Routine],
) -> None:
    """The finish says once or twice a day is plenty; offering it again says so too."""
    first, _ = two
    again = said(TodaysRoutine(first, LastTime(first, 0, True)))
    assert again.startswith(progress.DONE_TODAY.format(name=first.name))
    unfinished = said(TodaysRoutine(first, LastTime(first, 0, False)))
    assert progress.DONE_TODAY.format(name=first.name) not in unfinished
