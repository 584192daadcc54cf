"""Pace and hold length: holds stay true to the second at any pace, move only within the source's
range, every step still fits in one Alexa response, and the choice is remembered."""

from __future__ import annotations

from dataclasses import replace

import pytest

from skill.domain.coach import Coach, Event
from skill.domain.delivery import Holds, Pace, delivered
from skill.domain.merge import merge_profiles
from skill.domain.replies import DeliverySet, Lead, Narrate, TodaysRoutine, WelcomeBack
from skill.domain.routines import Amount, Catalog
from skill.domain.state import Conversation, Profile
from skill.store.codec import profile_from_doc, profile_to_doc
from skill.voice import pace as pacing
from skill.voice import speech
from skill.voice.timeline import beats
from tests.support.alexa import plain_text
from tests.support.checks import check_ssml

NOW = 1_800_000_000.0


def test_holds_move_within_the_sources_range_and_never_outside(catalog: Catalog) -> None:
    for routine in catalog.routines:
        for step in routine.steps:
            hold = step.part.hold
            longer = delivered(step.part, holds=Holds.LONGER).hold.value
            shorter = delivered(step.part, holds=Holds.SHORTER).hold.value
            assert hold.low <= shorter <= hold.value <= longer <= hold.high
            assert delivered(step.part, easier=True, holds=Holds.LONGER) == (
                step.part.easier() or step.part
            )  # the easier way is the low end, whatever the holds


def test_a_range_moves_the_hold_and_a_single_number_does_not(catalog: Catalog) -> None:
    part = catalog.routines[0].steps[0].part
    ranged = replace(part, hold=Amount(20, 15, 30))
    assert delivered(ranged, holds=Holds.LONGER).hold.value == 30
    assert delivered(ranged, holds=Holds.SHORTER).hold.value == 15
    fixed = replace(part, hold=Amount.exact(20))
    assert delivered(fixed, holds=Holds.LONGER) == fixed


@pytest.mark.parametrize("pace", list(Pace))
def test_holds_are_true_to_the_second_at_any_pace(catalog: Catalog, pace: Pace) -> None:
    held = 0
    for routine in catalog.routines:
        for step in routine.steps:
            for holds in Holds:
                wanted = delivered(step.part, holds=holds).hold.value
                for beat in beats(step, Lead.NEXT, pace=pace, holds=holds):
                    if beat.held:
                        held += 1
                        assert beat.seconds == pytest.approx(wanted, abs=0.05)
    assert held > 100  # every routine's holds were timed


def test_a_slower_pace_speaks_slower_with_longer_gaps(catalog: Catalog) -> None:
    step = next(s for s in catalog.routines[0].steps if s.part.hold.value > 0)
    usual, slower = (beats(step, Lead.NEXT, pace=p) for p in (Pace.NORMAL, Pace.SLOWER))
    assert slower[-1].ends > usual[-1].ends
    assert slower[1].starts - slower[0].ends > usual[1].starts - usual[0].ends  # the rest
    said = speech.say(Narrate(step, Lead.NEXT, pace=Pace.SLOWER)).ssml
    assert said.startswith(f'<speak><prosody rate="{round(pacing.RATE[Pace.SLOWER] * 100)}%">')
    assert "prosody" not in speech.say(Narrate(step, Lead.NEXT)).ssml


def test_every_step_fits_one_response_at_the_slowest_and_longest(catalog: Catalog) -> None:
    for routine in catalog.routines:
        for step in routine.steps:
            reply = Narrate(step, Lead.FIRST, True, pace=Pace.SLOWER, holds=Holds.LONGER)
            check_ssml(speech.say(reply).ssml)


def test_slower_mid_routine_applies_from_the_next_step_and_is_remembered(coach: Coach) -> None:
    started = coach.start(Conversation(), Event(NOW, "lower-back"))
    moved = coach.next(started.conversation, Event(NOW))
    slower = coach.slower(moved.conversation, Event(NOW))
    assert isinstance(slower.reply, DeliverySet)
    assert slower.reply.step is not None  # said mid-routine: how to go on
    assert (
        slower.conversation.latest_place == moved.conversation.latest_place
    )  # the set is not redone
    assert slower.conversation.profile.pace is Pace.SLOWER
    said = plain_text(speech.say(slower.reply).ssml)
    assert said == f"{pacing.PACE_SET[Pace.SLOWER]} {pacing.NEXT_OR_REPEAT}"
    again = coach.repeat(slower.conversation, Event(NOW))
    assert isinstance(again.reply, Narrate)
    assert again.reply.pace is Pace.SLOWER  # "repeat" does this step the new way
    following = coach.next(slower.conversation, Event(NOW))
    assert isinstance(following.reply, Narrate)
    assert following.reply.pace is Pace.SLOWER  # and every step after
    paused = coach.pause(following.conversation, Event(NOW))
    back = coach.launch(paused.conversation, Event(NOW + 3600))
    assert isinstance(back.reply, WelcomeBack)
    assert back.reply.pace is Pace.SLOWER
    assert pacing.AT_YOUR_PACE[Pace.SLOWER] in plain_text(speech.say(back.reply).ssml)


def test_kept_holds_are_said_once_on_opening_like_the_pace(coach: Coach) -> None:
    longer = coach.longer_holds(Conversation(), Event(NOW)).conversation
    started = coach.yes(longer, Event(NOW))
    paused = coach.pause(started.conversation, Event(NOW)).conversation
    back = coach.launch(paused, Event(NOW + 3600))
    assert isinstance(back.reply, WelcomeBack)
    assert (back.reply.pace, back.reply.holds) == (Pace.NORMAL, Holds.LONGER)
    said = plain_text(speech.say(back.reply).ssml)
    assert pacing.as_you_like_it(Pace.NORMAL, Holds.LONGER) in said
    # Nothing paused, someone coming back: today's suggestion says it too, once.
    nothing_paused = Conversation(profile=replace(started.conversation.profile, places=()))
    today = coach.launch(nothing_paused, Event(NOW + 86_400))
    assert isinstance(today.reply, TodaysRoutine)
    assert today.reply.holds is Holds.LONGER
    assert plain_text(speech.say(today.reply).ssml).count(pacing.YOUR_HOLDS[Holds.LONGER]) == 1


@pytest.mark.parametrize(
    ("pace", "holds", "expected"),
    [
        (Pace.NORMAL, Holds.NORMAL, ""),
        (Pace.SLOWER, Holds.NORMAL, "We'll go at your slower pace."),
        (Pace.NORMAL, Holds.SHORTER, "We'll keep your shorter holds."),
        (Pace.FASTER, Holds.LONGER, "We'll go at your quicker pace, with your longer holds."),
    ],
)
def test_the_pace_and_holds_said_on_opening(pace: Pace, holds: Holds, expected: str) -> None:
    assert pacing.as_you_like_it(pace, holds) == expected


def test_longer_holds_outside_a_routine_are_remembered_and_a_routine_offered(
    coach: Coach,
) -> None:
    turn = coach.longer_holds(Conversation(), Event(NOW))
    assert isinstance(turn.reply, DeliverySet)
    assert turn.reply.holds is Holds.LONGER
    assert turn.conversation.profile.holds is Holds.LONGER
    assert turn.conversation.offer is not None
    said = plain_text(speech.say(turn.reply).ssml)
    assert said.startswith(pacing.HOLDS_SET[Holds.LONGER])
    started = coach.yes(turn.conversation, Event(NOW))
    assert isinstance(started.reply, Narrate)
    assert started.reply.holds is Holds.LONGER


def test_pace_and_holds_are_kept_merged_and_read_back() -> None:
    profile = Profile(pace=Pace.FASTER, holds=Holds.SHORTER)
    assert profile_from_doc(profile_to_doc(profile)) == profile
    assert "pace" not in profile_to_doc(Profile())
    unknown = profile_to_doc(profile) | {"pace": "ludicrous", "holds": 3}
    assert profile_from_doc(unknown) == Profile()  # unknown: the usual
    mine, theirs = Profile(pace=Pace.SLOWER), Profile(holds=Holds.LONGER)
    merged = merge_profiles(Profile(), mine, theirs)
    assert (merged.pace, merged.holds) == (Pace.SLOWER, Holds.LONGER)


def test_normal_holds_puts_them_back(coach: Coach) -> None:
    longer = coach.longer_holds(Conversation(), Event(NOW)).conversation
    back = coach.normal_holds(longer, Event(NOW))
    assert back.conversation.profile.holds is Holds.NORMAL
    assert isinstance(back.reply, DeliverySet)
    assert plain_text(speech.say(back.reply).ssml).startswith(pacing.HOLDS_SET[Holds.NORMAL])
