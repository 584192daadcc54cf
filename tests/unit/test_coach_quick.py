"""The quick version in the coach: "start a quick lower back routine", "the short version"
mid-routine or with nothing under way; its place kept and picked up in the quick version."""

from __future__ import annotations

from skill.domain.coach import Coach, Event, Turn
from skill.domain.replies import (
    CarryOn,
    Finished,
    Lead,
    Narrate,
    PickUpOffer,
    WelcomeBack,
)
from skill.domain.routines import Catalog, Routine, Step
from skill.domain.state import Conversation, Offer, OfferKind
from skill.store.codec import profile_from_doc, profile_to_doc
from skill.voice import choosing, speech
from skill.voice.narration import quick_from_here, routine_intro, title
from tests.support.alexa import plain_text

NOW = 1_800_000_000.0


def narrated(turn: Turn) -> Step:
    assert isinstance(turn.reply, Narrate)
    return turn.reply.step


def lower_back(catalog: Catalog, quick: bool = False) -> Routine:
    routine = catalog.get("lower-back", quick)
    assert routine is not None
    return routine


def test_a_quick_routine_starts_at_its_top_and_is_kept_as_quick(
    coach: Coach, catalog: Catalog
) -> None:
    started = coach.quick(Conversation(), Event(NOW, "lower-back"))
    assert isinstance(started.reply, Narrate)
    assert started.reply.step == lower_back(catalog, quick=True).steps[0]
    assert started.reply.lead is Lead.FIRST
    place = started.conversation.latest_place
    assert place is not None
    assert place.quick
    # Read back from the stored document, the place is in the quick version still.
    kept = Conversation(profile_from_doc(profile_to_doc(started.conversation.profile)))
    moved = coach.next(kept, Event(NOW + 60))
    assert isinstance(moved.reply, Narrate)
    assert moved.reply.step.routine.is_quick
    assert moved.reply.step == lower_back(catalog, quick=True).steps[1]


def test_finishing_the_quick_version_counts_as_finishing_the_routine(
    coach: Coach, catalog: Catalog
) -> None:
    turn = coach.quick(Conversation(), Event(NOW, "lower-back"))
    steps = 1
    while not turn.end_session:
        turn = coach.next(turn.conversation, Event(NOW))
        steps += 1
    assert isinstance(turn.reply, Finished)
    assert turn.reply.routine.is_quick
    assert steps == len(lower_back(catalog, quick=True).steps) + 1  # every step, then the finish
    history = turn.conversation.profile.history
    assert history.finished == 1
    assert history.routines_on(Event(NOW).today) == ("lower-back",)


def test_the_short_version_mid_routine_goes_on_from_the_next_step_in_it(
    coach: Coach, catalog: Catalog
) -> None:
    quick = lower_back(catalog, quick=True)
    turn = coach.start(Conversation(), Event(NOW, "lower-back"))
    while narrated(turn).move.id != "knee-to-chest":
        turn = coach.next(turn.conversation, Event(NOW))
    on = narrated(turn)
    switched = coach.quick(turn.conversation, Event(NOW))
    assert isinstance(switched.reply, Narrate)
    assert switched.reply.lead is Lead.QUICK
    here = quick.find_step(on.anchor)
    assert here is not None
    assert switched.reply.step == quick.steps[here.index + 1]  # this step was done
    assert switched.conversation.latest_place is not None
    assert switched.conversation.latest_place.quick
    # From a move the quick version leaves out, it goes on at the next move it has, or ends.
    while narrated(turn).move.id != "hamstring-stretch":
        turn = coach.next(turn.conversation, Event(NOW))
    assert "hamstring-stretch" not in {m.id for m in quick.moves}
    assert "bridge" not in {m.id for m in quick.moves}  # the one move after it
    done = coach.quick(turn.conversation, Event(NOW))
    assert isinstance(done.reply, Finished)  # none of the moves after it are in the quick version
    assert done.end_session


def test_the_short_version_on_the_quick_version_carries_on(coach: Coach) -> None:
    started = coach.quick(Conversation(), Event(NOW, "lower-back"))
    again = coach.quick(started.conversation, Event(NOW))
    assert isinstance(again.reply, CarryOn)
    assert again.conversation.latest_place == started.conversation.latest_place


def test_the_short_version_with_nothing_under_way_takes_the_routine_offered(
    coach: Coach, catalog: Catalog
) -> None:
    offered = Conversation().with_offer(Offer(OfferKind.START, "upper-back"))
    turn = coach.quick(offered, Event(NOW))
    assert isinstance(turn.reply, Narrate)
    assert turn.reply.step.routine == catalog.get("upper-back", quick=True)
    # Offered to carry on with a paused place: that step again, in the quick version.
    kept = coach.start(Conversation(), Event(NOW, "neck-shoulders"))
    paused = coach.pause(coach.next(kept.conversation, Event(NOW)).conversation, Event(NOW))
    welcome = coach.launch(paused.conversation, Event(NOW + 3600))
    assert isinstance(welcome.reply, WelcomeBack)
    resumed = coach.quick(welcome.conversation, Event(NOW + 3600))
    quick_neck = catalog.get("neck-shoulders", quick=True)
    assert quick_neck is not None
    assert narrated(resumed) == quick_neck.find_step(welcome.reply.step.anchor)
    nothing = coach.quick(Conversation(), Event(NOW))
    assert isinstance(nothing.reply, Narrate)
    today = coach.todays_routine(Conversation().profile, Event(NOW).today)
    assert nothing.reply.step.routine == today.quick_version


def test_a_kept_place_is_offered_only_in_the_version_asked_for(
    coach: Coach, catalog: Catalog
) -> None:
    full = coach.start(Conversation(), Event(NOW, "lower-back"))
    full = coach.next(full.conversation, Event(NOW))
    paused = coach.pause(full.conversation, Event(NOW)).conversation
    quick = coach.quick(paused, Event(NOW + 60, "lower-back"))
    assert isinstance(quick.reply, Narrate)  # they asked for the quick one: from its top
    assert quick.reply.step == lower_back(catalog, quick=True).steps[0]
    quick = coach.next(quick.conversation, Event(NOW + 120))
    paused = coach.pause(quick.conversation, Event(NOW + 120)).conversation
    again = coach.quick(paused, Event(NOW + 180, "lower-back"))
    assert isinstance(again.reply, PickUpOffer)
    assert again.reply.step.routine.is_quick
    back = coach.launch(paused, Event(NOW + 3600))
    assert isinstance(back.reply, WelcomeBack)
    assert back.reply.step.routine.is_quick
    assert title(back.reply.step.routine) in plain_text(speech.say(back.reply).ssml)


def test_the_quick_version_is_said_up_front_with_its_minutes(catalog: Catalog) -> None:
    quick = lower_back(catalog, quick=True)
    assert routine_intro(quick) == (
        "Quick lower back stretches: three moves, about nine minutes. You'll need a mat or a rug."
    )
    assert title(quick) == "the quick lower back stretches"
    assert title(lower_back(catalog)) == "lower back stretches"
    second_move = next(s for s in quick.steps if s.move_index == 1)
    assert quick_from_here(second_move) == (
        "The quick version from here: two moves, about six minutes."
    )


def test_the_routine_list_says_each_has_a_quick_version(coach: Coach) -> None:
    listed = coach.list_routines(Conversation(), Event(NOW))
    said = plain_text(speech.say(listed.reply).ssml)
    assert choosing.QUICK_TOO in said
    assert said.index(choosing.QUICK_TOO) > said.index("neck and shoulders")  # after the list


def test_finishing_a_two_move_quick_version_says_both_moves(catalog: Catalog) -> None:
    core = catalog.get("back-core", quick=True)
    assert core is not None
    assert len(core.moves) == 2
    said = plain_text(speech.say(Finished(core)).ssml)
    assert "finished the quick back friendly core: both moves." in said
    full = catalog.get("back-core")
    assert full is not None
    assert "all three moves" in plain_text(speech.say(Finished(full)).ssml)
