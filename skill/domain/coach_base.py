"""What every coach action is built from: the event and the turn, and the helpers the actions
share (where a place points, what to narrate, finishing, choosing a routine, forgetting a stale
place). The actions themselves are in coach.py."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from skill.domain.history import local_day, todays_routine
from skill.domain.replies import (
    ChoiceReason,
    ChooseRoutine,
    Finished,
    LastTime,
    Lead,
    Narrate,
    NoRoutine,
    NothingAsked,
    Paused,
    Purpose,
    Reply,
    Stopped,
    TodaysRoutine,
    WhereAmI,
)
from skill.domain.routines import Catalog, Routine, Step
from skill.domain.state import (
    DAY,
    PERSON_KEPT_DAYS,
    PLACE_KEPT_DAYS,
    Conversation,
    Offer,
    OfferKind,
    Place,
    Profile,
    Status,
)


@dataclass(frozen=True)
class Event:
    """What the person did this turn: when, and the routine they named, if any."""

    now: float
    routine: str | None = None  # the routine slot: a resolved id, or the words heard
    zone: str | None = None  # the device's time zone (IANA name); None: UTC

    @cached_property
    def today(self) -> int:
        """The person's calendar day, as a date ordinal (worked out once an event)."""
        return local_day(self.now, self.zone)


@dataclass(frozen=True)
class Turn:
    """The conversation after a turn, what to say, and whether the session ends.

    end_session is the one place that decision is made."""

    conversation: Conversation
    reply: Reply
    end_session: bool = False
    forget: bool = False  # delete everything kept about the person instead of saving


STEPS_REMEMBERED = 4096  # distinct places whose step a coach keeps (see CoachBase.step_at)


def _names(place: Place, step: Step) -> bool:
    """Whether a place names this step exactly: its routine, its anchor if it has one, and a
    step number within the routine."""
    return (
        place.routine_id == step.routine.id
        and (place.anchor is None or place.anchor == step.anchor)
        and 0 <= place.step < len(step.routine.steps)
    )


class CoachBase:
    """The catalog, how long places and people are kept, and the helpers every action uses."""

    def __init__(
        self,
        catalog: Catalog,
        place_retention_seconds: float = PLACE_KEPT_DAYS * DAY,
        person_retention_days: int = PERSON_KEPT_DAYS,
    ) -> None:
        self.catalog = catalog
        self.place_retention_seconds = place_retention_seconds  # how long a place is offered again
        self.person_retention_days = person_retention_days  # how long anything is kept at all
        # The step each place names, found once: a turn asks two or three times, and the catalog
        # never changes. The bound caps the catalog's pairings of step numbers and anchors.
        self._steps: dict[tuple[str, bool, tuple[str, str, int] | None, int], Step] = {}

    @property
    def suggestion(self) -> Routine:
        """The routine offered when the person has not picked one."""
        return self.catalog.routines[0]

    # --- helpers ------------------------------------------------------------------------

    def step_at(self, place: Place | None) -> Step | None:
        """The step a place points to, if its routine still exists: found by its anchor
        (what the step is) when it has one, else by its number."""
        if place is None:
            return None
        key = (place.routine_id, place.quick, place.anchor, place.step)
        remembered = self._steps.get(key)  # one look: another thread may clear it
        if remembered is not None:
            return remembered
        found = self._find_step(place)
        # Kept only when the place names the step exactly (its routine, its anchor, a number in
        # range), so every key is made of the catalog's own ids: what a document or a session
        # carries beyond them is never held.
        if found is not None and _names(place, found):
            if len(self._steps) >= STEPS_REMEMBERED:
                self._steps.clear()
            self._steps[key] = found
        return found

    def _find_step(self, place: Place) -> Step | None:
        routine = self.catalog.get(place.routine_id, place.quick)
        if routine is None:
            return None
        found = routine.find_step(place.anchor) if place.anchor else None
        return found or routine.step(place.step)

    def current_step(self, conv: Conversation) -> Step | None:
        """The step last narrated, while it is under way or paused (not once finished)."""
        place = conv.latest_place
        if place is None or not place.resumable:
            return None
        return self.step_at(place)

    def _resumable(self, place: Place) -> bool:
        """Whether a place can be picked up again: under way or paused, in a routine we have."""
        return place.resumable and self.step_at(place) is not None

    def _resumable_step(self, conv: Conversation) -> Step | None:
        """The step of the most recent place that can be picked up again, in any routine."""
        kept = next((p for p in conv.profile.places if self._resumable(p)), None)
        return None if kept is None else self.step_at(kept)

    def _again(self, conv: Conversation, place: Place, lead: Lead, event: Event) -> Turn:
        """Narrate a kept place's step again, the easier way if that was taken there."""
        step = self.step_at(place)
        assert step is not None  # callers pass resumable places
        return self._narrate(conv, step, lead, event, easier=place.easier)

    def todays_routine(self, profile: Profile, today: int) -> Routine:
        """The routine to suggest today (see history.todays_routine)."""
        offered = tuple(r.id for r in self.catalog.routines)
        chosen = self.catalog.get(todays_routine(profile.history, offered, today))
        return chosen or self.suggestion

    def _suggest_today(self, conv: Conversation, event: Event, *, welcome: bool) -> Turn:
        routine = self.todays_routine(conv.profile, event.today)
        last = self._last_time(conv.profile, event)
        profile = conv.profile
        reply = TodaysRoutine(routine, last, welcome, profile.pace, profile.holds)
        return Turn(conv.with_offer(Offer(OfferKind.START, routine.id)), reply)

    def _last_time(
        self, profile: Profile, event: Event, skip: str | None = None
    ) -> LastTime | None:
        """The most recent place in a routine we still have (but `skip`): which, when, whether
        finished."""
        for place in profile.places:
            routine = self.catalog.get(place.routine_id) if place.routine_id != skip else None
            if routine is not None:
                days_ago = event.today - local_day(place.saved_at, event.zone)
                return LastTime(routine, max(days_ago, 0), place.status is Status.FINISHED)
        return None

    def _current_routine(self, conv: Conversation) -> Routine | None:
        step = self.step_at(conv.latest_place)
        return None if step is None else step.routine

    def _choose(
        self,
        reason: ChoiceReason,
        *,
        heard: str | None = None,
        previous: Routine | None = None,
        leaving_out: Routine | None = None,
    ) -> ChooseRoutine:
        routines = tuple(r for r in self.catalog.routines if r != leaving_out)
        return ChooseRoutine(
            reason, routines or self.catalog.routines, heard=heard, previous=previous
        )

    def _offer_start(self, conv: Conversation, reply: Reply) -> Turn:
        return Turn(conv.with_offer(Offer(OfferKind.START, self.suggestion.id)), reply)

    def _narrate(
        self, conv: Conversation, step: Step, lead: Lead, event: Event, *, easier: bool = False
    ) -> Turn:
        now = event.now
        profile = conv.profile
        before = profile.latest_place
        if before and before.routine_id != step.routine.id and before.status is Status.ACTIVE:
            # Another routine was under way: keep its place, paused, for coming back to.
            profile = profile.with_place(replace(before, status=Status.PAUSED))
        place = Place(
            step.routine.id,
            step.index,
            Status.ACTIVE,
            now,
            easier=easier,
            quick=step.routine.is_quick,
            anchor=step.anchor,
        )
        disclaimer = not profile.disclaimer_given
        history = profile.history.practised(event.today, step.routine.id)
        profile = replace(
            profile, places=profile.places_with(place), disclaimer_given=True, history=history
        )
        reply = Narrate(
            step, lead, disclaimer, easier=easier, pace=profile.pace, holds=profile.holds
        )
        return Turn(Conversation(profile, None), reply)

    def _finish(self, conv: Conversation, routine: Routine, event: Event) -> Turn:
        last = routine.steps[-1]
        today = event.today
        # The streak is mentioned at the day's first finish only, and from two days on.
        first_today = conv.profile.history.last_finish != today
        history = conv.profile.history.finished_one(today, routine.id)
        streak = history.streak(today) if first_today else 0
        done = conv.with_place(
            Place(
                routine.id,
                last.index,
                Status.FINISHED,
                event.now,
                quick=routine.is_quick,
                anchor=last.anchor,
            )
        )
        done = Conversation(replace(done.profile, history=history), done.offer)
        return Turn(done, Finished(routine, streak if streak >= 2 else 0), end_session=True)

    def _nothing_under_way(self, conv: Conversation) -> Turn:
        place = conv.latest_place
        if place is not None and place.status is Status.FINISHED:
            routine = self.catalog.get(place.routine_id)
            return Turn(
                conv.with_offer(None), self._choose(ChoiceReason.FINISHED_ALREADY, previous=routine)
            )
        return Turn(conv.with_offer(None), self._choose(ChoiceReason.NOT_STARTED))

    def _nothing_asked(self, conv: Conversation, event: Event, *, yes: bool) -> Turn:
        """A yes or no to no question: say what works from here; a yes with no routine under way
        is taken as wanting one, and today's routine is offered."""
        step = self.current_step(conv)
        if step is not None or not yes:
            return Turn(conv, NothingAsked(step, yes, None))
        routine = self.todays_routine(conv.profile, event.today)
        return Turn(
            conv.with_offer(Offer(OfferKind.START, routine.id)), NothingAsked(None, yes, routine)
        )

    def _about_current(self, conv: Conversation, reply: type[Purpose] | type[WhereAmI]) -> Turn:
        step = self.current_step(conv)
        place = conv.latest_place
        if step is None and place is not None and place.status is Status.FINISHED:
            return self._nothing_under_way(conv)
        if step is None:
            return self._offer_start(conv, NoRoutine(self.suggestion))
        return Turn(conv.with_offer(None), reply(step))

    def _keep_place(
        self, conv: Conversation, now: float, reply: type[Paused] | type[Stopped]
    ) -> Turn:
        step = self.current_step(conv)
        place = conv.latest_place
        if step is None or place is None:
            return Turn(conv.with_offer(None), reply(None, self.suggestion), end_session=True)
        if place.status is Status.ACTIVE:
            conv = conv.with_place(replace(place, status=Status.PAUSED, saved_at=now))
        return Turn(conv.with_offer(None), reply(step, self.suggestion), end_session=True)

    def _forget_if_stale(
        self, conv: Conversation, now: float
    ) -> tuple[Conversation, Routine | None]:
        """Forget places kept past retention; name the routine if the one to offer went too."""
        offered = next((p for p in conv.profile.places if p.resumable), None)
        stale = [
            p.routine_id
            for p in conv.profile.places
            if p.resumable and now - p.saved_at > self.place_retention_seconds
        ]
        if not stale or offered is None:
            return conv, None
        profile = conv.profile
        for routine_id in stale:
            profile = profile.without_place(routine_id)
        forgotten = self.catalog.get(offered.routine_id) if offered.routine_id in stale else None
        fresher = next((p for p in profile.places if p.resumable), None)
        return Conversation(profile, conv.offer), (None if fresher else forgotten)
