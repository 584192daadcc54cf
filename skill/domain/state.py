"""What the skill remembers about a person, and what it is waiting to hear back in a session."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

DAY = 24 * 60 * 60  # seconds; retention periods are counted in days


class Status(StrEnum):
    """Where a person is with their routine."""

    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True)
class Position:
    """A routine, the step last narrated in it, and whether it is under way."""

    routine_id: str
    step: int
    status: Status
    saved_at: float  # seconds since the epoch when this position was reached

    @property
    def resumable(self) -> bool:
        """Whether there is something to pick up again."""
        return self.status in (Status.ACTIVE, Status.PAUSED)


@dataclass(frozen=True)
class Profile:
    """Everything kept about a person between sessions."""

    position: Position | None = None
    disclaimer_given: bool = False


class OfferKind(StrEnum):
    """What a yes or no would answer."""

    RESUME = "resume"
    START = "start"


@dataclass(frozen=True)
class Offer:
    """A question the skill asked and is waiting to hear yes or no to."""

    kind: OfferKind
    routine_id: str | None = None


@dataclass(frozen=True)
class Conversation:
    """A person's profile plus what this session is waiting for."""

    profile: Profile = Profile()
    offer: Offer | None = None

    @property
    def position(self) -> Position | None:
        """The saved position, if any."""
        return self.profile.position

    def with_position(self, position: Position | None) -> Conversation:
        """A copy at a new position, with any pending offer answered."""
        return Conversation(replace(self.profile, position=position), None)

    def with_offer(self, offer: Offer | None) -> Conversation:
        """A copy waiting for a yes or no to offer."""
        return Conversation(self.profile, offer)
