"""The routine state machine: a conversation and an event in, a new conversation and a reply out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from skill.domain.coach_base import CoachBase, Event, Turn
from skill.domain.delivery import Holds, Pace, delivered
from skill.domain.replies import (
    CarryOn,
    ChoiceReason,
    DeliverySet,
    Fallback,
    FinishThisOne,
    ForgetAsked,
    Forgotten,
    GeneralHoldRule,
    Help,
    HoldInfo,
    KeptAll,
    Lead,
    PainAdvice,
    Paused,
    PickUpOffer,
    Progress,
    Purpose,
    RoutineList,
    Stopped,
    TimeLeft,
    TooHard,
    Wait,
    WarningSigns,
    WelcomeBack,
    WhatWeKeep,
    WhereAmI,
)
from skill.domain.routines import Step
from skill.domain.state import Conversation, Offer, OfferKind, Status

__all__ = ["Action", "Coach", "Event", "Turn"]  # Event and Turn are made in coach_base.py

Action = Callable[["Coach", Conversation, Event], Turn]
# A step narrated this recently means the person is in the middle of its routine now.
MIDDLE_OF_A_ROUTINE_S = 30 * 60


class Coach(CoachBase):
    """Decides what happens on each thing a person says. Pure: the clock comes in the event.

    Every action has one signature, (conversation, event) -> Turn, so handlers can be a table."""

    # --- starting -----------------------------------------------------------------------

    def launch(self, conv: Conversation, event: Event) -> Turn:
        """The skill was opened without a request: offer to resume, or list the routines."""
        conv, forgotten = self._forget_if_stale(conv, event.now)
        if forgotten is not None:
            return Turn(conv, self._choose(ChoiceReason.FORGOTTEN, previous=forgotten))
        step = self._resumable_step(conv)
        if step is not None:
            welcome = WelcomeBack(step, conv.profile.pace, conv.profile.holds)
            return Turn(conv.with_offer(Offer(OfferKind.RESUME)), welcome)
        if not conv.profile.history.empty:  # someone coming back: one suggestion for today
            return self._suggest_today(conv, event, welcome=True)
        return Turn(conv.with_offer(None), self._choose(ChoiceReason.WELCOME))

    def start(self, conv: Conversation, event: Event) -> Turn:
        """Start the named routine: from its first step, or offer to pick up its kept place."""
        return self._start(conv, event, quick=False)

    def quick(self, conv: Conversation, event: Event) -> Turn:
        """The quick version: of the routine named; else of the one under way, from here on; else
        of the routine just offered, or today's."""
        if event.routine:
            return self._start(conv, event, quick=True)
        step = self.current_step(conv)
        if step is not None:
            return self._quick_from_here(conv, step, event)
        offer = conv.offer
        offered = self.catalog.get(offer.routine_id or "") if offer is not None else None
        routine = offered or self.todays_routine(conv.profile, event.today)
        return self._start(conv.with_offer(None), replace(event, routine=routine.id), quick=True)

    def _start(self, conv: Conversation, event: Event, *, quick: bool) -> Turn:
        found = self.catalog.find(event.routine)
        if found is None:
            reason = ChoiceReason.UNKNOWN if event.routine else ChoiceReason.NONE_GIVEN
            return Turn(conv.with_offer(None), self._choose(reason, heard=event.routine))
        routine = found.version(quick)
        conv, _ = self._forget_if_stale(conv, event.now)  # a stale place is not offered
        kept = conv.profile.place(routine.id)
        # A place kept in the other version is not offered: they asked for this one.
        same_version = kept is not None and kept.quick == routine.is_quick
        kept_step = self.step_at(kept) if same_version and kept and kept.resumable else None
        if kept_step is not None and kept_step.index > 0:
            offer = Offer(OfferKind.PICK_UP, routine.id)
            return Turn(conv.with_offer(offer), PickUpOffer(kept_step))
        return self._narrate(conv, routine.steps[0], Lead.FIRST, event)

    def _quick_from_here(self, conv: Conversation, step: Step, event: Event) -> Turn:
        """Mid-routine: the rest of it in its quick version, from the step after this one (this
        one is done; a paused one is done again, as picking it up would): the rest of this move
        if the quick version has it, else the next move it has; finished if none is left."""
        quick = step.routine.quick_version
        if quick is None:  # already the quick version
            return Turn(conv.with_offer(None), CarryOn(step))
        here = quick.find_step(step.anchor)
        place = conv.latest_place
        again = place is not None and place.status is Status.PAUSED
        if here is not None and here.move.id == step.move.id:
            following = quick.steps[here.index + (0 if again else 1) :]
        else:
            later = {m.id for m in step.routine.moves[step.move_index + 1 :]}
            following = tuple(s for s in quick.steps if s.move.id in later)
        if not following:
            return self._finish(conv, quick, event)
        return self._narrate(conv, following[0], Lead.QUICK, event)

    def resume(self, conv: Conversation, event: Event) -> Turn:
        """Pick up the saved step from its start."""
        conv, forgotten = self._forget_if_stale(conv, event.now)
        if forgotten is not None:
            return Turn(conv, self._choose(ChoiceReason.FORGOTTEN, previous=forgotten))
        kept = next((p for p in conv.profile.places if self._resumable(p)), None)
        if kept is None:
            return Turn(conv.with_offer(None), self._choose(ChoiceReason.NOTHING_TO_RESUME))
        return self._again(conv, kept, Lead.RESUME, event)

    def yes(self, conv: Conversation, event: Event) -> Turn:
        """Accept what was offered."""
        offer = conv.offer
        routine = self.catalog.get(offer.routine_id or "") if offer is not None else None
        kept = conv.profile.place(routine.id) if routine is not None else None
        match offer.kind if offer is not None else None:
            case OfferKind.RESUME:
                return self.resume(conv, event)
            case OfferKind.PICK_UP if kept is not None and self._resumable(kept):
                return self._again(conv, kept, Lead.RESUME, event)
            case OfferKind.START if routine is not None:
                # Through start, so a place kept in that routine is offered, never overwritten.
                return self.start(conv.with_offer(None), replace(event, routine=routine.id))
            case OfferKind.EASIER if (step := self.current_step(conv)) is not None:
                return self._narrate(conv, step, Lead.EASIER, event, easier=True)
            case OfferKind.FORGET:
                return Turn(Conversation(), Forgotten(), end_session=True, forget=True)
        return self._nothing_asked(conv, event, yes=True)

    def no(self, conv: Conversation, event: Event) -> Turn:
        """Decline what was offered."""
        offer = conv.offer
        routine = self.catalog.get(offer.routine_id or "") if offer is not None else None
        match offer.kind if offer is not None else None:
            case OfferKind.RESUME:
                return Turn(conv.with_offer(None), self._choose(ChoiceReason.DECLINED_RESUME))
            case OfferKind.PICK_UP if routine is not None:
                return self._narrate(conv, routine.steps[0], Lead.FIRST, event)
            case OfferKind.START:  # not that one: which, then? (the others)
                choice = self._choose(ChoiceReason.DECLINED_SUGGESTION, leaving_out=routine)
                return Turn(conv.with_offer(None), choice)
            case OfferKind.EASIER if (step := self.current_step(conv)) is not None:
                return Turn(conv.with_offer(None), CarryOn(step))
            case OfferKind.FORGET:
                kept = KeptAll(self.current_step(conv), self.suggestion)
                return Turn(conv.with_offer(None), kept)
        if offer is not None:
            return Turn(
                conv.with_offer(None),
                Stopped(self.current_step(conv), self.suggestion),
                end_session=True,
            )
        return self._nothing_asked(conv, event, yes=False)

    # --- moving through a routine -------------------------------------------------------

    def next(self, conv: Conversation, event: Event) -> Turn:
        """Narrate the step after the current one, or finish on the last."""
        step = self.current_step(conv)
        if step is None:
            return self._nothing_under_way(conv)
        if step.is_last:
            return self._finish(conv, step.routine, event)
        return self._narrate(conv, step.routine.steps[step.index + 1], Lead.NEXT, event)

    def repeat(self, conv: Conversation, event: Event) -> Turn:
        """Narrate the current step again from its start (the easier way, if it was taken)."""
        place = conv.latest_place
        if place is None or self.current_step(conv) is None:
            return self._nothing_under_way(conv)
        return self._again(conv, place, Lead.AGAIN, event)

    def previous(self, conv: Conversation, event: Event) -> Turn:
        """Narrate the step before, or the first again when already there."""
        step = self.current_step(conv)
        if step is None:
            return self._nothing_under_way(conv)
        if step.index == 0:
            return self._narrate(conv, step, Lead.BACK_AT_START, event)
        return self._narrate(conv, step.routine.steps[step.index - 1], Lead.BACK, event)

    def skip(self, conv: Conversation, event: Event) -> Turn:
        """Jump to the first step of the next move, or finish on the last move."""
        step = self.current_step(conv)
        if step is None:
            return self._nothing_under_way(conv)
        following = step.next_move_first_step
        if following is None:
            return self._finish(conv, step.routine, event)
        return self._narrate(conv, following, Lead.SKIP, event)

    def start_over(self, conv: Conversation, event: Event) -> Turn:
        """Go back to the first step of the current (or last finished) routine."""
        routine = self._current_routine(conv)
        if routine is None:
            return self._nothing_under_way(conv)
        return self._narrate(conv, routine.steps[0], Lead.FROM_TOP, event)

    def too_hard(self, conv: Conversation, event: Event) -> Turn:
        """The current step is too much: offer the easier way, where there is one, or to skip."""
        step = self.current_step(conv)
        place = conv.latest_place
        if step is None or place is None:
            return self._nothing_under_way(conv)
        easier = None if place.easier else step.part.easier()
        offer = Offer(OfferKind.EASIER) if easier is not None else None
        return Turn(conv.with_offer(offer), TooHard(step, easier))

    def wait(self, conv: Conversation, event: Event) -> Turn:
        """Give the person a moment; the session stays open and nothing moves."""
        return Turn(conv, Wait(self.current_step(conv)))

    def time_left(self, conv: Conversation, event: Event) -> Turn:
        """How many moves and minutes are left; every routine's length before one is started."""
        step = self.current_step(conv)
        place = conv.latest_place
        if step is None and place is not None and place.status is Status.FINISHED:
            return self._nothing_under_way(conv)  # nothing is left: say so, not the catalogue
        if step is None:
            listed = RoutineList(self.catalog.routines, nothing_under_way=True)
            return Turn(conv.with_offer(None), listed)
        return Turn(conv.with_offer(None), TimeLeft(step))

    def pause(self, conv: Conversation, event: Event) -> Turn:
        """Keep the place and end the session."""
        return self._keep_place(conv, event.now, Paused)

    def stop(self, conv: Conversation, event: Event) -> Turn:
        """Stop for today: keep the place, say what was done, end the session."""
        return self._keep_place(conv, event.now, Stopped)

    # --- questions: none of these move the place -------------------------------------

    def hold_info(self, conv: Conversation, event: Event) -> Turn:
        """How long to hold the current step."""
        step = self.current_step(conv)
        place = conv.latest_place
        if step is None or place is None:
            return self._offer_start(conv, GeneralHoldRule(self.suggestion))
        part = delivered(step.part, place.easier, conv.profile.holds)
        return Turn(conv.with_offer(None), HoldInfo(step, part))

    def purpose(self, conv: Conversation, event: Event) -> Turn:
        """Why the current move helps."""
        return self._about_current(conv, Purpose)

    def where_am_i(self, conv: Conversation, event: Event) -> Turn:
        """Which routine and move the person is on."""
        return self._about_current(conv, WhereAmI)

    def list_routines(self, conv: Conversation, event: Event) -> Turn:
        """Every routine, with its length."""
        return Turn(conv.with_offer(None), RoutineList(self.catalog.routines))

    def progress(self, conv: Conversation, event: Event) -> Turn:
        """How they are doing: days this week and in a row, routines finished, last time; then
        today's routine is offered."""
        history, today = conv.profile.history, event.today
        under_way = self.current_step(conv) is not None  # then: carry on, nothing offered
        suggestion = None if under_way else self.todays_routine(conv.profile, today)
        # "Last time" is not the routine they are in the middle of now.
        skip = conv.latest_place.routine_id if under_way and conv.latest_place else None
        report = Progress(
            this_week=history.days_this_week(today),
            streak=history.streak(today),
            finished=history.finished,
            last=self._last_time(conv.profile, event, skip),
            suggestion=suggestion,
        )
        offer = None if suggestion is None else Offer(OfferKind.START, suggestion.id)
        return Turn(conv.with_offer(offer), report)

    def today(self, conv: Conversation, event: Event) -> Turn:
        """What to do today: one suggestion, started by a yes; in the middle of a routine (a step
        narrated in the last half hour), that one, carried on from where they are."""
        step = self.current_step(conv)
        place = conv.latest_place
        if (
            step is not None
            and place is not None
            and place.status is Status.ACTIVE
            and event.now - place.saved_at < MIDDLE_OF_A_ROUTINE_S
        ):
            return Turn(conv.with_offer(None), FinishThisOne(step))
        return self._suggest_today(conv, event, welcome=False)

    # --- how it is delivered: remembered, and the current step said again to match -------

    def slower(self, conv: Conversation, event: Event) -> Turn:
        return self._deliver(conv, event, pace=Pace.SLOWER)

    def faster(self, conv: Conversation, event: Event) -> Turn:
        return self._deliver(conv, event, pace=Pace.FASTER)

    def normal_pace(self, conv: Conversation, event: Event) -> Turn:
        return self._deliver(conv, event, pace=Pace.NORMAL)

    def longer_holds(self, conv: Conversation, event: Event) -> Turn:
        return self._deliver(conv, event, holds=Holds.LONGER)

    def shorter_holds(self, conv: Conversation, event: Event) -> Turn:
        return self._deliver(conv, event, holds=Holds.SHORTER)

    def _deliver(
        self,
        conv: Conversation,
        event: Event,
        *,
        pace: Pace | None = None,
        holds: Holds | None = None,
    ) -> Turn:
        """Remember the pace or the holds, from the next step narrated ("repeat" does this one
        again that way); outside a routine, a routine is offered."""
        profile = conv.profile
        profile = replace(profile, pace=pace or profile.pace, holds=holds or profile.holds)
        conv = Conversation(profile, None)
        step = self.current_step(conv)
        reply = DeliverySet(pace, holds, self.suggestion, step)
        if step is not None:
            return Turn(conv, reply)
        return Turn(conv.with_offer(Offer(OfferKind.START, self.suggestion.id)), reply)

    def normal_holds(self, conv: Conversation, event: Event) -> Turn:
        return self._deliver(conv, event, holds=Holds.NORMAL)

    def forget_me(self, conv: Conversation, event: Event) -> Turn:
        """ "Forget me": nothing is deleted until they say yes."""
        return Turn(conv.with_offer(Offer(OfferKind.FORGET)), ForgetAsked())

    def what_we_keep(self, conv: Conversation, event: Event) -> Turn:
        """What is kept about them, in a sentence, and how to delete it."""
        anything = not conv.profile.blank or conv.profile.zone_checked > 0
        return Turn(conv.with_offer(None), WhatWeKeep(anything, self.person_retention_days))

    def pain(self, conv: Conversation, event: Event) -> Turn:
        """Stop the stretch now. Nothing about the report is kept. The warning signs are those of
        the routine under way, or of the one last done (pain just after the neck routine)."""
        step = self.current_step(conv)
        worked = step or self.step_at(conv.latest_place)
        area = worked.routine.area if worked is not None else None
        return Turn(conv.with_offer(None), PainAdvice(step, self.suggestion, area))

    def warning_signs(self, conv: Conversation, event: Event) -> Turn:
        """Every sign that needs a doctor now; nothing moves and the offer stands."""
        step = self.current_step(conv)
        area = step.routine.area if step is not None else self.suggestion.area
        return Turn(conv, WarningSigns(area, step))

    def help(self, conv: Conversation, event: Event) -> Turn:
        """What can be said from here."""
        return Turn(conv.with_offer(None), Help(self.current_step(conv), self.suggestion))

    def fallback(self, conv: Conversation, event: Event) -> Turn:
        """Not understood: the place does not move and the offer stands."""
        asked = conv.offer is not None
        return Turn(conv, Fallback(self.current_step(conv), self.suggestion, asked))
