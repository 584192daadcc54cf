"""The routine state machine: a conversation and an event in, a new conversation and a reply out."""

from __future__ import annotations

from dataclasses import dataclass, replace

from skill.domain.content import Catalog, Routine, Step
from skill.domain.replies import (
    ChoiceReason,
    ChooseRoutine,
    Fallback,
    Finished,
    GeneralHoldRule,
    Help,
    HoldInfo,
    Lead,
    Narrate,
    NoRoutine,
    PainAdvice,
    Paused,
    Purpose,
    Reply,
    RoutineList,
    Stopped,
    WelcomeBack,
    WhereAmI,
)
from skill.domain.state import Conversation, Offer, OfferKind, Position, Status

DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Turn:
    """The conversation after a turn, and what to say."""

    conversation: Conversation
    reply: Reply
    end_session: bool = False


class Coach:
    """Decides what happens on each thing a person says. Pure: the clock is passed in."""

    def __init__(self, catalog: Catalog, retention_seconds: float = 30 * DAY) -> None:
        self.catalog = catalog
        self.retention_seconds = retention_seconds

    # --- starting -----------------------------------------------------------------------

    def launch(self, conv: Conversation, now: float) -> Turn:
        """The skill was opened without a request: offer to resume, or list the routines."""
        conv, forgotten = self._forget_if_stale(conv, now)
        if forgotten is not None:
            return Turn(conv, ChooseRoutine(ChoiceReason.FORGOTTEN, previous=forgotten))
        step = self._current_step(conv)
        if step is not None:
            return Turn(conv.with_offer(Offer(OfferKind.RESUME)), WelcomeBack(step))
        return Turn(conv.with_offer(None), ChooseRoutine(ChoiceReason.WELCOME))

    def start(self, conv: Conversation, spoken_routine: str | None, now: float) -> Turn:
        """Start the named routine from its first step."""
        routine = self.catalog.find(spoken_routine)
        if routine is None:
            reason = ChoiceReason.UNKNOWN if spoken_routine else ChoiceReason.NONE_GIVEN
            return Turn(conv.with_offer(None), ChooseRoutine(reason, heard=spoken_routine))
        return self._narrate(conv, routine.steps[0], Lead.FIRST, now)

    def resume(self, conv: Conversation, now: float) -> Turn:
        """Pick up the saved step from its start."""
        conv, forgotten = self._forget_if_stale(conv, now)
        if forgotten is not None:
            return Turn(conv, ChooseRoutine(ChoiceReason.FORGOTTEN, previous=forgotten))
        step = self._current_step(conv)
        if step is None:
            return Turn(conv.with_offer(None), ChooseRoutine(ChoiceReason.NOTHING_TO_RESUME))
        return self._narrate(conv, step, Lead.RESUME, now)

    def yes(self, conv: Conversation, now: float) -> Turn:
        """Accept what was offered."""
        offer = conv.offer
        if offer is not None and offer.kind is OfferKind.RESUME:
            return self.resume(conv, now)
        if offer is not None and offer.kind is OfferKind.START:
            routine = self.catalog.get(offer.routine_id or "")
            if routine is not None:
                return self._narrate(conv, routine.steps[0], Lead.FIRST, now)
        return self.fallback(conv)

    def no(self, conv: Conversation) -> Turn:
        """Decline what was offered."""
        if conv.offer is not None and conv.offer.kind is OfferKind.RESUME:
            return Turn(conv.with_offer(None), ChooseRoutine(ChoiceReason.DECLINED_RESUME))
        if conv.offer is not None:
            return Turn(conv.with_offer(None), Stopped(self._current_step(conv)), end_session=True)
        return self.fallback(conv)

    # --- moving through a routine -------------------------------------------------------

    def next(self, conv: Conversation, now: float) -> Turn:
        """Narrate the step after the current one, or finish on the last."""
        step = self._current_step(conv)
        if step is None:
            return self._nothing_under_way(conv)
        if step.is_last:
            return self._finish(conv, step.routine, now)
        return self._narrate(conv, step.routine.steps[step.index + 1], Lead.NEXT, now)

    def repeat(self, conv: Conversation, now: float) -> Turn:
        """Narrate the current step again from its start."""
        step = self._current_step(conv)
        if step is None:
            return self._nothing_under_way(conv)
        return self._narrate(conv, step, Lead.AGAIN, now)

    def previous(self, conv: Conversation, now: float) -> Turn:
        """Narrate the step before, or the first again when already there."""
        step = self._current_step(conv)
        if step is None:
            return self._nothing_under_way(conv)
        if step.index == 0:
            return self._narrate(conv, step, Lead.BACK_AT_START, now)
        return self._narrate(conv, step.routine.steps[step.index - 1], Lead.BACK, now)

    def skip(self, conv: Conversation, now: float) -> Turn:
        """Jump to the first step of the next move, or finish on the last move."""
        step = self._current_step(conv)
        if step is None:
            return self._nothing_under_way(conv)
        following = step.next_move_first_step
        if following is None:
            return self._finish(conv, step.routine, now)
        return self._narrate(conv, following, Lead.SKIP, now)

    def start_over(self, conv: Conversation, now: float) -> Turn:
        """Go back to the first step of the current (or last finished) routine."""
        routine = self._current_routine(conv)
        if routine is None:
            return self._nothing_under_way(conv)
        return self._narrate(conv, routine.steps[0], Lead.FROM_TOP, now)

    def pause(self, conv: Conversation, now: float) -> Turn:
        """Keep the place and end the session."""
        return self._keep_place(conv, now, Paused)

    def stop(self, conv: Conversation, now: float) -> Turn:
        """Stop for today: keep the place, say what was done, end the session."""
        return self._keep_place(conv, now, Stopped)

    # --- questions: none of these move the position -------------------------------------

    def hold_info(self, conv: Conversation) -> Turn:
        """How long to hold the current step."""
        step = self._current_step(conv)
        if step is None:
            suggestion = self.catalog.routines[0]
            return Turn(
                conv.with_offer(Offer(OfferKind.START, suggestion.id)), GeneralHoldRule(suggestion)
            )
        return Turn(conv.with_offer(None), HoldInfo(step))

    def purpose(self, conv: Conversation) -> Turn:
        """Why the current move helps."""
        return self._about_current(conv, Purpose)

    def where_am_i(self, conv: Conversation) -> Turn:
        """Which routine and move the person is on."""
        return self._about_current(conv, WhereAmI)

    def list_routines(self, conv: Conversation) -> Turn:
        """Every routine, with its length."""
        return Turn(conv.with_offer(None), RoutineList(self.catalog.routines))

    def pain(self, conv: Conversation) -> Turn:
        """Stop the stretch now. Nothing about the report is kept."""
        return Turn(conv.with_offer(None), PainAdvice(self._current_step(conv)))

    def help(self, conv: Conversation) -> Turn:
        """What can be said from here."""
        return Turn(conv.with_offer(None), Help(self._current_step(conv)))

    def fallback(self, conv: Conversation) -> Turn:
        """Not understood: the position does not move and the offer stands."""
        return Turn(conv, Fallback(self._current_step(conv)))

    # --- helpers ------------------------------------------------------------------------

    def step_at(self, position: Position | None) -> Step | None:
        """The step a position points to, if its routine still exists."""
        if position is None:
            return None
        routine = self.catalog.get(position.routine_id)
        return None if routine is None else routine.step(position.step)

    def _current_step(self, conv: Conversation) -> Step | None:
        """The step last narrated, while it is under way or paused (not once finished)."""
        position = conv.position
        if position is None or not position.resumable:
            return None
        return self.step_at(position)

    def _current_routine(self, conv: Conversation) -> Routine | None:
        step = self.step_at(conv.position)
        return None if step is None else step.routine

    def _narrate(self, conv: Conversation, step: Step, lead: Lead, now: float) -> Turn:
        position = Position(step.routine.id, step.index, Status.ACTIVE, now)
        disclaimer = not conv.profile.disclaimer_given
        profile = replace(conv.profile, position=position, disclaimer_given=True)
        return Turn(Conversation(profile, None), Narrate(step, lead, disclaimer=disclaimer))

    def _finish(self, conv: Conversation, routine: Routine, now: float) -> Turn:
        last = len(routine.steps) - 1
        done = conv.with_position(Position(routine.id, last, Status.FINISHED, now))
        return Turn(done, Finished(routine), end_session=True)

    def _nothing_under_way(self, conv: Conversation) -> Turn:
        position = conv.position
        if position is not None and position.status is Status.FINISHED:
            routine = self.catalog.get(position.routine_id)
            return Turn(
                conv.with_offer(None),
                ChooseRoutine(ChoiceReason.FINISHED_ALREADY, previous=routine),
            )
        return Turn(conv.with_offer(None), ChooseRoutine(ChoiceReason.NOT_STARTED))

    def _about_current(self, conv: Conversation, reply: type[Purpose] | type[WhereAmI]) -> Turn:
        step = self._current_step(conv)
        if step is None:
            suggestion = self.catalog.routines[0]
            return Turn(
                conv.with_offer(Offer(OfferKind.START, suggestion.id)), NoRoutine(suggestion)
            )
        return Turn(conv.with_offer(None), reply(step))

    def _keep_place(
        self, conv: Conversation, now: float, reply: type[Paused] | type[Stopped]
    ) -> Turn:
        step = self._current_step(conv)
        position = conv.position
        if step is None or position is None:
            return Turn(conv.with_offer(None), reply(None), end_session=True)
        if position.status is Status.ACTIVE:
            conv = conv.with_position(replace(position, status=Status.PAUSED, saved_at=now))
        return Turn(conv.with_offer(None), reply(step), end_session=True)

    def _forget_if_stale(
        self, conv: Conversation, now: float
    ) -> tuple[Conversation, Routine | None]:
        position = conv.position
        if position is None or not position.resumable:
            return conv, None
        if now - position.saved_at <= self.retention_seconds:
            return conv, None
        return conv.with_position(None), self.catalog.get(position.routine_id)
