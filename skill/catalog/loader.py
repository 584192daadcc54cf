"""Reads content/*.yaml, validates it, and builds the catalog the coach works from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from skill.catalog.locales import locale_specs
from skill.catalog.schema import HoldSpec, MoveSpec, RepsSpec, RoutineSpec, VariantSpec
from skill.domain.replies import Lead
from skill.domain.routines import Amount, Catalog, Move, Part, Routine, Step, name_key
from skill.voice.narration import narrate_step
from skill.voice.ssml import MAX_AUDIO_SECONDS, MAX_SSML_CHARS, render, segments_seconds

STEP_AUDIO_BUDGET = MAX_AUDIO_SECONDS * 0.9  # room for the lead-in and the prompt around a step
# A step takes about 45 to 120 s to say: a set too long for that is shared over steps of about
# equal length, as few as keep each under this.
STEP_TARGET_SECONDS = 115.0


# libyaml's safe loader when PyYAML was built with it (its wheels are), else the pure-Python one.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(Exception):
    """Content that cannot be used, with every problem found, each naming file, move and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid content:\n  " + "\n  ".join(problems))
        self.problems = problems


def _amount(value: int, span: tuple[int, int] | None, spec: HoldSpec | RepsSpec) -> Amount:
    low, high = span if span else (value, value)
    return Amount(value, low, high, spec.basis)


def _fill(text: str | None, side: str) -> str | None:
    return None if text is None else text.replace("{side}", side)


def _parts(move: MoveSpec) -> tuple[Part, ...]:
    """The move's parts, each a whole set: one per side, then one per variant."""
    base = Part(
        label=None,
        instructions=tuple(move.instructions),
        cue=move.cue,
        hold=_amount(move.hold.seconds, move.hold.range, move.hold),
        reps=_amount(move.reps.count, move.reps.range, move.reps),
        release=move.release,
        alternate=tuple(move.alternate),
        rep_seconds=move.rep_seconds,
        per=move.per or move.side_noun or ("side" if move.alternate else None),
        short_cue=move.short_cue,
        short_release=move.short_release,
    )
    sides = [
        replace(
            base,
            label=f"{side} {move.side_noun}" if move.side_noun else side,
            instructions=tuple(i.replace("{side}", side) for i in base.instructions),
            cue=base.cue.replace("{side}", side),
            release=base.release.replace("{side}", side),
            short_cue=_fill(base.short_cue, side),
            short_release=_fill(base.short_release, side),
        )
        for side in move.sides
    ] or [base]
    return tuple(sides + [_variant(base, v) for v in move.variants])


def _spans(count: int, steps: int) -> list[tuple[int, int] | None]:
    """count reps shared over steps of about equal size, any larger ones last."""
    if steps <= 1:
        return [None]
    size, extra = divmod(count, steps)
    spans: list[tuple[int, int] | None] = []
    first = 1
    for index in range(steps):
        last = first + size - 1 + (1 if index >= steps - extra else 0)
        spans.append((first, last))
        first = last + 1
    return spans


def _shared(move: Move, wholes: tuple[Part, ...], counts: list[int]) -> Move:
    """The move with each whole set shared over its count of steps."""
    shared = [
        [replace(p, span=span) for span in _spans(p.reps.value, count)]
        for p, count in zip(wholes, counts, strict=True)
    ]
    if move.take_turns:
        # A long set split over steps takes the sides in turn, share by share.
        parts = tuple(p for turn in zip(*shared, strict=True) for p in turn)
    else:
        parts = tuple(p for shares in shared for p in shares)
    return replace(move, parts=parts)


def _step_seconds(step: Step) -> float:
    first = step.index == 0  # a routine's first step carries its opening and the first-time note
    return segments_seconds(narrate_step(step, Lead.FIRST if first else Lead.NEXT, first))


def _share_counts(routine: Routine) -> list[list[int]]:
    """For each move, how many steps each whole set is shared over: as few as keep every step
    under STEP_TARGET_SECONDS.

    Sides that take turns are shared alike (as many shares as the longest side needs), so they
    can alternate share by share."""
    moves = list(routine.moves)
    shares: list[list[int]] = []

    def fits(index: int, counts: list[int], wholes: tuple[Part, ...], which: range) -> bool:
        moves[index] = _shared(routine.moves[index], wholes, counts)
        steps = replace(routine, moves=tuple(moves)).steps
        return all(
            _step_seconds(s) <= STEP_TARGET_SECONDS
            for s in steps
            if s.move_index == index and any(replace(s.part, span=None) == wholes[w] for w in which)
        )

    for index, move in enumerate(routine.moves):
        wholes = move.parts
        counts = [1] * len(wholes)
        groups = (
            [range(len(wholes))]
            if move.take_turns
            else [range(w, w + 1) for w in range(len(wholes))]
        )
        for which in groups:
            most = max(wholes[w].reps.value for w in which)
            for count in range(1, most + 1):
                for w in which:
                    counts[w] = min(count, wholes[w].reps.value)
                if fits(index, counts, wholes, which):
                    break
        moves[index] = _shared(move, wholes, counts)
        shares.append(counts)
    return shares


def _share(routine: Routine, shares: list[list[int]]) -> Routine:
    """The routine with each move's whole sets shared over its counts of steps."""
    moves = tuple(_shared(m, m.parts, c) for m, c in zip(routine.moves, shares, strict=True))
    return replace(routine, moves=moves)


def _variant(base: Part, v: VariantSpec) -> Part:
    return Part(
        label=v.label,
        instructions=tuple(v.instructions) if v.instructions else base.instructions,
        cue=v.cue or base.cue,
        hold=_amount(v.hold.seconds, v.hold.range, v.hold) if v.hold else base.hold,
        reps=_amount(v.reps.count, v.reps.range, v.reps) if v.reps else base.reps,
        release=v.release or base.release,
        rep_seconds=base.rep_seconds,
        per=None,
        short_cue=v.short_cue or (None if v.cue else base.short_cue),
        short_release=v.short_release or (None if v.release else base.short_release),
    )


def build_routine(spec: RoutineSpec, locales: Mapping[str, RoutineSpec] | None = None) -> Routine:
    """Domain objects from a validated routine file, with its version for each of locales (the
    file with that locale's overrides: skill/catalog/locales.py), its sets shared alike."""
    whole = _whole(spec)
    worded = {k: _whole(s) for k, s in (locales or {}).items()}
    kept = spec.quick.moves if spec.quick else [m.id for m in spec.moves]
    setup = spec.quick.setup if spec.quick else None
    quick = _versions(
        _quick(whole, kept, setup), {k: _quick(w, kept, setup) for k, w in worded.items()}
    )
    return replace(_versions(whole, worded), quick_version=quick)


def _versions(whole: Routine, locales: Mapping[str, Routine]) -> Routine:
    """The routine with its sets shared over steps, and its locales' versions shared alike (the
    same steps in every locale; one routine per distinct overrides)."""
    shares = _share_counts(whole)
    built: dict[Routine, Routine] = {}
    worded = {locale: built.setdefault(w, _share(w, shares)) for locale, w in locales.items()}
    return replace(_share(whole, shares), locales=worded)


def _quick(whole: Routine, kept: list[str], setup: str | None) -> Routine:
    """The quick version of a routine whose sets are whole: the kept moves, in the routine's
    order, every hold and count at the low end of the source's range."""
    moves = tuple(
        replace(m, parts=tuple(p.easier() or p for p in m.parts))  # whole sets: the low end
        for m in whole.moves
        if m.id in kept
    )
    return replace(whole, moves=moves, setup=setup or whole.setup, is_quick=True)


def _whole(spec: RoutineSpec) -> Routine:
    """The routine with every set whole, one step each."""
    moves = []
    posture = spec.posture
    for m in spec.moves:
        posture = m.posture or posture
        moves.append(
            Move(
                id=m.id,
                name=m.name,
                purpose=m.purpose,
                setup=m.setup,
                cautions=tuple(m.cautions),
                parts=_parts(m),
                source=m.source or spec.source,
                posture=posture,
                equipment=tuple(m.equipment),
                take_turns=m.take_turns,
            )
        )
    return Routine(
        spec.id,
        spec.name,
        tuple(spec.synonyms),
        spec.setup,
        tuple(moves),
        spec.source,
        cautions=tuple(spec.cautions),
        area=spec.area,
        closing=spec.closing,
    )


def _describe(error: dict[str, Any], data: Any, file: str) -> str:
    loc = list(error["loc"])
    where = file
    message = error["msg"]
    if len(loc) >= 2 and loc[0] == "locales":
        where += f", locales {loc[1]!r}"
        loc = loc[2:]
        if error["type"] == "extra_forbidden":
            message = "not a text that can be worded per locale"
        if len(loc) >= 2 and loc[0] == "moves":
            where += f", move {loc[1]}"
            loc = loc[2:]
    elif len(loc) >= 2 and loc[0] == "moves" and isinstance(loc[1], int):
        moves = data.get("moves") if isinstance(data, dict) else None
        move = moves[loc[1]] if isinstance(moves, list) and loc[1] < len(moves) else None
        move_id = move.get("id") if isinstance(move, dict) else None
        where += f", move {move_id or '#' + str(loc[1] + 1)}"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc) or "(the whole entry)"
    return f"{where}, field {field}: {message}"


def _narration_problems(routine: Routine, file: str) -> list[str]:
    problems = []
    for step in routine.steps:
        # The one-time disclaimer comes with the first narration a person hears, which is always
        # a routine's first step; every step is measured with its longest lead-in.
        leads = (Lead.FIRST,) if step.index == 0 else (Lead.NEXT, Lead.RESUME, Lead.BACK)
        segments = max(
            (narrate_step(step, lead, step.index == 0) for lead in leads),
            key=segments_seconds,
        )
        seconds, chars = segments_seconds(segments), len(render(segments))
        where = f"{file}, move {step.move.id}" + (
            f" ({step.part.label})" if step.part.label else ""
        )
        if seconds > STEP_AUDIO_BUDGET:
            problems.append(
                f"{where}: narration takes {seconds:.0f} s, over {STEP_AUDIO_BUDGET:.0f} s"
            )
        if chars > MAX_SSML_CHARS:
            problems.append(f"{where}: narration is {chars} SSML characters, over {MAX_SSML_CHARS}")
    return problems


def load_catalog(directory: Path) -> Catalog:
    """Every routine in directory/*.yaml, in file-name order; ContentError lists all problems."""
    problems: list[str] = []
    routines: list[Routine] = []
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise ContentError([f"{directory}: no routine files (*.yaml) found"])
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path.name}: cannot be read as YAML: {exc}")
            continue
        routine, file_problems = _routine_file(path.name, text)
        problems += file_problems
        if routine is not None:
            routines.append(routine)
    problems += _clashes(routines)
    if problems:
        raise ContentError(problems)
    return Catalog(tuple(routines))


@lru_cache(maxsize=32)
def _routine_file(name: str, text: str) -> tuple[Routine | None, tuple[str, ...]]:
    """One routine file's routine (None when it cannot be built) and its problems: a pure
    function of the file, so a process that loads content again (the content tests, which load
    copies with one file changed) builds and measures only the files that changed. Routines are
    frozen, so two loads may share them."""
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506
    except yaml.YAMLError as exc:
        return None, (f"{name}: cannot be read as YAML: {exc}",)
    try:
        spec = RoutineSpec.model_validate(data)
    except ValidationError as exc:
        return None, tuple(_describe(e, data, name) for e in exc.errors())  # type: ignore[arg-type]
    locales, problems = locale_specs(spec, name)
    routine = build_routine(spec, locales)
    for version, label in ((routine, ""), (routine.quick_version, " (quick)")):
        if version is None:
            continue
        problems += _narration_problems(version, f"{name}{label}")
        for locale, worded in version.locales.items():
            problems += _narration_problems(worded, f"{name}{label} ({locale})")
    return routine, tuple(problems)


def _clashes(routines: list[Routine]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for routine in routines:
        for name in {routine.id, routine.name, *routine.synonyms}:
            key = name_key(name.replace("-", " "))
            owner = seen.setdefault(key, routine.id)
            if owner != routine.id:
                problems.append(f"routine {routine.id}: name {name!r} is already used by {owner}")
    return problems
