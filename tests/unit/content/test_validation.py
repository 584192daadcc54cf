"""Invalid content is refused with reasons naming file, move and field, by check and at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.__main__ import main
from skill.catalog import ContentError, load_catalog
from skill.domain.routines import Basis
from skill.web import create_app
from tests.support.content_files import edit_text, load_problems
from tests.support.settings import ROOT, make_settings
from tests.support.speech import content_catalog


def test_the_real_content_loads() -> None:
    assert len(load_catalog(ROOT / "content").routines) == 6


def test_a_bad_field_is_reported_with_its_file_move_and_field(content: Path) -> None:
    edit_text(content / "5-back-core.yaml", "hold: {seconds: 15}", "hold: {seconds: fifteen}")
    (problem,) = load_problems(content)
    assert problem.startswith("5-back-core.yaml, move wall-sit, field hold.seconds:")


def test_a_number_outside_its_range_is_reported(content: Path) -> None:
    edit_text(
        content / "4-upper-back.yaml",
        "reps: {count: 8, range: [5, 10]}",
        "reps: {count: 12, range: [5, 10]}",
    )
    (problem,) = load_problems(content)
    assert "4-upper-back.yaml, move shoulder-blade-squeeze, field reps" in problem
    assert "outside its range" in problem


def test_an_unknown_basis_and_an_unknown_field_are_reported(content: Path) -> None:
    edit_text(content / "6-neck-shoulders.yaml", "basis: general_rule}", "basis: a hunch}")
    edit_text(content / "6-neck-shoulders.yaml", "    name: shoulder rolls\n", "    nmae: x\n")
    problems = load_problems(content)
    assert any("move chin-to-chest, field hold.basis" in p for p in problems), problems
    assert any("move shoulder-rolls, field nmae" in p for p in problems), problems
    assert any("move shoulder-rolls, field name" in p for p in problems), problems


def test_taking_turns_needs_sides_not_alternate(content: Path) -> None:
    edit_text(
        content / "4-upper-back.yaml",
        "alternate: [right arm and left leg, left arm and right leg]",
        "alternate: [right arm and left leg, left arm and right leg]\n    take_turns: true",
    )
    (problem,) = load_problems(content)
    assert "move opposite-arm-and-leg-raise" in problem
    assert "take_turns needs sides" in problem


def test_a_step_too_long_to_narrate_is_refused(content: Path) -> None:
    # One rep of a two-minute hold under five long instructions: no sharing can make it fit.
    long = "      - " + "Breathe slowly and let your back settle into the wall as you go. " * 9
    edit_text(
        content / "5-back-core.yaml",
        "hold: {seconds: 15}",
        "hold: {seconds: 120}",
    )
    edit_text(
        content / "5-back-core.yaml",
        "    instructions:\n      - Let your back glide",
        "    instructions:\n" + (long.rstrip() + "\n") * 5 + "      - Let your back glide",
    )
    problems = load_problems(content)
    assert problems
    assert all(p.startswith("5-back-core.yaml, move wall-sit: narration takes") for p in problems)


def test_a_synonym_used_by_two_routines_is_refused(content: Path) -> None:
    edit_text(content / "5-back-core.yaml", "  - abs\n", "  - my neck\n")
    problems = load_problems(content)
    assert problems
    for problem in problems:
        assert problem.startswith("routine neck-shoulders: name")
        assert problem.endswith("is already used by back-core")


def test_numbers_from_the_general_rule_follow_it() -> None:
    """Hold about thirty seconds; repeat five to ten times (source 003's general rules)."""
    parts = [p for r in content_catalog().routines for m in r.moves for p in m.parts]
    general_holds = [p.hold for p in parts if p.hold.basis is Basis.GENERAL_RULE]
    general_reps = [p.reps for p in parts if p.reps.basis is Basis.GENERAL_RULE]
    assert general_holds
    assert general_reps
    assert {h.value for h in general_holds} == {30}
    assert {(r.low, r.high) for r in general_reps} == {(5, 10)}


def test_make_check_reports_every_routine_or_theload_problems(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CONTENT_DIR", str(content))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert main(["check"]) == 0
    assert capsys.readouterr().out.count("ok  ") == 6
    bridge = "name: bridge\n    purpose:"
    edit_text(content / "1-lower-back.yaml", bridge, bridge.replace("purpose", "porpoise"))
    assert main(["check"]) == 1
    assert "1-lower-back.yaml, move bridge, field" in capsys.readouterr().err


def test_the_app_refuses_to_start_on_invalid_content_and_says_why(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    edit_text(content / "3-spine-mobility.yaml", "rep_seconds: 6", "rep_seconds: 600")
    with pytest.raises(ContentError, match="move knee-to-elbow-reach, field rep_seconds"):
        create_app(make_settings(content_dir=content, data_dir=tmp_path))
    monkeypatch.setenv("CONTENT_DIR", str(content))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ALEXA_SKILL_ID_WAIVED", "true")  # else the missing skill id stops it first
    assert main(["serve"]) == 1
    assert "refusing to start" in capsys.readouterr().err
