"""The content is spoken in each locale's words: every reply that can be given on every step of
every routine (each narration, setup, instruction, caution, purpose, easier way, closing...) says
no American unit of length in the metric locales, and en-US still says them where the content
does. Only words differ: every locale has the same steps, holds and reps.

Meaning, not wording: units are told apart by tests/support/units.py."""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect
import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from skill.domain.replies import LastTime, Reply
from skill.domain.routines import Catalog, Part, Routine, Step
from skill.voice import speech
from skill.voice.locales import DEFAULT_LOCALE, LOCALES, Wording, wording
from tests.support.alexa import plain_text
from tests.support.speech import content_catalog
from tests.support.units import METRIC_LOCALES, metric_units, us_units

REPLY_TYPES: tuple[type[Any], ...] = typing.get_args(Reply)
HINTS = {reply_type: typing.get_type_hints(reply_type) for reply_type in REPLY_TYPES}


def _candidates(hint: Any, step: Step, catalog: Catalog) -> list[Any] | None:
    """The values a reply's field is tried with on this step, or None for its default."""
    options = set(typing.get_args(hint)) if isinstance(hint, types.UnionType) else {hint}
    optional = type(None) in options
    options.discard(type(None))
    kind: Any = next(iter(options)) if len(options) == 1 else None
    easier = step.part.easier()
    values: dict[Any, list[Any]] = {
        Step: [step],
        Routine: [step.routine],
        Part: [step.part, *([easier] if easier else [])],
        LastTime: [LastTime(step.routine, 1, True)],
        bool: [False, True],
        str: [step.routine.area],  # the only bare string a reply carries is the body area
        int: [1],
    }
    found = values.get(kind)
    if typing.get_origin(hint) is tuple:
        found = [catalog.routines]
    elif isinstance(kind, type) and issubclass(kind, enum.Enum):
        found = list(kind)
    if found is not None and optional:
        found.append(None)
    return found


def _replies(reply_type: type[Any], step: Step, catalog: Catalog) -> Iterator[Any]:
    """The reply on this step with each field's every value in turn, the others at their first."""
    hints = HINTS[reply_type]
    fields = dataclasses.fields(reply_type)
    tried = {f.name: _candidates(hints[f.name], step, catalog) for f in fields}
    untried = [f.name for f in fields if tried[f.name] is None and f.default is dataclasses.MISSING]
    assert not untried, f"no values to try for {reply_type.__name__}'s {untried}"
    first = {name: values[0] for name, values in tried.items() if values}
    yield reply_type(**first)
    for name, values in tried.items():
        for value in (values or [])[1:]:
            yield reply_type(**{**first, name: value})


def _versions(catalog: Catalog) -> list[Routine]:
    quick = [r.quick_version for r in catalog.routines if r.quick_version is not None]
    return [*catalog.routines, *quick]


@cache
def every_reply() -> tuple[tuple[str, Reply | Step], ...]:
    """(where, reply) for every reply of every type on every step of every routine, and on the
    first step of each quick version (its own name, setup and opening; its other steps say the
    routine's words), in the content's own words (each locale words them as it speaks them); a
    step stands for the apology said on it. A reply equal to one already listed is said as that
    one is (speech is a function of the reply and the locale, nothing else): listed once, where
    it first comes (a routine list or a "forget me" is the same on every step)."""
    catalog = content_catalog()
    replies: dict[Reply | Step, str] = {}
    for routine in _versions(catalog):
        for step in routine.steps if not routine.is_quick else routine.steps[:1]:
            quick = " (quick)" if routine.is_quick else ""
            where = f"{routine.id}{quick} step {step.index + 1} ({step.move.id})"
            for reply_type in REPLY_TYPES:
                for reply in _replies(reply_type, step, catalog):
                    replies.setdefault(reply, f"{where}, {reply_type.__name__}")
            replies.setdefault(step, f"{where}, apology")
    return tuple((where, reply) for reply, where in replies.items())


@cache
def _heard(ssml: str, reprompt: str | None) -> str:
    """The words said (most replies say the same in several locales: read once)."""
    return plain_text(ssml) + (f" {reprompt}" if reprompt else "")


@cache
def american_said(text: str) -> tuple[str, ...]:
    return tuple(us_units(text))


@cache
def metric_said(text: str) -> tuple[str, ...]:
    return tuple(metric_units(text))


_WALKS: dict[tuple[Wording, tuple[int, ...]], tuple[tuple[str, str], ...]] = {}


def everything_said(locale: str) -> tuple[tuple[str, str], ...]:
    """(where, text) for every reply in every_reply(), said in the locale."""
    catalog = content_catalog()
    # What speech.say reads of a locale: its phrases and the version of each routine. Locales
    # alike in both (en-GB and en-AU, en-CA and en-IN) say the same: walked once.
    versions = tuple(id(routine.in_locale(locale)) for routine in _versions(catalog))
    alike = (wording(locale), versions)
    if alike not in _WALKS:
        _WALKS[alike] = _said(locale, every_reply())
    return _WALKS[alike]


def _said(
    locale: str, replies: tuple[tuple[str, Reply | Step], ...]
) -> tuple[tuple[str, str], ...]:
    said: list[tuple[str, str]] = []
    for where, reply in replies:
        if isinstance(reply, Step):  # the apology is said as the app says it, not re-worded
            said.append((where, _heard(speech.apology(reply).ssml, None)))
        else:
            speech_of = speech.say(reply, locale)
            said.append((where, _heard(speech_of.ssml, speech_of.reprompt)))
    return tuple(said)


def test_locales_alike_say_the_same() -> None:
    """The shortcut above holds: what en-AU says, said on its own (every fifth reply), is what
    en-GB says (and en-IN, en-CA); locales worded apart are walked apart."""
    sample = every_reply()[::5]
    assert _said("en-AU", sample) == everything_said("en-GB")[::5]
    assert _said("en-IN", sample) == everything_said("en-CA")[::5]
    assert everything_said("en-CA") != everything_said("en-GB")  # "physiotherapist", not "physio"
    assert len({everything_said(locale) for locale in LOCALES}) == len(_WALKS) == 3


def test_speech_reads_the_locale_only_through_in_locale_and_wording() -> None:
    """What the shortcut above assumes, read from speech.say's source: every use of its locale
    is an argument of in_locale() or wording(), the two things everything_said keys on."""
    tree = ast.parse(inspect.getsource(speech))
    (say,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "say"]
    passed = {
        id(arg)
        for call in ast.walk(say)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
        if call.func.id in {"in_locale", "wording"}
        for arg in call.args
    }
    uses = [n for n in ast.walk(say) if isinstance(n, ast.Name) and n.id == "locale"]
    assert len(uses) >= 2  # in_locale(reply, locale) and at least one wording(locale)
    assert [use.lineno for use in uses if id(use) not in passed] == []  # lines of speech.py
    # Nothing else in speech takes a locale of its own: the phrases come as a Wording.
    others = [
        f.name
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef) and f.name != "say"
        if any(a.arg == "locale" for a in f.args.args + f.args.kwonlyargs)
    ]
    assert others == []


def test_every_reply_type_is_tried() -> None:
    assert REPLY_TYPES
    kinds = {where.rsplit(", ", 1)[1] for where, _ in everything_said(DEFAULT_LOCALE)}
    assert kinds == {t.__name__ for t in REPLY_TYPES} | {"apology"}


@pytest.mark.parametrize("locale", METRIC_LOCALES)
def test_no_reply_in_a_metric_locale_says_an_american_unit(locale: str) -> None:
    heard = [(where, american_said(text)) for where, text in everything_said(locale)]
    wrong = [f"{where}: {units}" for where, units in heard if units]
    assert not wrong, "\n".join(wrong[:20])


def test_en_us_still_says_the_american_units_where_the_content_does() -> None:
    american = {where for where, text in everything_said(DEFAULT_LOCALE) if american_said(text)}
    assert american  # the content measures some things
    for locale in METRIC_LOCALES:
        metric = {where for where, text in everything_said(locale) if metric_said(text)}
        assert metric == american, locale  # each measurement said, in centimetres instead
    assert not any(metric_said(text) for _, text in everything_said(DEFAULT_LOCALE))


def test_the_metric_locales_are_every_locale_but_en_us() -> None:
    assert set(METRIC_LOCALES) == set(LOCALES) - {DEFAULT_LOCALE}


def _numbers(routine: Routine) -> list[tuple[object, ...]]:
    return [
        (s.anchor, s.part.hold, s.part.reps, s.part.span, s.part.rep_seconds, s.move.posture)
        for s in routine.steps
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_locale_changes_words_never_steps_holds_or_reps(locale: str) -> None:
    for routine in content_catalog().routines:
        worded = routine.in_locale(locale)
        assert worded.id == routine.id
        assert worded.name == routine.name
        assert _numbers(worded) == _numbers(routine), (locale, routine.id)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Lift it about six inches.", ["inches"]),
        ("Stand with your heels about a foot out from the wall.", ["about a foot"]),
        ("Put your heels a foot from the wall.", ["a foot from"]),
        ("Lift it a foot.", ["a foot."]),
        ("Stand two feet away, then an inch closer.", ["two feet", "inch"]),
        ("Raise it half a foot, 12 in or so.", ["half a foot", "12 in"]),
        ("Lie on your back, bend your knees, and plant both feet on the floor.", []),
        ("Hook the towel around the ball of that foot; feet down.", []),
        ("Press the sole of your bottom foot against it; stand on one foot.", []),
        ("With two feet on the floor, lift about fifteen centimetres.", []),
    ],
)
def test_the_unit_check_tells_units_from_the_body_part(text: str, units: list[str]) -> None:
    assert us_units(text) == units
