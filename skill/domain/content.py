"""Routines, moves and the steps a routine is narrated in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property


class Basis(StrEnum):
    """Where a number came from."""

    SOURCE = "source"  # the source article gives this number
    GENERAL_RULE = "general_rule"  # the source gives none; the sources' general advice was used
    TRANSLATED = "translated"  # the source says it in words or time ("briefly"); notes say how


@dataclass(frozen=True)
class Amount:
    """A count or a number of seconds: the one we narrate and the range the source gives."""

    value: int
    low: int
    high: int
    basis: Basis = Basis.SOURCE

    @classmethod
    def exact(cls, value: int, basis: Basis = Basis.SOURCE) -> Amount:
        """An amount the source gives as a single number."""
        return cls(value, value, value, basis)

    @property
    def is_range(self) -> bool:
        """Whether the source gives a range rather than one number."""
        return self.low != self.high


@dataclass(frozen=True)
class Part:
    """One step's worth of a move: the whole move, one side of it, or one variant."""

    label: str | None  # "left leg", "both knees"; None when the move has a single part
    instructions: tuple[str, ...]  # said once, before the first rep
    cue: str  # said at the start of every rep; may contain {side} for alternating moves
    hold: Amount  # seconds per hold; value 0 means a moving rep with no hold
    reps: Amount
    release: str  # said when a hold ends
    alternate: tuple[str, ...] = ()  # each rep goes through these in turn, e.g. ("left", "right")
    rep_seconds: int = 0  # for reps with no hold: time allowed for one rep
    per: str | None = None  # what reps are counted per, e.g. "leg", for "three times per leg"
    round: int = 0  # when each rep is its own step: which rep (1-based) this step narrates


@dataclass(frozen=True)
class Move:
    """One exercise, with everything needed to explain and narrate it."""

    id: str
    name: str
    purpose: str
    setup: str
    cautions: tuple[str, ...]
    parts: tuple[Part, ...]
    source: str


@dataclass(frozen=True)
class Routine:
    """An ordered list of moves for one area of the body, from one source article."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    setup: str  # where to be when it starts: "Lie on your back on a mat."
    moves: tuple[Move, ...]
    source: str
    cautions: tuple[str, ...] = ()  # said once, when the routine starts

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """Every step of the routine, in order."""
        return tuple(
            Step(self, number, move_index, part_index)
            for number, (move_index, part_index) in enumerate(
                (m, p) for m, move in enumerate(self.moves) for p in range(len(move.parts))
            )
        )

    def step(self, index: int) -> Step:
        """The step at index, clamped into the routine."""
        steps = self.steps
        return steps[max(0, min(index, len(steps) - 1))]


@dataclass(frozen=True)
class Step:
    """One unit that one response narrates: a move, or one side or variant of it."""

    routine: Routine
    index: int
    move_index: int
    part_index: int

    @property
    def move(self) -> Move:
        """The move this step belongs to."""
        return self.routine.moves[self.move_index]

    @property
    def part(self) -> Part:
        """The side or variant this step narrates."""
        return self.move.parts[self.part_index]

    @property
    def is_first_of_move(self) -> bool:
        """Whether this step opens its move (purpose, setup and cautions are said here)."""
        return self.part_index == 0

    @property
    def is_last(self) -> bool:
        """Whether this is the routine's final step."""
        return self.index == len(self.routine.steps) - 1

    @property
    def next_move_first_step(self) -> Step | None:
        """The first step of the following move, or None on the last move."""
        for step in self.routine.steps[self.index + 1 :]:
            if step.move_index != self.move_index:
                return step
        return None


@dataclass(frozen=True)
class Catalog:
    """Every routine the skill knows, in the order they are offered."""

    routines: tuple[Routine, ...]

    def get(self, routine_id: str) -> Routine | None:
        """The routine with this id, if there is one."""
        return next((r for r in self.routines if r.id == routine_id), None)

    def find(self, spoken: str | None) -> Routine | None:
        """The routine a person named, by id, name or synonym; None when nothing matches."""
        if not spoken:
            return None
        wanted = name_key(spoken)
        for routine in self.routines:
            names = {routine.id.replace("-", " "), routine.name, *routine.synonyms}
            if wanted in {name_key(n) for n in names}:
                return routine
        return None


def name_key(text: str) -> str:
    """Lower-case, drop punctuation and a leading "my" or "the", fold spaces: how names compare."""
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    while words and words[0] in {"my", "the", "a", "some"}:
        words = words[1:]
    return " ".join(words)
