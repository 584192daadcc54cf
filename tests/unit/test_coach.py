"""The routine state machine, without a server: what each thing a person says does."""

from __future__ import annotations

import pytest

from skill.domain.coach import Coach, Event, Turn
from skill.domain.replies import (
    ChoiceReason,
    ChooseRoutine,
    Fallback,
    Finished,
    GeneralHoldRule,
    HoldInfo,
    Lead,
    Narrate,
    NoRoutine,
    NothingAsked,
    PainAdvice,
    Paused,
    Purpose,
    Stopped,
    WelcomeBack,
    WhereAmI,
)
from skill.domain.state import DAY, Conversation, Offer, OfferKind, Place, Profile, Status

NOW = 1_800_000_000.0


def at(step: int, status: Status = Status.ACTIVE, saved_at: float = NOW) -> Conversation:
    return Conversation(Profile((Place("lower-back", step, status, saved_at),), True))


def narrated(turn: Turn) -> tuple[int, Lead]:
    assert isinstance(turn.reply, Narrate), turn.reply
    place = turn.conversation.latest_place
    assert place is not None
    assert place.step == turn.reply.step.index
    return turn.reply.step.index, turn.reply.lead


def test_starting_by_synonym_narrates_the_first_step_with_the_disclaimer(coach: Coach) -> None:
    turn = coach.start(Conversation(), Event(NOW, "my lower back"))
    assert narrated(turn) == (0, Lead.FIRST)
    assert isinstance(turn.reply, Narrate)
    assert turn.reply.disclaimer
    assert turn.conversation.profile.disclaimer_given


def test_the_disclaimer_is_given_only_once(coach: Coach) -> None:
    first = coach.start(Conversation(), Event(NOW, "lower back"))
    again = coach.start(first.conversation, Event(NOW, "lower back"))
    assert isinstance(again.reply, Narrate)
    assert not again.reply.disclaimer


def test_unknown_or_missing_routine_asks_which_without_guessing(coach: Coach) -> None:
    unknown = coach.start(Conversation(), Event(NOW, "yoga for cats"))
    assert unknown.reply == ChooseRoutine(
        ChoiceReason.UNKNOWN, coach.catalog.routines, heard="yoga for cats"
    )
    assert unknown.conversation.latest_place is None
    missing = coach.start(Conversation(), Event(NOW, None))
    assert missing.reply == ChooseRoutine(ChoiceReason.NONE_GIVEN, coach.catalog.routines)


def test_next_moves_one_step_and_finishes_after_the_last(coach: Coach) -> None:
    assert narrated(coach.next(at(0), Event(NOW))) == (1, Lead.NEXT)
    final = coach.catalog.routines[0].steps[-1]
    done = coach.next(at(final.index), Event(NOW))
    assert isinstance(done.reply, Finished)
    assert done.end_session
    assert done.conversation.latest_place == Place(
        "lower-back", final.index, Status.FINISHED, NOW, anchor=final.anchor
    )


def test_repeat_narrates_the_same_step_again(coach: Coach) -> None:
    assert narrated(coach.repeat(at(2), Event(NOW))) == (2, Lead.AGAIN)


def test_go_back_moves_one_step_back_and_stays_on_the_first(coach: Coach) -> None:
    assert narrated(coach.previous(at(3), Event(NOW))) == (2, Lead.BACK)
    assert narrated(coach.previous(at(0), Event(NOW))) == (0, Lead.BACK_AT_START)


def test_skip_jumps_to_the_first_step_of_the_next_move(coach: Coach) -> None:
    steps = coach.catalog.routines[0].steps
    inside = next(s for s in steps if s.move_index == 1)  # the second move's first step
    after = next(s for s in steps if s.move_index == 2)
    assert narrated(coach.skip(at(inside.index), Event(NOW))) == (after.index, Lead.SKIP)
    last_move_step = len(coach.catalog.routines[0].steps) - 1
    assert isinstance(coach.skip(at(last_move_step), Event(NOW)).reply, Finished)


def test_start_over_goes_back_to_the_top(coach: Coach) -> None:
    assert narrated(coach.start_over(at(5), Event(NOW))) == (0, Lead.FROM_TOP)


def test_questions_never_move_the_place(coach: Coach) -> None:
    conv = at(2)
    for turn in (
        coach.hold_info(conv, Event(NOW)),
        coach.purpose(conv, Event(NOW)),
        coach.where_am_i(conv, Event(NOW)),
        coach.list_routines(conv, Event(NOW)),
        coach.pain(conv, Event(NOW)),
        coach.help(conv, Event(NOW)),
        coach.fallback(conv, Event(NOW)),
    ):
        assert turn.conversation.latest_place == conv.latest_place
        assert not turn.end_session
    assert isinstance(coach.hold_info(conv, Event(NOW)).reply, HoldInfo)
    assert isinstance(coach.purpose(conv, Event(NOW)).reply, Purpose)
    assert isinstance(coach.where_am_i(conv, Event(NOW)).reply, WhereAmI)
    assert isinstance(coach.pain(conv, Event(NOW)).reply, PainAdvice)
    assert isinstance(coach.fallback(conv, Event(NOW)).reply, Fallback)


def test_hold_question_with_no_routine_gives_the_general_rule_and_offers_one(coach: Coach) -> None:
    turn = coach.hold_info(Conversation(), Event(NOW))
    assert isinstance(turn.reply, GeneralHoldRule)
    assert turn.conversation.offer == Offer(OfferKind.START, "lower-back")
    assert narrated(coach.yes(turn.conversation, Event(NOW))) == (0, Lead.FIRST)


def test_purpose_with_no_routine_offers_to_start(coach: Coach) -> None:
    assert isinstance(coach.purpose(Conversation(), Event(NOW)).reply, NoRoutine)


def test_pause_keeps_the_step_and_ends_the_session(coach: Coach) -> None:
    turn = coach.pause(at(1), Event(NOW + 5))
    assert isinstance(turn.reply, Paused)
    assert turn.end_session
    assert turn.conversation.latest_place == Place("lower-back", 1, Status.PAUSED, NOW + 5)


def test_stop_keeps_the_step_so_it_can_be_resumed(coach: Coach) -> None:
    turn = coach.stop(at(3), Event(NOW))
    assert isinstance(turn.reply, Stopped)
    assert turn.end_session
    assert narrated(coach.resume(turn.conversation, Event(NOW))) == (3, Lead.RESUME)


def test_resume_picks_up_a_paused_or_interrupted_step(coach: Coach) -> None:
    assert narrated(coach.resume(at(4, Status.PAUSED), Event(NOW))) == (4, Lead.RESUME)
    assert narrated(coach.resume(at(4, Status.ACTIVE), Event(NOW))) == (4, Lead.RESUME)


def test_resume_with_nothing_saved_offers_the_routines(coach: Coach) -> None:
    assert coach.resume(Conversation(), Event(NOW)).reply == ChooseRoutine(
        ChoiceReason.NOTHING_TO_RESUME, coach.catalog.routines
    )
    finished = coach.resume(at(7, Status.FINISHED), Event(NOW))
    assert finished.reply == ChooseRoutine(ChoiceReason.NOTHING_TO_RESUME, coach.catalog.routines)


def test_launch_with_a_saved_step_offers_to_resume_and_yes_resumes(coach: Coach) -> None:
    turn = coach.launch(at(2, Status.PAUSED), Event(NOW))
    assert isinstance(turn.reply, WelcomeBack)
    assert turn.reply.step.index == 2
    assert narrated(coach.yes(turn.conversation, Event(NOW))) == (2, Lead.RESUME)


def test_launch_then_no_offers_the_routines_and_keeps_the_saved_step(coach: Coach) -> None:
    turn = coach.no(coach.launch(at(2, Status.PAUSED), Event(NOW)).conversation, Event(NOW))
    assert turn.reply == ChooseRoutine(ChoiceReason.DECLINED_RESUME, coach.catalog.routines)
    assert turn.conversation.latest_place == at(2, Status.PAUSED).latest_place


def test_launch_with_nothing_saved_welcomes_and_lists(coach: Coach) -> None:
    assert coach.launch(Conversation(), Event(NOW)).reply == ChooseRoutine(
        ChoiceReason.WELCOME, coach.catalog.routines
    )


def test_a_place_older_than_retention_is_forgotten_gently(coach: Coach) -> None:
    old = at(2, Status.PAUSED, saved_at=NOW - 31 * DAY)
    turn = coach.launch(old, Event(NOW))
    assert isinstance(turn.reply, ChooseRoutine)
    assert turn.reply.reason is ChoiceReason.FORGOTTEN
    assert turn.reply.previous is not None
    assert turn.conversation.latest_place is None
    recent = at(2, Status.PAUSED, saved_at=NOW - 29 * DAY)
    assert isinstance(coach.launch(recent, Event(NOW)).reply, WelcomeBack)


def test_next_with_nothing_under_way_asks_which_routine(coach: Coach) -> None:
    assert coach.next(Conversation(), Event(NOW)).reply == ChooseRoutine(
        ChoiceReason.NOT_STARTED, coach.catalog.routines
    )
    after = coach.next(at(7, Status.FINISHED), Event(NOW))
    assert isinstance(after.reply, ChooseRoutine)
    assert after.reply.reason is ChoiceReason.FINISHED_ALREADY


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_yes_or_no_with_nothing_offered_mid_routine_says_what_works_and_moves_nothing(
    coach: Coach, answer: str
) -> None:
    turn = getattr(coach, answer)(at(2), Event(NOW))
    assert isinstance(turn.reply, NothingAsked)
    assert turn.reply.step == coach.current_step(at(2))
    assert turn.reply.yes is (answer == "yes")
    assert turn.conversation == at(2)
    assert not turn.end_session


def test_a_place_in_a_routine_that_no_longer_exists_is_not_resumed(coach: Coach) -> None:
    gone = Conversation(Profile((Place("retired-routine", 1, Status.PAUSED, NOW),), True))
    assert isinstance(coach.launch(gone, Event(NOW)).reply, ChooseRoutine)


def test_a_paused_step_is_still_the_current_step(coach: Coach) -> None:
    paused = at(2, Status.PAUSED)
    assert narrated(coach.repeat(paused, Event(NOW))) == (2, Lead.AGAIN)
    assert narrated(coach.next(paused, Event(NOW))) == (3, Lead.NEXT)
    where = coach.where_am_i(paused, Event(NOW))
    assert isinstance(where.reply, WhereAmI)
    assert where.reply.step.index == 2
    assert isinstance(coach.hold_info(paused, Event(NOW)).reply, HoldInfo)
