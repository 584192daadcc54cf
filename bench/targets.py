"""The machine a benchmark ran on, and whether its targets were met (or cannot be judged).

A shared machine's throughput moves with whatever else runs on it, so a target is only judged
when the machine was quiet just before the runs and just after them, with the benchmark's own
servers idle: under a quarter of its CPU busy over two seconds (from /proc/stat). The load
average is printed too, but it cannot judge this: the benchmark's own load raises it for
minutes. Otherwise the verdict is "busy", never "met". On a virtual machine the hypervisor may
also take CPU from it during the runs themselves ("steal"): each run's share is printed beside
its figures, since the CPU a request costs rises with it.

Neither sees another guest on the same host using the caches and memory the runs share, which
can slow the machine without taking its CPU: the bare endpoint, the same few lines in every run,
is the probe for that. When its CPU per request, leaving out its cheapest and dearest run,
differs by more than a sixth between the remaining runs, the machine's speed most likely moved
during the runs, and the verdict is "unsteady": not judged, with what the figure would have
been judged beside it. The probe can miss it too: a slowdown that came and went within the
skill's runs alone leaves the bare endpoint's steady."""

from __future__ import annotations

import math
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

QUIET_BUSY = 0.25  # of all the machine's CPU, with the benchmark idle
STEADY_SPREAD = 1 / 6  # the bare endpoint's middle runs, dearest over cheapest, less one


def _cpu_times() -> list[int]:
    """The machine's CPU ticks so far, from /proc/stat: user, nice, system, idle, iowait, irq,
    softirq and steal (the guest times after them are already counted in user and nice)."""
    with open("/proc/stat", encoding="ascii") as stat:
        return [int(x) for x in stat.readline().split()[1:9]]


def cpu_ticks() -> tuple[int, int]:
    """The machine's CPU ticks so far: all of them, and those the hypervisor gave to another
    guest while this one had work ("steal"; 0 on bare metal)."""
    fields = _cpu_times()
    return sum(fields), fields[7] if len(fields) > 7 else 0


def steal_share(before: tuple[int, int], after: tuple[int, int]) -> float:
    """The share of the machine's CPU time stolen between two cpu_ticks() readings."""
    spent = after[0] - before[0]
    return 0.0 if spent <= 0 else round((after[1] - before[1]) / spent, 3)


def cpu_busy(seconds: float = 2.0) -> float:
    """The share of the machine's CPU that was busy over the next `seconds` (0 to 1)."""

    def sample() -> tuple[int, int]:
        fields = _cpu_times()
        return sum(fields), fields[3] + fields[4]  # all, and idle with iowait

    total_0, idle_0 = sample()
    time.sleep(seconds)
    total_1, idle_1 = sample()
    spent = total_1 - total_0
    return 0.0 if spent <= 0 else round(1 - (idle_1 - idle_0) / spent, 3)


def machine() -> dict[str, Any]:
    """The CPU model, the cores, the load average, how busy the CPU is now, and the Python
    interpreter the servers run on (its build moves the figures: a build optimized with profile
    guidance, as Debian's and the image's are, runs the skill's turn faster than a plain one)."""
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                model,
            )
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count() or 1,
        "load_average": round(os.getloadavg()[0], 2),
        "cpu_busy": cpu_busy(),
        "python": f"{platform.python_version()} ({os.path.realpath(sys.executable)})",
    }


@dataclass(frozen=True)
class Target:
    """One target: its figure's name, what it says, and the test on the figure."""

    figure: str
    says: str
    met: Callable[[float], bool]


TARGETS = (
    Target("throughput_ratio", ">= 0.7 x the bare endpoint", lambda v: v >= 0.7),
    Target("p99_ratio", "<= 1.5 x the bare endpoint", lambda v: v <= 1.5),
    Target("cpu_per_request_ratio", "<= 1.5 x the bare endpoint", lambda v: v <= 1.5),
    Target("startup_to_first_answer_s", "< 1 s", lambda v: v < 1.0),
    Target("throughput_vs_peer", ">= 1 x the ask-sdk peer", lambda v: v >= 1.0),
    Target("cpu_vs_peer", "<= 1 x the ask-sdk peer", lambda v: v <= 1.0),
)


def spread(values: list[float]) -> float:
    """How far apart values are, with the lowest and the highest left out when there are more
    than three (one run slowed by a passing moment moves no median either): the dearest over
    the cheapest, less one. 0 for no values; infinite when the cheapest is not above 0, which
    no real run measures."""
    if not values:
        return 0.0
    middle = sorted(values)[1:-1] if len(values) > 3 else sorted(values)
    return middle[-1] / middle[0] - 1 if middle[0] > 0 else math.inf


def verdicts(
    figures: dict[str, Any], before: dict[str, Any], after: dict[str, Any], moved: float
) -> dict[str, str]:
    """Each target: 'met', 'not met', 'busy' when the machine was not quiet, or else 'unsteady'
    when the bare endpoint's CPU per request moved between its runs (moved: the spread of its
    runs' figures, unrounded); busy and unsteady say what the figure would be judged."""
    calm = before["cpu_busy"] < QUIET_BUSY and after["cpu_busy"] < QUIET_BUSY
    out = {}
    for target in TARGETS:
        value = figures[target.figure]
        judged = "met" if target.met(value) else "not met"
        if not calm:
            verdict = (
                f"busy (CPU {before['cpu_busy']:.0%} before, {after['cpu_busy']:.0%} after;"
                f" as measured, {judged})"
            )
        elif moved > STEADY_SPREAD:
            verdict = (
                f"unsteady (the bare endpoint's CPU per request moved {moved:.0%};"
                f" as measured, {judged})"
            )
        else:
            verdict = judged
        # Four decimals: a figure just past its bound never reads as the bound itself.
        out[target.figure] = f"{verdict}: {value:.4f} (target {target.says})"
    return out
