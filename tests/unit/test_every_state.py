"""Issue 22: "where am I", "how many are left", "yes" and "no" answer sensibly in every state a
conversation can be in, and what each reply suggests saying works from where it leaves the
person. A new state or intent joins the table, so none can be missed."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from skill.domain.coach import Coach, Event, Turn
from skill.domain.replies import ChooseRoutine, Fallback
from skill.domain.state import Conversation, OfferKind, Status
from skill.voice import speech
from skill.voice.ssml import Say
from tests.support.speech import content_catalog

NOW = 1_800_000_000.0
COACH = Coach(content_catalog())


def _walk(routine: str, nexts: int) -> Conversation:
    conv = COACH.start(Conversation(), Event(NOW, routine)).conversation
    for n in range(nexts):
        conv = COACH.next(conv, Event(NOW + n + 1)).conversation
    return conv


def _finished() -> Conversation:
    routine = COACH.catalog.get("lower-back")
    assert routine is not None
    return _walk("lower-back", len(routine.steps))


def _paused() -> Conversation:
    return COACH.pause(_walk("lower-back", 2), Event(NOW + 10)).conversation


def _then(conv: Conversation, action: Callable[[Coach, Conversation, Event], Turn]) -> Conversation:
    return action(COACH, conv, Event(NOW + 20)).conversation


def _hard_step() -> Conversation:
    """Mid-routine on a step that has an easier way, which has been offered."""
    for routine in COACH.catalog.routines:
        conv = COACH.start(Conversation(), Event(NOW, routine.id)).conversation
        for n in range(len(routine.steps)):
            offered = COACH.too_hard(conv, Event(NOW + n))
            if offered.conversation.offer is not None:
                return offered.conversation
            conv = COACH.next(conv, Event(NOW + n + 1)).conversation
    raise AssertionError("no step has an easier way")


STATES: dict[str, Callable[[], Conversation]] = {
    "no routine yet": Conversation,
    "mid-step": lambda: _walk("lower-back", 2),
    "paused": _paused,
    "finished": _finished,
    "offered to carry on": lambda: _then(_paused(), Coach.launch),
    "offered to pick up": lambda: (
        COACH.start(
            _then(_walk("lower-back", 2), Coach.stop), Event(NOW + 30, "lower-back")
        ).conversation
    ),
    "offered a routine": lambda: _then(Conversation(), Coach.where_am_i),
    "offered today's routine": lambda: _then(_finished(), Coach.today),
    "offered the easier way": _hard_step,
    "asked to forget": lambda: _then(_walk("lower-back", 2), Coach.forget_me),
}
INTENTS: dict[str, Callable[[Coach, Conversation, Event], Turn]] = {
    "where am I": Coach.where_am_i,
    "how many are left": Coach.time_left,
    "yes": Coach.yes,
    "no": Coach.no,
}
# Phrases that only work with a step under way (or paused, to pick up from).
STEP_PHRASES = re.compile(r'"(next|repeat|skip|go back|pause)"')
NOT_STARTED = re.compile(r"haven't started|no routine under way", re.IGNORECASE)


# What each state that waits for an answer has offered, and where the others stand.
OFFERED = {
    "offered to carry on": OfferKind.RESUME,
    "offered to pick up": OfferKind.PICK_UP,
    "offered a routine": OfferKind.START,
    "offered today's routine": OfferKind.START,
    "offered the easier way": OfferKind.EASIER,
    "asked to forget": OfferKind.FORGET,
}
STANDING = {"finished": Status.FINISHED, "paused": Status.PAUSED}


def test_the_states_are_what_they_say() -> None:
    for name, kind in OFFERED.items():
        offer = STATES[name]().offer
        assert offer is not None, name
        assert offer.kind is kind, name
    for name, status in STANDING.items():
        place = STATES[name]().latest_place
        assert place is not None, name
        assert place.status is status, name


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize("state", STATES)
def test_every_state_has_a_sensible_answer_that_suggests_what_works(
    state: str, intent: str
) -> None:
    conv = STATES[state]()
    turn = INTENTS[intent](COACH, conv, Event(NOW + 40))
    assert not isinstance(turn.reply, Fallback), (state, intent)
    said = speech.say(turn.reply)
    spoken = " ".join(s.text for s in said.segments if isinstance(s, Say))
    if turn.end_session or turn.forget:
        assert said.reprompt is None
        return
    if COACH.current_step(turn.conversation) is None:
        assert not STEP_PHRASES.search(spoken), (state, intent, spoken)
        assert not STEP_PHRASES.search(said.reprompt or ""), (state, intent, said.reprompt)
    if conv.latest_place is not None:  # a routine was started: never "we haven't started"
        assert not NOT_STARTED.search(spoken), (state, intent, spoken)
    assert said.reprompt, (state, intent)


@pytest.mark.parametrize("state", STATES)
def test_not_understood_suggests_what_works_in_every_state(state: str) -> None:
    conv = STATES[state]()
    turn = COACH.fallback(conv, Event(NOW + 40))
    said = speech.say(turn.reply)
    spoken = " ".join(s.text for s in said.segments if isinstance(s, Say))
    if conv.offer is not None:
        assert speech.YES_OR_NO in spoken
    elif COACH.current_step(conv) is None:
        assert not STEP_PHRASES.search(spoken), (state, spoken)
    assert turn.conversation == conv


def test_no_to_the_routine_offered_asks_which_of_the_others() -> None:
    conv = STATES["offered a routine"]()
    assert conv.offer is not None
    turn = COACH.no(conv, Event(NOW + 40))
    declined = COACH.catalog.get(conv.offer.routine_id or "")
    assert declined is not None
    assert isinstance(turn.reply, ChooseRoutine)
    assert declined not in turn.reply.routines
    assert not turn.end_session
