"""What the coach decided to say, as data. The voice layer words each one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from skill.domain.delivery import Holds, Pace
from skill.domain.routines import Part, Routine, Step


class Lead(StrEnum):
    """How a narrated step is introduced."""

    FIRST = "first"  # the routine is starting
    NEXT = "next"
    AGAIN = "again"  # repeat
    BACK = "back"  # go back
    BACK_AT_START = "back_at_start"  # go back on the first step
    SKIP = "skip"
    FROM_TOP = "from_top"  # start over
    RESUME = "resume"
    EASIER = "easier"  # the same step again, the easier way
    QUICK = "quick"  # mid-routine, the rest of it in its quick version


class ChoiceReason(StrEnum):
    """Why the person is being asked to pick a routine."""

    WELCOME = "welcome"  # opened the skill with nothing saved
    NONE_GIVEN = "none_given"  # asked to start without naming one
    UNKNOWN = "unknown"  # named one the skill does not have
    DECLINED_RESUME = "declined_resume"
    DECLINED_SUGGESTION = "declined_suggestion"  # "no" to the routine offered
    NOTHING_TO_RESUME = "nothing_to_resume"
    FORGOTTEN = "forgotten"  # a saved place was too old and has been cleared
    NOT_STARTED = "not_started"  # next/repeat/skip with no routine under way
    FINISHED_ALREADY = "finished_already"  # next/skip after the routine was done


@dataclass(frozen=True)
class Narrate:
    """Narrate a step with its holds and reps."""

    step: Step
    lead: Lead
    disclaimer: bool = False  # the one-time note that this is not medical advice
    easier: bool = False  # narrate the low end of the source's ranges
    pace: Pace = Pace.NORMAL  # the person's pace
    holds: Holds = Holds.NORMAL  # where in the source's range the holds are


@dataclass(frozen=True)
class Finished:
    """The routine is complete."""

    routine: Routine
    streak: int = 0  # days in a row to mention at the finish; 0: nothing to mention


@dataclass(frozen=True)
class DeliverySet:
    """The pace or the holds were changed: it applies from the next step narrated. Mid-routine,
    how to go on (or do this step again the new way); else a routine offered."""

    pace: Pace | None  # the pace now, when that is what changed
    holds: Holds | None  # the holds now, when that is what changed
    suggestion: Routine
    step: Step | None = None  # the step under way, if any


@dataclass(frozen=True)
class ForgetAsked:
    """ "Forget me": ask to confirm before deleting everything kept about the person."""


@dataclass(frozen=True)
class Forgotten:
    """Everything kept about the person was deleted; the session ends."""


@dataclass(frozen=True)
class KeptAll:
    """They said no to forgetting: nothing was deleted."""

    step: Step | None  # where they are, to carry on from
    suggestion: Routine


@dataclass(frozen=True)
class WhatWeKeep:
    """ "What do you keep about me": what is kept, and how to delete it."""

    anything: bool  # whether anything is kept about them now
    kept_days: int  # how long it is kept after their last visit (PERSON_RETENTION_DAYS)


@dataclass(frozen=True)
class LastTime:
    """The most recent routine a person did: which, how many days ago, whether to the end."""

    routine: Routine
    days_ago: int
    finished: bool


@dataclass(frozen=True)
class Progress:
    """How the person is doing: days this week, days in a row, routines finished, last time."""

    this_week: int
    streak: int
    finished: int
    last: LastTime | None
    suggestion: Routine | None  # offered next: today's routine; None mid-routine (carry on)


@dataclass(frozen=True)
class TodaysRoutine:
    """The routine suggested for today, with what was done last time; a yes starts it."""

    routine: Routine
    last: LastTime | None
    welcome: bool = False  # said on opening the skill, as a welcome back
    pace: Pace = Pace.NORMAL  # said once on opening, when it is not the usual one
    holds: Holds = Holds.NORMAL  # likewise


@dataclass(frozen=True)
class ChooseRoutine:
    """Ask which routine to do."""

    reason: ChoiceReason
    routines: tuple[Routine, ...]  # what can be chosen, in the order offered
    heard: str | None = None  # the unknown name, when there was one
    previous: Routine | None = None  # the routine a forgotten or finished place was in


@dataclass(frozen=True)
class WelcomeBack:
    """Offer to carry on from a saved step."""

    step: Step
    pace: Pace = Pace.NORMAL  # said once on opening, when it is not the usual one
    holds: Holds = Holds.NORMAL  # likewise


@dataclass(frozen=True)
class PickUpOffer:
    """A routine with a kept place was asked for: pick up there, or start from the top?"""

    step: Step


@dataclass(frozen=True)
class TooHard:
    """The person finds the current step too hard: offer the easier way, or to skip."""

    step: Step
    easier: Part | None  # the easier way to offer (the low end of the source's ranges), if any


@dataclass(frozen=True)
class CarryOn:
    """An offer was declined mid-routine: say how to go on."""

    step: Step


@dataclass(frozen=True)
class Wait:
    """The person needs a moment: keep the session open, quietly."""

    step: Step | None


@dataclass(frozen=True)
class TimeLeft:
    """How much of the routine is left after the current step."""

    step: Step


@dataclass(frozen=True)
class HoldInfo:
    """How long to hold the current step, and how many times, as it is being narrated."""

    step: Step
    part: Part  # the step's part as delivered: the easier way or moved holds, if taken


@dataclass(frozen=True)
class GeneralHoldRule:
    """The sources' general rule for holds, offered when no routine is running."""

    suggestion: Routine


@dataclass(frozen=True)
class Purpose:
    """Why the current move helps."""

    step: Step


@dataclass(frozen=True)
class WhereAmI:
    """Where the person is in their routine."""

    step: Step


@dataclass(frozen=True)
class NoRoutine:
    """A question about the current move with no routine running."""

    suggestion: Routine


@dataclass(frozen=True)
class RoutineList:
    """Every routine, with how long each takes."""

    routines: tuple[Routine, ...]
    nothing_under_way: bool = False  # asked how long is left before starting one: say so first


@dataclass(frozen=True)
class Paused:
    """Paused; the session ends and the person is told how to come back."""

    step: Step | None
    suggestion: Routine  # the routine to offer when none is under way


@dataclass(frozen=True)
class Stopped:
    """Stopped for today; the place is kept."""

    step: Step | None
    suggestion: Routine  # the routine to offer when none is under way


@dataclass(frozen=True)
class PainAdvice:
    """Stop the stretch and ease out; offer to skip or stop."""

    step: Step | None
    suggestion: Routine  # the routine to offer when none is under way
    area: str | None = None  # whose warning signs: the routine under way or just done

    @property
    def signs_for(self) -> str:
        """The body area whose warning signs to give."""
        if self.area is not None:
            return self.area
        return self.step.routine.area if self.step is not None else self.suggestion.area


@dataclass(frozen=True)
class Help:
    """What can be said from here."""

    step: Step | None
    suggestion: Routine  # the routine to offer when none is under way


@dataclass(frozen=True)
class FinishThisOne:
    """Asked what to do today in the middle of a routine: this one, from where they are."""

    step: Step


@dataclass(frozen=True)
class NothingAsked:
    """A yes or a no when no question was asked: say what works from here."""

    step: Step | None  # the step under way or paused, if any
    yes: bool
    suggestion: Routine | None  # offered (a yes starts it) when no routine is under way


@dataclass(frozen=True)
class WarningSigns:
    """Every sign that needs a doctor now, for the body area being worked."""

    area: str
    step: Step | None


@dataclass(frozen=True)
class Fallback:
    """The skill did not understand; suggest what works from here."""

    step: Step | None
    suggestion: Routine  # the routine to offer when none is under way
    asked: bool = False  # a yes-or-no question is waiting for its answer


Reply = (
    Narrate
    | PickUpOffer
    | TooHard
    | CarryOn
    | Wait
    | TimeLeft
    | Finished
    | Progress
    | TodaysRoutine
    | DeliverySet
    | ForgetAsked
    | Forgotten
    | KeptAll
    | WhatWeKeep
    | ChooseRoutine
    | WelcomeBack
    | HoldInfo
    | GeneralHoldRule
    | Purpose
    | WhereAmI
    | NoRoutine
    | RoutineList
    | Paused
    | Stopped
    | PainAdvice
    | Help
    | NothingAsked
    | FinishThisOne
    | WarningSigns
    | Fallback
)
