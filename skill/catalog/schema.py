"""The shape of a content file, enforced with pydantic."""

from __future__ import annotations

import re
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from skill.domain.routines import Basis, Posture
from skill.voice.reps import RELEASE

Text = Annotated[str, Field(min_length=1, max_length=600)]
# Said on most reps, so kept under four words: no sentence of four or more words may be said
# more than three times in one response.
ShortText = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^\S+(?: \S+){0,2}$")]
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]
SOURCE_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HoldSpec(_Strict):
    """How long each hold lasts: the narrated seconds, and the source's range if it gives one."""

    seconds: Annotated[int, Field(ge=0, le=120)]
    range: tuple[int, int] | None = None
    basis: Basis = Basis.SOURCE

    @model_validator(mode="after")
    def _within_range(self) -> Self:
        _check_range(self.seconds, self.range)
        return self


class RepsSpec(_Strict):
    """How many times: the narrated count, and the source's range if it gives one."""

    count: Annotated[int, Field(ge=1, le=30)]
    range: tuple[int, int] | None = None
    basis: Basis = Basis.SOURCE

    @model_validator(mode="after")
    def _within_range(self) -> Self:
        _check_range(self.count, self.range)
        return self


def _check_range(value: int, span: tuple[int, int] | None) -> None:
    if span is not None and not span[0] <= value <= span[1]:
        raise ValueError(f"{value} is outside its range {span[0]} to {span[1]}")


class VariantSpec(_Strict):
    """Another way of doing the move, narrated as its own step ('both knees')."""

    label: Text
    instructions: list[Text] | None = None
    cue: Text | None = None
    hold: HoldSpec | None = None
    reps: RepsSpec | None = None
    release: Text | None = None
    short_cue: ShortText | None = None
    short_release: ShortText | None = None


class MoveSpec(_Strict):
    """One exercise."""

    id: Id
    name: Text
    purpose: Text
    setup: Text
    instructions: list[Text] = Field(min_length=1)
    cue: Text
    hold: HoldSpec
    reps: RepsSpec
    release: Text = RELEASE  # said when a hold ends (skill/voice/reps.py)
    short_cue: ShortText | None = None  # later reps' cue, once the full one has been heard
    short_release: ShortText | None = None
    rep_seconds: Annotated[int, Field(ge=0, le=30)] = 0
    posture: Posture | None = None  # defaults to the move before's, or the routine's
    equipment: list[Text] = []  # announced, with time to fetch it, before the move starts
    cautions: list[Text] = []
    sides: list[Annotated[str, Field(min_length=1, max_length=30)]] = []
    side_noun: Text | None = None
    alternate: list[Annotated[str, Field(min_length=1, max_length=60)]] = []
    per: Text | None = None
    variants: list[VariantSpec] = []
    take_turns: bool = False  # a set split over steps takes the sides in turn, share by share
    source: str | None = None
    notes: str | None = None  # why a number or wording was chosen; never spoken

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.sides and self.alternate:
            raise ValueError("a move has either sides (one step each) or alternate, not both")
        if self.hold.seconds == 0 and self.rep_seconds == 0:
            raise ValueError("a move with no hold needs rep_seconds: the time for one rep")
        if self.alternate and "{side}" not in self.cue:
            raise ValueError("an alternating move's cue must say {side}")
        if self.take_turns and not self.sides:
            raise ValueError("take_turns needs sides: it takes them in turn")
        if self.take_turns and (self.alternate or self.variants):
            raise ValueError("take_turns works with sides only, not alternate or variants")
        if self.source is not None and not SOURCE_FILE.match(self.source):
            raise ValueError(f"source {self.source!r} is not a source file name")
        return self


class VariantWords(_Strict):
    """A variant's texts in one locale's words; only the ones that differ."""

    instructions: list[Text] | None = Field(default=None, min_length=1)
    cue: Text | None = None
    release: Text | None = None
    short_cue: ShortText | None = None
    short_release: ShortText | None = None


class MoveWords(VariantWords):
    """A move's texts in one locale's words; only the ones that differ. Names, sides, labels
    and numbers are the same in every locale."""

    purpose: Text | None = None
    setup: Text | None = None
    cautions: list[Text] | None = None
    equipment: list[Text] | None = None
    variants: dict[str, VariantWords] = {}  # by label


class RoutineWords(_Strict):
    """A routine's texts in one locale's words (or several locales', sharing them)."""

    setup: Text | None = None
    cautions: list[Text] | None = None
    closing: Text | None = None
    moves: dict[str, MoveWords] = {}  # by move id


class QuickSpec(_Strict):
    """Which moves the quick version keeps, and why those."""

    moves: list[Id] = Field(min_length=1)
    why: Text
    setup: Text | None = None  # what it needs, when that is less than the whole routine needs


class RoutineSpec(_Strict):
    """A routine file."""

    id: Id
    name: Text
    synonyms: list[Text] = Field(min_length=1)
    source: str = Field(pattern=SOURCE_FILE.pattern)
    setup: Text
    posture: Posture = Posture.BACK  # how the first move is done, unless it says otherwise
    area: Literal["back", "upper back", "neck"] = "back"  # which warning signs apply
    cautions: list[Text] = []  # said once, when the routine starts
    closing: Text | None = None  # said once, when the routine is finished
    moves: list[MoveSpec] = Field(min_length=1)
    # Texts worded differently in some locales, keyed by locale or a comma-separated list of them
    # ("en-GB, en-AU"); skill/catalog/locales.py checks them against the rest of the file.
    locales: dict[str, RoutineWords] = {}
    # The quick version's moves (every move when absent), each at the low end of its ranges.
    quick: QuickSpec | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _unique_moves(self) -> Self:
        ids = [m.id for m in self.moves]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"move ids must be unique; repeated: {', '.join(duplicates)}")
        if self.quick is not None:
            unknown = sorted(set(self.quick.moves) - set(ids))
            if unknown:
                raise ValueError(f"quick.moves names no move of this routine: {', '.join(unknown)}")
            if len(set(self.quick.moves)) != len(self.quick.moves):
                raise ValueError("quick.moves names a move twice")
        return self
