"""What the skill remembers about a person, and what it is waiting to hear back in a session."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from skill.domain.delivery import Holds, Pace
from skill.domain.history import History

DAY = 24 * 60 * 60  # seconds; retention periods are counted in days
# How long things are kept when the deployment does not say (PLACE_RETENTION_DAYS and
# PERSON_RETENTION_DAYS in skill/config.py): a place is offered again for a month, and anything
# kept about a person lives a year after their last visit.
PLACE_KEPT_DAYS = 30
PERSON_KEPT_DAYS = 365


class Status(StrEnum):
    """Where a person is with their routine."""

    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True)
class Place:
    """A routine, the step last narrated in it, and whether it is under way."""

    routine_id: str
    step: int
    status: Status
    saved_at: float  # seconds since the epoch when this place was reached
    easier: bool = False  # the person found this step too hard and took the easier way
    quick: bool = False  # in the routine's quick version (its steps, its step numbers)
    # The step by what it is (move id, side or variant, first rep), not by number: content edits
    # renumber steps, and a place kept for days must still find its move.
    anchor: tuple[str, str, int] | None = None

    @property
    def resumable(self) -> bool:
        """Whether there is something to pick up again."""
        return self.status in (Status.ACTIVE, Status.PAUSED)


@dataclass(frozen=True)
class Profile:
    """Everything kept about a person between sessions: one place per routine, most recent
    first, whether they have heard the first-time note, and what they did over the days."""

    places: tuple[Place, ...] = ()
    disclaimer_given: bool = False
    history: History = History()
    zone: str | None = None  # the device's time zone (IANA name), as the Settings API said
    zone_checked: float = 0.0  # when it was last asked (seconds since the epoch; 0: never)
    pace: Pace = Pace.NORMAL  # how fast they like the routine said
    holds: Holds = Holds.NORMAL  # where in the source's range they like their holds

    @property
    def latest_place(self) -> Place | None:
        """The place most recently reached, in whichever routine."""
        return self.places[0] if self.places else None

    @property
    def blank(self) -> bool:
        """Whether nothing of the person's own is kept (a time zone alone is the device's)."""
        return (
            not self.places
            and not self.disclaimer_given
            and self.history.empty
            and self.pace is Pace.NORMAL
            and self.holds is Holds.NORMAL
        )

    def place(self, routine_id: str) -> Place | None:
        """The place kept in one routine, if any."""
        return next((p for p in self.places if p.routine_id == routine_id), None)

    def with_place(self, place: Place) -> Profile:
        """A copy with place as the most recent place, replacing its routine's old one."""
        return replace(self, places=self.places_with(place))

    def places_with(self, place: Place) -> tuple[Place, ...]:
        """The places, with place as the most recent one, replacing its routine's old one."""
        return (place, *(p for p in self.places if p.routine_id != place.routine_id))

    def without_place(self, routine_id: str) -> Profile:
        """A copy that has forgotten its place in one routine."""
        return replace(self, places=tuple(p for p in self.places if p.routine_id != routine_id))


class OfferKind(StrEnum):
    """What a yes or no would answer."""

    RESUME = "resume"  # carry on from the most recent place
    START = "start"  # start routine_id from the top
    PICK_UP = "pick_up"  # yes: carry on in routine_id where they were; no: from the top
    EASIER = "easier"  # yes: do the current step the easier way
    FORGET = "forget"  # yes: delete everything kept about this person
    MOVE_REMINDER = "move_reminder"  # yes: move the daily reminder to `at`; "add another": add it


@dataclass(frozen=True)
class Offer:
    """A question the skill asked and is waiting to hear yes or no to."""

    kind: OfferKind
    routine_id: str | None = None
    at: str | None = None  # MOVE_REMINDER: the time asked for ("19:30")


@dataclass(frozen=True)
class Conversation:
    """A person's profile plus what this session is waiting for."""

    profile: Profile = Profile()
    offer: Offer | None = None

    @property
    def latest_place(self) -> Place | None:
        """The saved place, if any."""
        return self.profile.latest_place

    def with_place(self, place: Place) -> Conversation:
        """A copy at a new place (the routine's place), with any pending offer answered."""
        return Conversation(self.profile.with_place(place), None)

    def with_offer(self, offer: Offer | None) -> Conversation:
        """A copy waiting for a yes or no to offer."""
        return Conversation(self.profile, offer)
