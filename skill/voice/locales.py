"""The English locales the skill speaks, and the few phrases worded differently between them.

Everything the coach says is the same in every English, except the phrases named here: each
locale's `Wording` is the American one with its own differences, so a difference is visible at a
glance and a locale without one simply shares the American wording."""

from __future__ import annotations

from dataclasses import dataclass, replace

DEFAULT_LOCALE = "en-US"


@dataclass(frozen=True)
class Wording:
    """The phrases whose wording follows the request's locale."""

    # Who a newcomer to stretching checks with first (said in the welcome): the professional
    # people there go to for back exercises, by the name they use for them.
    check_first_with: str


US = Wording(check_first_with="your doctor or physical therapist")
# Britain and Australia: the family doctor is a GP, and a physiotherapist is a physio.
GB = replace(US, check_first_with="your GP or physio")
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
