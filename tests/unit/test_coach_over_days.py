"""The coach over days: what it remembers of each day, what it says about it, what it suggests."""

from __future__ import annotations

from datetime import date

from skill.domain.coach import Coach, Event, Turn
from skill.domain.replies import (
    Finished,
    ForgetAsked,
    Forgotten,
    KeptAll,
    Narrate,
    Progress,
    TodaysRoutine,
    WelcomeBack,
    WhatWeKeep,
)
from skill.domain.routines import Catalog
from skill.domain.state import DAY, Conversation, OfferKind

MONDAY = 1_795_392_000.0  # 2026-11-23 00:00 UTC, a Monday
NOON = MONDAY + 12 * 3600


def today(now: float) -> int:
    return Event(now).today


def finish(coach: Coach, conv: Conversation, routine_id: str, now: float) -> Turn:
    """Start a routine and say "next" to its end."""
    turn = coach.start(conv.with_offer(None), Event(now, routine_id))
    assert isinstance(turn.reply, Narrate)
    while not turn.end_session:
        turn = coach.next(turn.conversation, Event(now))
    assert isinstance(turn.reply, Finished)
    return turn


def test_the_clock_is_what_it_says() -> None:
    assert date.fromordinal(today(NOON)) == date(2026, 11, 23)


def test_stretching_marks_the_day_and_finishing_counts(coach: Coach) -> None:
    started = coach.start(Conversation(), Event(NOON, "lower-back"))
    history = started.conversation.profile.history
    assert history.days == {today(NOON)}
    assert history.finished == 0
    done = finish(coach, Conversation(), "back-core", NOON)
    assert done.conversation.profile.history.finished == 1
    assert done.conversation.profile.history.routines_on(today(NOON)) == ("back-core",)


def test_the_streak_is_said_at_the_first_finish_of_a_day_from_two_days_on(coach: Coach) -> None:
    day1 = finish(coach, Conversation(), "back-core", NOON)
    assert isinstance(day1.reply, Finished)
    assert day1.reply.streak == 0  # one day is not a streak
    day2 = finish(coach, day1.conversation, "back-core", NOON + DAY)
    assert isinstance(day2.reply, Finished)
    assert day2.reply.streak == 2
    again = finish(coach, day2.conversation, "upper-back", NOON + DAY + 3600)
    assert isinstance(again.reply, Finished)
    assert again.reply.streak == 0  # not every time
    assert again.conversation.profile.history.finished == 3


def test_how_am_i_doing(coach: Coach) -> None:
    conv = finish(coach, Conversation(), "back-core", NOON).conversation  # Monday
    conv = finish(coach, conv, "upper-back", NOON + DAY).conversation  # Tuesday
    asked = coach.progress(conv, Event(NOON + 2 * DAY))  # Wednesday, nothing yet today
    report = asked.reply
    assert isinstance(report, Progress)
    assert (report.this_week, report.streak, report.finished) == (2, 2, 2)
    assert report.last is not None
    assert (report.last.routine.id, report.last.days_ago, report.last.finished) == (
        "upper-back",
        1,
        True,
    )
    assert report.suggestion is not None
    assert report.suggestion.id == "back-core"  # not yesterday's; the other they know
    assert asked.conversation.offer is not None
    assert asked.conversation.offer.kind is OfferKind.START
    assert asked.conversation.profile == conv.profile  # asking changes nothing kept
    next_monday = coach.progress(conv, Event(NOON + 7 * DAY)).reply
    assert isinstance(next_monday, Progress)
    assert (next_monday.this_week, next_monday.streak) == (0, 0)


def test_how_am_i_doing_mid_routine_offers_nothing_and_keeps_the_place(coach: Coach) -> None:
    started = coach.start(Conversation(), Event(NOON, "lower-back"))
    asked = coach.progress(started.conversation, Event(NOON))
    assert isinstance(asked.reply, Progress)
    assert asked.reply.suggestion is None
    assert asked.reply.last is None  # "last time" is not the routine they are in now
    assert asked.conversation.offer is None
    assert asked.conversation.latest_place == started.conversation.latest_place


def test_someone_coming_back_with_nothing_paused_hears_one_suggestion(coach: Coach) -> None:
    conv = finish(coach, Conversation(), "lower-back", NOON).conversation
    opened = coach.launch(conv, Event(NOON + DAY))
    assert isinstance(opened.reply, TodaysRoutine)
    assert opened.reply.welcome
    assert opened.reply.last is not None
    assert opened.reply.last.days_ago == 1
    yes = coach.yes(opened.conversation, Event(NOON + DAY))
    assert isinstance(yes.reply, Narrate)
    assert yes.reply.step.routine.id == opened.reply.routine.id
    assert yes.reply.step.index == 0


def test_a_paused_place_is_still_offered_first(coach: Coach) -> None:
    started = coach.start(Conversation(), Event(NOON, "lower-back"))
    paused = coach.pause(started.conversation, Event(NOON))
    assert isinstance(coach.launch(paused.conversation, Event(NOON + DAY)).reply, WelcomeBack)


def test_someone_new_gets_the_first_time_welcome(coach: Coach) -> None:
    assert not isinstance(coach.launch(Conversation(), Event(NOON)).reply, TodaysRoutine)


def test_days_are_the_persons_own(coach: Coach) -> None:
    late = MONDAY + 23.5 * 3600  # 23:30 UTC Monday is Tuesday morning in Tokyo
    turn = coach.start(Conversation(), Event(late, "lower-back", zone="Asia/Tokyo"))
    assert turn.conversation.profile.history.days == {today(MONDAY) + 1}


def test_forget_me_asks_and_only_a_yes_forgets(coach: Coach) -> None:
    conv = finish(coach, Conversation(), "back-core", NOON).conversation
    asked = coach.forget_me(conv, Event(NOON))
    assert isinstance(asked.reply, ForgetAsked)
    assert asked.conversation.profile == conv.profile
    assert not asked.forget
    yes = coach.yes(asked.conversation, Event(NOON))
    assert isinstance(yes.reply, Forgotten)
    assert (yes.forget, yes.end_session) == (True, True)
    assert yes.conversation == Conversation()
    no = coach.no(asked.conversation, Event(NOON))
    assert isinstance(no.reply, KeptAll)
    assert (no.forget, no.end_session) == (False, False)
    assert no.conversation.profile == conv.profile


def test_what_we_keep_knows_whether_anything_is_kept(coach: Coach) -> None:
    nothing = coach.what_we_keep(Conversation(), Event(NOON)).reply
    assert isinstance(nothing, WhatWeKeep)
    assert not nothing.anything
    conv = coach.start(Conversation(), Event(NOON, "lower-back")).conversation
    something = coach.what_we_keep(conv, Event(NOON)).reply
    assert isinstance(something, WhatWeKeep)
    assert something.anything
    assert something.kept_days == nothing.kept_days == 365  # the default PERSON_RETENTION_DAYS


def test_what_we_keep_says_how_long_the_coach_keeps_people(catalog: Catalog) -> None:
    reply = Coach(catalog, person_retention_days=90).what_we_keep(Conversation(), Event(NOON))
    assert isinstance(reply.reply, WhatWeKeep)
    assert reply.reply.kept_days == 90


def test_the_streak_is_said_once_a_day_even_when_a_routine_is_done_again(coach: Coach) -> None:
    day1 = finish(coach, Conversation(), "back-core", NOON).conversation
    day2 = finish(coach, day1, "back-core", NOON + DAY)
    assert isinstance(day2.reply, Finished)
    assert day2.reply.streak == 2
    again = finish(coach, day2.conversation, "back-core", NOON + DAY + 600)  # the same one
    assert isinstance(again.reply, Finished)
    assert again.reply.streak == 0
