"""A routine file's `locales:` block: texts worded differently in some locales, checked against
the rest of the file and merged into a routine spec per locale.

An override rewords a text the file already has ("about six inches" as "about fifteen
centimetres"); it cannot add one, reach a move or variant the file does not have, change a
number, a name or a side, or speak for a locale the skill does not speak. Every problem names
the file, the locale key, the move and the field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from skill.catalog.schema import MoveWords, RoutineSpec, RoutineWords, VariantWords
from skill.voice.locales import DEFAULT_LOCALE, LOCALES

SIDE = "{side}"


def locale_specs(spec: RoutineSpec, file: str) -> tuple[dict[str, RoutineSpec], list[str]]:
    """The routine spec as each locale with overrides words it, and every problem found."""
    problems: list[str] = []
    specs: dict[str, RoutineSpec] = {}
    claimed: dict[str, str] = {}
    for key, words in spec.locales.items():
        where = f"{file}, locales {key!r}"
        found = [f"{file}, {p}" for p in _key_problems(key, claimed)]
        found += _words_problems(words, spec, where)
        problems += found
        if found:
            continue
        try:
            merged = _merged(spec, words)
        except ValidationError as exc:
            problems += [f"{where}{_loc(e['loc'], spec)}: {e['msg']}" for e in exc.errors()]
            continue
        for locale in _locales_of(key):
            specs[locale] = merged
    return specs, problems


def _locales_of(key: str) -> list[str]:
    return [part.strip() for part in key.split(",")]


def _key_problems(key: str, claimed: dict[str, str]) -> list[str]:
    problems = []
    for locale in _locales_of(key):
        if locale == DEFAULT_LOCALE:
            problems.append(f"locales {key!r}: {locale} speaks the file's own texts; no overrides")
        elif locale not in LOCALES:
            spoken = ", ".join(LOCALES)
            problems.append(
                f"locales {key!r}: unknown locale {locale!r} (the skill speaks {spoken})"
            )
        elif locale in claimed:
            problems.append(
                f"locales {key!r}: {locale} already has overrides in {claimed[locale]!r}"
            )
        else:
            claimed[locale] = key
    return problems


def _words_problems(words: RoutineWords, spec: RoutineSpec, where: str) -> list[str]:
    """Overrides that reach nothing, add a text, lose a {side}, or say what the file says."""
    problems = _field_problems(words, spec, where, exclude={"moves"})
    moves = {m.id: m for m in spec.moves}
    for move_id, move_words in words.moves.items():
        move = moves.get(move_id)
        at = f"{where}, move {move_id}"
        if move is None:
            problems.append(f"{at}: no move {move_id!r} in this file ({', '.join(moves)})")
            continue
        problems += _field_problems(move_words, move, at, exclude={"variants"})
        variants = {v.label: v for v in move.variants}
        for label, variant_words in move_words.variants.items():
            variant = variants.get(label)
            if variant is None:
                have = ", ".join(variants) or "none"
                problems.append(f"{at}: no variant {label!r} in this move (variants: {have})")
                continue
            problems += _field_problems(variant_words, variant, f"{at} ({label})", set())
    return problems


def _field_problems(words: BaseModel, base: BaseModel, where: str, exclude: set[str]) -> list[str]:
    problems = []
    for name in sorted(words.model_fields_set - exclude):
        new, old = getattr(words, name), getattr(base, name)
        at = f"{where}, field {name}"
        if new is None:
            problems.append(f"{at}: an override needs its text")
        elif not old:
            problems.append(f"{at}: the file has no {name} here to reword")
        elif new == old:
            problems.append(f"{at}: says the same as the file's own text; leave it out")
        elif _has_side(new) != _has_side(old):
            needs = "must keep" if _has_side(old) else "cannot add"
            problems.append(f"{at}: {needs} {SIDE}, as the file's own text does")
    return problems


def _has_side(text: str | list[str]) -> bool:
    return any(SIDE in t for t in ([text] if isinstance(text, str) else text))


def _merged(spec: RoutineSpec, words: RoutineWords) -> RoutineSpec:
    """The spec with the overrides in place, validated again as a whole (so an alternating
    move's cue still says {side}, and so on)."""
    data = spec.model_dump(exclude={"locales"})
    data.update(_set(words, exclude={"moves"}))
    for move in data["moves"]:
        move_words: MoveWords | None = words.moves.get(move["id"])
        if move_words is None:
            continue
        move.update(_set(move_words, exclude={"variants"}))
        for variant in move["variants"]:
            variant_words: VariantWords | None = move_words.variants.get(variant["label"])
            if variant_words is not None:
                variant.update(_set(variant_words, exclude=set()))
    return RoutineSpec.model_validate(data)


def _set(words: BaseModel, exclude: set[str]) -> dict[str, Any]:
    return {name: getattr(words, name) for name in words.model_fields_set - exclude}


def _loc(loc: tuple[int | str, ...], spec: RoutineSpec) -> str:
    """ ", move one-leg-raise, field cue" for a merged spec's error location."""
    where = ""
    if len(loc) >= 2 and loc[0] == "moves" and isinstance(loc[1], int):
        where, loc = f", move {spec.moves[loc[1]].id}", loc[2:]
    return f"{where}, field {'.'.join(str(p) for p in loc) or '(the whole entry)'}"
