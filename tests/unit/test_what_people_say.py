"""The coach on what people really say: one place per routine, too hard, wait, time left,
stopping for today, and pain with no routine running."""

from __future__ import annotations

from skill.domain.coach import Coach, Event, Turn
from skill.domain.replies import (
    CarryOn,
    ChooseRoutine,
    Lead,
    Narrate,
    PainAdvice,
    PickUpOffer,
    RoutineList,
    Stopped,
    TimeLeft,
    TooHard,
    Wait,
    WelcomeBack,
)
from skill.domain.routines import Catalog
from skill.domain.state import Conversation, OfferKind, Status

NOW = 1_800_000_000.0


def walk(coach: Coach, routine: str, nexts: int, at: float = NOW) -> Conversation:
    """Start a routine and say "next" a number of times."""
    conv = coach.start(Conversation(), Event(at, routine)).conversation
    for n in range(nexts):
        conv = coach.next(conv, Event(at + n + 1)).conversation
    return conv


def narrated(turn: Turn) -> Narrate:
    assert isinstance(turn.reply, Narrate), turn.reply
    return turn.reply


def test_starting_another_routine_keeps_the_first_ones_place_paused(coach: Coach) -> None:
    conv = walk(coach, "lower-back", 2)
    turn = coach.start(conv, Event(NOW + 10, "neck-shoulders"))
    assert narrated(turn).step.routine.id == "neck-shoulders"
    kept = turn.conversation.profile.place("lower-back")
    assert kept is not None
    assert (kept.step, kept.status) == (2, Status.PAUSED)


def test_coming_back_to_a_kept_place_offers_to_pick_up_or_start_from_the_top(
    coach: Coach,
) -> None:
    conv = coach.start(walk(coach, "lower-back", 3), Event(NOW + 10, "neck-shoulders")).conversation
    offer = coach.start(conv, Event(NOW + 20, "lower-back"))
    assert isinstance(offer.reply, PickUpOffer)
    assert offer.reply.step.index == 3
    assert offer.conversation.offer is not None
    assert offer.conversation.offer.kind is OfferKind.PICK_UP
    picked = narrated(coach.yes(offer.conversation, Event(NOW + 21)))
    assert (picked.step.routine.id, picked.step.index, picked.lead) == (
        "lower-back",
        3,
        Lead.RESUME,
    )
    fresh = narrated(coach.no(offer.conversation, Event(NOW + 21)))
    assert (fresh.step.routine.id, fresh.step.index) == ("lower-back", 0)


def test_launch_offers_the_most_recent_place(coach: Coach) -> None:
    conv = coach.start(walk(coach, "lower-back", 3), Event(NOW + 10, "neck-shoulders")).conversation
    conv = coach.next(conv, Event(NOW + 11)).conversation
    conv = coach.pause(conv, Event(NOW + 12)).conversation
    turn = coach.launch(conv, Event(NOW + 3600))
    assert isinstance(turn.reply, WelcomeBack)
    assert (turn.reply.step.routine.id, turn.reply.step.index) == ("neck-shoulders", 1)


def test_too_hard_offers_the_low_end_of_the_sources_range_then_narrates_it(
    coach: Coach, catalog: Catalog
) -> None:
    routine = catalog.get("lower-back")
    assert routine is not None
    hard = next(s for s in routine.steps if s.part.easier() is not None)
    conv = walk(coach, "lower-back", hard.index)
    turn = coach.too_hard(conv, Event(NOW + 60))
    assert turn.reply == TooHard(hard, easier=hard.part.easier())
    assert hard.part.easier() is not None
    assert not turn.end_session
    easier = coach.yes(turn.conversation, Event(NOW + 61))
    reply = narrated(easier)
    assert (reply.step, reply.lead, reply.easier) == (hard, Lead.EASIER, True)
    assert easier.conversation.latest_place is not None
    assert easier.conversation.latest_place.easier
    declined = coach.no(turn.conversation, Event(NOW + 61))
    assert declined.reply == CarryOn(hard)
    assert not declined.end_session


def test_too_hard_with_no_easier_number_offers_to_skip_and_keeps_the_place(
    coach: Coach, catalog: Catalog
) -> None:
    conv = walk(coach, "lower-back", 0)  # pelvic tilt: ten times, five seconds, no range
    turn = coach.too_hard(conv, Event(NOW + 5))
    assert isinstance(turn.reply, TooHard)
    assert not turn.reply.easier
    assert turn.conversation.offer is None
    assert turn.conversation.latest_place == conv.latest_place


def test_wait_keeps_everything_as_it_was_and_the_session_open(coach: Coach) -> None:
    conv = walk(coach, "lower-back", 1)
    turn = coach.wait(conv, Event(NOW + 5))
    assert isinstance(turn.reply, Wait)
    assert turn.conversation == conv
    assert not turn.end_session


def test_time_left_answers_for_the_current_step_or_lists_routines(coach: Coach) -> None:
    conv = walk(coach, "lower-back", 1)
    turn = coach.time_left(conv, Event(NOW + 5))
    assert isinstance(turn.reply, TimeLeft)
    assert turn.reply.step.index == 1
    assert turn.conversation.latest_place == conv.latest_place
    assert isinstance(coach.time_left(Conversation(), Event(NOW)).reply, RoutineList)


def test_stopping_for_today_keeps_the_place_and_ends(coach: Coach) -> None:
    conv = walk(coach, "lower-back", 2)
    turn = coach.stop(conv, Event(NOW + 5))
    assert isinstance(turn.reply, Stopped)
    assert turn.end_session
    assert turn.conversation.latest_place is not None
    assert (turn.conversation.latest_place.step, turn.conversation.latest_place.status) == (
        2,
        Status.PAUSED,
    )


def test_pain_with_no_routine_running_has_no_step_and_keeps_nothing(coach: Coach) -> None:
    turn = coach.pain(Conversation(), Event(NOW))
    assert isinstance(turn.reply, PainAdvice)
    assert turn.reply.step is None
    assert turn.conversation == Conversation()
    assert not turn.end_session


def test_a_stale_place_is_forgotten_but_a_fresh_one_in_another_routine_is_offered(
    coach: Coach,
) -> None:
    old = walk(coach, "lower-back", 2, at=NOW - 40 * 86_400)
    conv = coach.start(old, Event(NOW - 86_400, "neck-shoulders")).conversation
    turn = coach.launch(conv, Event(NOW))
    assert isinstance(turn.reply, WelcomeBack)
    assert turn.reply.step.routine.id == "neck-shoulders"
    assert turn.conversation.profile.place("lower-back") is None


def test_too_hard_with_nothing_under_way_asks_which_routine(coach: Coach) -> None:
    assert isinstance(coach.too_hard(Conversation(), Event(NOW)).reply, ChooseRoutine)


def test_yes_to_starting_a_routine_with_a_kept_place_offers_it_instead_of_wiping_it(
    coach: Coach, catalog: Catalog
) -> None:
    conv = coach.start(walk(coach, "lower-back", 2), Event(NOW + 10, "back-core")).conversation
    core = catalog.get("back-core")
    assert core is not None
    for n in range(len(core.steps)):
        conv = coach.next(conv, Event(NOW + 11 + n)).conversation  # finishes back-core
    offer = coach.hold_info(conv, Event(NOW + 30))  # nothing under way: "start lower back?"
    assert offer.conversation.offer is not None
    assert offer.conversation.offer.routine_id == "lower-back"
    turn = coach.yes(offer.conversation, Event(NOW + 31))
    assert isinstance(turn.reply, PickUpOffer)
    assert turn.conversation.profile.place("lower-back") == conv.profile.place("lower-back")


def test_the_easier_way_is_kept_for_repeat_and_resume(coach: Coach, catalog: Catalog) -> None:
    routine = catalog.get("lower-back")
    assert routine is not None
    hard = next(s for s in routine.steps if s.part.easier() is not None)
    offered = coach.too_hard(walk(coach, "lower-back", hard.index), Event(NOW + 60))
    easier = coach.yes(offered.conversation, Event(NOW + 61))
    again = coach.repeat(easier.conversation, Event(NOW + 62))
    assert narrated(again).easier
    paused = coach.pause(again.conversation, Event(NOW + 63)).conversation
    assert narrated(coach.resume(paused, Event(NOW + 3600))).easier
    moved_on = coach.next(again.conversation, Event(NOW + 64))
    assert not narrated(moved_on).easier


def test_starting_a_routine_with_a_stale_place_starts_fresh(coach: Coach) -> None:
    old = walk(coach, "lower-back", 3, at=NOW - 40 * 86_400)
    turn = coach.start(old, Event(NOW, "lower-back"))
    assert narrated(turn).step.index == 0


def test_a_place_saved_by_step_number_before_steps_were_regrouped_finds_its_move(
    coach: Coach,
) -> None:
    from skill.store.codec import profile_from_doc

    # Schema 1: lower back step 4 was lower trunk rotation, step 7 the bridge.
    for old_step, move in ((4, "lower-trunk-rotation"), (7, "bridge"), (1, "knee-to-chest")):
        doc = {
            "v": 1,
            "position": {
                "routine": "lower-back",
                "step": old_step,
                "status": "paused",
                "saved_at": NOW,
            },
            "disclaimer_given": True,
        }
        conv = Conversation(profile_from_doc(doc))
        turn = coach.resume(conv, Event(NOW + 60))
        assert narrated(turn).step.move.id == move
        assert narrated(turn).step.part.rep_numbers[0] == 1
