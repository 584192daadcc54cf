"""bench/targets.py's verdicts: a target is judged only on a quiet, steady machine, and then on
its unrounded figure."""

from __future__ import annotations

from typing import Any

import pytest

from bench.targets import STEADY_SPREAD, TARGETS, spread, verdicts

QUIET = {"cpu_busy": 0.01}
BUSY = {"cpu_busy": 0.5}
STEADY = spread([0.50, 0.51, 0.52, 0.50, 0.51, 0.53])


def figures(**overrides: float) -> dict[str, Any]:
    """Every target's figure just inside its bound, with overrides."""
    inside = {
        "throughput_ratio": 0.7,
        "p99_ratio": 1.5,
        "cpu_per_request_ratio": 1.5,
        "startup_to_first_answer_s": 0.99,
        "throughput_vs_peer": 1.0,
        "cpu_vs_peer": 1.0,
    }
    return inside | overrides


def test_every_target_is_met_inside_its_bound_on_a_quiet_steady_machine() -> None:
    out = verdicts(figures(), QUIET, QUIET, STEADY)
    assert set(out) == {t.figure for t in TARGETS}
    assert all(v.startswith("met: ") for v in out.values()), out


def test_a_figure_just_past_its_bound_is_not_met_and_shown_unrounded() -> None:
    out = verdicts(figures(cpu_per_request_ratio=1.50004), QUIET, QUIET, STEADY)
    assert out["cpu_per_request_ratio"].startswith("not met: 1.5000 ")
    assert out["p99_ratio"].startswith("met: ")


@pytest.mark.parametrize(("before", "after"), [(BUSY, QUIET), (QUIET, BUSY)])
def test_a_busy_machine_judges_nothing(before: dict[str, float], after: dict[str, float]) -> None:
    out = verdicts(figures(), before, after, STEADY)
    assert all(v.startswith("busy ") for v in out.values()), out


def test_a_machine_whose_speed_moved_judges_nothing_either_way() -> None:
    moved = spread([0.54, 0.55, 0.56, 0.66, 0.72, 0.74])  # the middle four: 0.72 / 0.55
    inside = verdicts(figures(), QUIET, QUIET, moved)
    outside = verdicts(figures(cpu_per_request_ratio=1.7), QUIET, QUIET, moved)
    for out in (inside, outside):
        assert all(v.startswith("unsteady (") for v in out.values()), out
        assert "moved 31%" in out["cpu_per_request_ratio"]
    # What the figure would have been judged stays in sight: never a "not met" hidden.
    assert "as measured, met)" in inside["cpu_per_request_ratio"]
    assert outside["cpu_per_request_ratio"].endswith(
        "as measured, not met): 1.7000 (target <= 1.5 x the bare endpoint)"
    )


def test_a_busy_machine_that_was_also_unsteady_reads_busy() -> None:
    moved = spread([0.54, 0.55, 0.56, 0.66, 0.72, 0.74])
    out = verdicts(figures(p99_ratio=1.6), BUSY, QUIET, moved)
    assert all(v.startswith("busy (") for v in out.values()), out
    assert "as measured, not met)" in out["p99_ratio"]


def test_one_slow_run_alone_does_not_make_the_machine_unsteady() -> None:
    one_slow = [0.50, 0.51, 0.50, 0.52, 0.51, 0.70]  # a warm-up, or a passing moment
    assert spread(one_slow) == pytest.approx(0.52 / 0.50 - 1)
    out = verdicts(figures(), QUIET, QUIET, spread(one_slow))
    assert all(v.startswith("met: ") for v in out.values()), out


def test_the_spread_bound_is_where_the_verdict_turns() -> None:
    at_bound = [0.5, 0.5, 0.5, 0.5 * (1 + STEADY_SPREAD) * 0.999, 0.9, 0.1]
    past_bound = [0.5, 0.5, 0.5, 0.5 * (1 + STEADY_SPREAD) * 1.001, 0.9, 0.1]
    assert verdicts(figures(), QUIET, QUIET, spread(at_bound))["p99_ratio"].startswith("met: ")
    past = verdicts(figures(), QUIET, QUIET, spread(past_bound))
    assert past["p99_ratio"].startswith("unsteady")


def test_the_spread_of_three_runs_keeps_them_all_and_of_four_drops_the_ends() -> None:
    assert spread([0.5, 0.9, 0.6]) == pytest.approx(0.8)
    assert spread([0.5, 0.9, 0.6, 0.55]) == pytest.approx(0.6 / 0.55 - 1)
    assert spread([0.5, 0.6]) == pytest.approx(0.2)
    assert spread([0.5]) == 0.0
    assert spread([]) == 0.0


def test_a_run_that_measured_no_cpu_is_unsteady_not_steady() -> None:
    assert spread([0.0, 0.0, 0.5, 0.5, 0.5, 0.5]) == float("inf")
    out = verdicts(figures(), QUIET, QUIET, spread([0.0, 0.0, 0.5, 0.5, 0.5, 0.5]))
    assert all(v.startswith("unsteady (") for v in out.values()), out
