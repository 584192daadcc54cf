"""The English locales the skill speaks, and the few phrases worded differently between them.

Everything the coach says is the same in every English, except the phrases named here: each
locale's `Wording` is the American one with its own differences, so a difference is visible at a
glance and a locale without one simply shares the American wording. The content's own texts are
worded per locale in content/*.yaml (`locales:`); `in_locale` hands a reply's routines and steps
over in the request's locale's words."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from enum import Enum
from typing import Any, TypeVar

from skill.domain.routines import Routine, Step

DEFAULT_LOCALE = "en-US"


@dataclass(frozen=True)
class Wording:
    """The phrases whose wording follows the request's locale."""

    # Who a newcomer to stretching checks with first (said in the welcome): the professional
    # people there go to for back exercises, by the name they use for them.
    check_first_with: str
    # Who to talk to about pain that lasts (said with the warning signs).
    doctor: str = "a doctor"


US = Wording(check_first_with="your doctor or physical therapist")
# Britain and Australia: the family doctor is a GP, and a physiotherapist is a physio.
GB = replace(US, check_first_with="your GP or physio", doctor="your GP")
AU = GB
# Canada and India: physiotherapy is the profession's name there; "GP" is less usual.
CA = replace(US, check_first_with="your doctor or physiotherapist")
IN = CA

WORDING: dict[str, Wording] = {"en-US": US, "en-GB": GB, "en-CA": CA, "en-AU": AU, "en-IN": IN}
LOCALES: tuple[str, ...] = tuple(WORDING)  # every locale the skill has a model and wording for


def supported_locale(locale: str | None) -> str:
    """The locale to answer in: the request's own when the skill speaks it, else American
    English (a missing, unknown or malformed locale is not an error)."""
    return locale if locale is not None and locale in WORDING else DEFAULT_LOCALE


def wording(locale: str | None) -> Wording:
    """The phrases for a request's locale (American English when unknown)."""
    return WORDING[supported_locale(locale)]


_R = TypeVar("_R")


def in_locale(reply: _R, locale: str | None) -> _R:
    """The reply (or step) with every routine and step it carries, in its fields, in tuples of
    them and in the data it holds, in the words of the request's locale (content/*.yaml's
    `locales:`). The same object when the locale words none of it differently."""
    supported = supported_locale(locale)
    if supported == DEFAULT_LOCALE:  # the content files' own words: nothing to swap
        return reply
    worded: _R = _worded(reply, supported)
    return worded


# What cannot hold a routine or step: returned as it is, without looking inside.
_PLAIN = (str, int, float, Enum, type(None))


def _worded(value: Any, locale: str) -> Any:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Routine | Step):
        return value.in_locale(locale)
    if isinstance(value, tuple):
        items = tuple(_worded(item, locale) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    changed = {
        name: new
        for name in _field_names(type(value))
        if (new := _worded(old := getattr(value, name), locale)) is not old
    }
    return replace(value, **changed) if changed else value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's fields (none for any other type), looked up once a type."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else ()
        _FIELD_NAMES[kind] = names
    return names
