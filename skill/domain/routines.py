"""Routines, moves and the steps a routine is narrated in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType


class Posture(StrEnum):
    """How the body is placed for a move; a change of posture needs time to get ready."""

    BACK = "back"  # lying on your back
    FRONT = "front"  # lying on your front
    SIDE = "side"  # lying on your side
    HANDS_AND_KNEES = "hands_and_knees"
    SEATED = "seated"  # sitting on the floor
    CHAIR = "chair"  # sitting on a chair
    STANDING = "standing"
    WALL = "wall"  # standing with your back to a wall

    @property
    def lying(self) -> bool:
        """Whether the person is down on the floor and will need to get up at the end."""
        return self in (Posture.BACK, Posture.FRONT, Posture.SIDE, Posture.HANDS_AND_KNEES)


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
    cue: str  # the full movement cue; may contain {side} for alternating moves
    hold: Amount  # seconds per hold; value 0 means a moving rep with no hold
    reps: Amount  # how many in the whole set
    release: str  # the full release cue, said when a hold or movement ends
    alternate: tuple[str, ...] = ()  # each rep goes through these in turn, e.g. ("left", "right")
    rep_seconds: int = 0  # for reps with no hold: time allowed for one rep
    per: str | None = None  # what reps are counted per, e.g. "leg", for "three times per leg"
    short_cue: str | None = None  # a few words to cue later reps, once the full cue is known
    short_release: str | None = None  # likewise for the release
    span: tuple[int, int] | None = None  # when a set is split over steps: its first and last rep

    @property
    def rep_numbers(self) -> range:
        """The reps (1-based) this step narrates: the whole set, or its share of it."""
        first, last = self.span or (1, self.reps.value)
        return range(first, last + 1)

    @property
    def is_share(self) -> bool:
        """Whether this step narrates only part of the set."""
        return self.span is not None

    @property
    def ends_set(self) -> bool:
        """Whether this step finishes the set."""
        return self.rep_numbers[-1] == self.reps.value

    def easier(self) -> Part | None:
        """The same part at the low end of the source's ranges, if that is any easier.

        A set shared over steps keeps its count (the shares are fixed) and only shortens holds."""
        hold = self.hold.low if self.hold.low < self.hold.value else self.hold.value
        reps = self.reps.value
        if self.span is None and self.reps.low < reps:
            reps = self.reps.low
        if (hold, reps) == (self.hold.value, self.reps.value):
            return None
        return replace(
            self, hold=replace(self.hold, value=hold), reps=replace(self.reps, value=reps)
        )


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
    posture: Posture = Posture.BACK
    equipment: tuple[str, ...] = ()  # "a towel", "a wall": announced before the move starts
    take_turns: bool = False  # a set split over steps takes the sides in turn, share by share


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
    closing: str | None = None  # advice said when the routine is finished
    area: str = "back"  # the body area worked ("back", "neck"): which warning signs to give
    # The same routine in the words of the locales that word some of it differently ("about
    # fifteen centimetres"), by locale: the same steps, only texts differ. Not compared. Read-only
    # (any mapping given is copied into one): loads of the same file share their routines.
    locales: Mapping[str, Routine] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    # The quick version: the moves the content file picks (all, when it picks none), each at the
    # low end of the source's ranges. None on a quick version itself.
    quick_version: Routine | None = field(default=None, compare=False, repr=False)
    is_quick: bool = False  # this is a routine's quick version

    def __post_init__(self) -> None:
        if not isinstance(self.locales, MappingProxyType):
            object.__setattr__(self, "locales", MappingProxyType(dict(self.locales)))

    def __hash__(self) -> int:
        """Routines are told apart by id; hashing by id keeps steps cheap as cache keys."""
        return hash(self.id)

    def version(self, quick: bool) -> Routine:
        """The quick version when asked for and there is one, else this routine."""
        return (self.quick_version or self) if quick else self

    def in_locale(self, locale: str) -> Routine:
        """The routine in a locale's words: its own version if it has one, else this one."""
        return self.locales.get(locale, self)

    @property
    def final_posture(self) -> Posture:
        """How the routine ends: lying, seated or standing, for the closing words."""
        return self.moves[-1].posture

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

    @cached_property
    def _steps_by_part(self) -> dict[tuple[str, str], tuple[Step, ...]]:
        """The steps of each move and side (label "" when it has none), in order: a saved
        anchor is looked up on every turn."""
        found: dict[tuple[str, str], list[Step]] = {}
        for step in self.steps:
            found.setdefault((step.move.id, step.part.label or ""), []).append(step)
        return {part: tuple(steps) for part, steps in found.items()}

    def find_step(self, anchor: tuple[str, str, int]) -> Step | None:
        """The step a saved anchor names: the same move and side, and the share of the set
        holding its rep (the last share when the set has since grown shorter)."""
        move_id, label, rep = anchor
        matching = self._steps_by_part.get((move_id, label), ())
        for step in matching:
            if rep in step.part.rep_numbers:
                return step
        return matching[-1] if matching else None


@dataclass(frozen=True)
class Step:
    """One unit that one response narrates: a move, or one side or variant of it."""

    routine: Routine
    index: int
    move_index: int
    part_index: int

    def in_locale(self, locale: str) -> Step:
        """The same step in a locale's words (see Routine.locales)."""
        routine = self.routine.in_locale(locale)
        return self if routine is self.routine else replace(self, routine=routine)

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

    @cached_property  # a step is made once per place and read on every turn there
    def anchor(self) -> tuple[str, str, int]:
        """The step by what it is: move id, side or variant label, and its first rep."""
        return self.move.id, self.part.label or "", self.part.rep_numbers[0]

    @property
    def previous_move(self) -> Move | None:
        """The move before this step's move, if any."""
        return self.routine.moves[self.move_index - 1] if self.move_index else None

    @property
    def changes_setup(self) -> bool:
        """Whether this move needs a change of posture or equipment from the one before."""
        before = self.previous_move
        return bool(self.move.equipment) or before is None or before.posture != self.move.posture

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

    def get(self, routine_id: str, quick: bool = False) -> Routine | None:
        """The routine with this id (its quick version, if asked for), if there is one."""
        found = next((r for r in self.routines if r.id == routine_id), None)
        return found.version(quick) if found is not None else None

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
