"""A routine file's `locales:` overrides are checked against the file: an override that reaches
nothing, adds a text, speaks for an unknown locale or breaks a text's rules is refused, naming
the file, the locale key, the move and the field."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from skill.catalog import load_catalog
from skill.voice.locales import DEFAULT_LOCALE, LOCALES
from tests.support.content_files import edit_text, load_problems
from tests.support.speech import content_catalog

FILE = "2-gentle-back-core.yaml"  # has overrides for the metric locales
KEY = "en-GB, en-CA, en-AU, en-IN"
MOVE = "wall-squat"  # overridden in FILE: its setup says how far from the wall


def _override(content: Path, lines: str) -> None:
    """Add lines (YAML under the move's override, indented eight spaces) to FILE's override."""
    edit_text(content / FILE, f"      {MOVE}:\n", f"      {MOVE}:\n{lines}")


def test_every_locale_but_the_default_hears_its_own_overrides() -> None:
    routine = next(r for r in content_catalog().routines if r.locales)
    assert set(routine.locales) == set(LOCALES) - {DEFAULT_LOCALE}
    for worded in routine.locales.values():
        assert worded != routine  # some text differs
        assert worded.in_locale(DEFAULT_LOCALE) is worded  # a locale's version has no others
    assert routine.in_locale(DEFAULT_LOCALE) is routine


def test_loads_of_the_same_file_share_a_routine_whose_locales_cannot_be_changed(
    content: Path,
) -> None:
    """The loader builds a routine file once; so no load may change what another was given."""
    mine = next(r for r in load_catalog(content).routines if r.locales)
    theirs = next(r for r in content_catalog().routines if r.id == mine.id)
    assert mine is theirs
    worded = dict(mine.locales)
    with pytest.raises(TypeError):
        mine.locales["en-GB"] = mine  # type: ignore[index]
    given = {"en-GB": mine}
    built = replace(mine, locales=given)
    given["en-CA"] = mine  # the dict it was built from is its own
    assert set(built.locales) == {"en-GB"}
    assert dict(theirs.locales) == worded


def test_an_override_of_an_unknown_field_is_refused(content: Path) -> None:
    _override(content, "        sertup: Stand with your back to the wall.\n")
    (problem,) = load_problems(content)
    assert problem.startswith(f"{FILE}, locales {KEY!r}, move {MOVE}, field sertup:"), problem
    assert "not a text that can be worded per locale" in problem


def test_an_override_of_a_field_that_cannot_differ_is_refused(content: Path) -> None:
    _override(content, "        name: wall sit\n")  # names are the same everywhere
    (problem,) = load_problems(content)
    assert f"move {MOVE}, field name" in problem


def test_an_override_of_an_unknown_move_is_refused(content: Path) -> None:
    edit_text(content / FILE, f"      {MOVE}:\n", "      wall-squats:\n")
    (problem,) = load_problems(content)
    assert f"{FILE}, locales {KEY!r}, move wall-squats" in problem
    assert "no move 'wall-squats'" in problem


def test_an_override_of_an_unknown_variant_is_refused(content: Path) -> None:
    _override(content, "        variants:\n          deeper:\n            cue: Sink lower.\n")
    (problem,) = load_problems(content)
    assert f"move {MOVE}" in problem
    assert "no variant 'deeper'" in problem


@pytest.mark.parametrize("locale", ["en-NZ", "fr-FR", "en_GB"])
def test_an_override_for_an_unknown_locale_is_refused(content: Path, locale: str) -> None:
    edit_text(content / FILE, f"  {KEY}:\n", f"  {KEY}, {locale}:\n")
    (problem,) = load_problems(content)
    assert f"unknown locale {locale!r}" in problem
    assert FILE in problem


def test_an_override_for_the_default_locale_is_refused(content: Path) -> None:
    edit_text(content / FILE, f"  {KEY}:\n", f"  {KEY}, {DEFAULT_LOCALE}:\n")
    (problem,) = load_problems(content)
    assert f"{DEFAULT_LOCALE} speaks the file's own texts" in problem


def test_a_locale_given_overrides_twice_is_refused(content: Path) -> None:
    twice = "  en-GB:\n    closing: Mind your back.\n" + f"  {KEY}:\n"
    edit_text(content / FILE, f"  {KEY}:\n", twice)
    (problem,) = load_problems(content)
    assert "en-GB already has overrides" in problem


def test_an_override_that_adds_a_text_the_file_does_not_have_is_refused(content: Path) -> None:
    _override(content, "        cautions: [Keep your heels down.]\n")  # the move has none
    (problem,) = load_problems(content)
    assert f"move {MOVE}, field cautions" in problem
    assert "no cautions here to reword" in problem


def test_an_override_that_says_what_the_file_says_is_refused(content: Path) -> None:
    _override(content, '        cue: "Sink down a little."\n')
    (problem,) = load_problems(content)
    assert f"move {MOVE}, field cue" in problem
    assert "says the same" in problem


def test_an_override_that_drops_the_side_is_refused(content: Path) -> None:
    edit_text(
        content / FILE,
        "          - Stretch your {side} leg out",
        "          - Stretch your leg out",
    )
    (problem,) = load_problems(content)
    assert "move one-leg-raise, field instructions" in problem
    assert "{side}" in problem


def test_an_override_keeps_the_rules_of_the_text_it_rewords(content: Path) -> None:
    _override(content, "        short_cue: Sink down a little now.\n")  # three words at most
    (problem,) = load_problems(content)
    assert problem.startswith(f"{FILE}, locales {KEY!r}, move {MOVE}, field short_cue:"), problem
