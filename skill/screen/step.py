"""What a screen shows for a step: the data an APL document (documents/step.json) is filled with.

Pure: a step and how it is being narrated in, plain JSON-ready data out. The countdown's times
come from skill.voice.timeline, worked out from the very segments the voice says, so the screen
counts along with the speech as well as the speech's length can be estimated (see that module).
Screen wording is short display text, kept here; every spoken word stays in skill.voice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from skill.domain.delivery import Holds, Pace, delivered
from skill.domain.replies import Lead
from skill.domain.routines import Part, Routine, Step
from skill.voice.narration import next_label, routine_minutes
from skill.voice.timeline import Beat, beats

STEP_DOCUMENT = "step.json"
STEP_TOKEN = "step"  # noqa: S105 - the RenderDocument token (not a secret); UserEvents carry it
MAX_SETUP_CHARS = 120  # the setup in one line (two on small screens); longer is cut at a word


@dataclass(frozen=True)
class Narration:
    """How a step is being narrated: its lead, the note and easier flags, and how many seconds of
    other speech come before the narration (an apology said first, say)."""

    lead: Lead
    disclaimer: bool = False
    easier: bool = False
    said_first: float = 0.0
    pace: Pace = Pace.NORMAL
    holds: Holds = Holds.NORMAL


def renders(runtime: str | None, version: str) -> bool:
    """Whether a device whose APL runtime goes up to `runtime` ("1.6", "2024.2") renders a
    document of `version`. A runtime that does not say, or says something unreadable, is taken
    to be too old: the person still hears everything."""
    try:
        most = tuple(int(n) for n in (runtime or "").split("."))
        needed = tuple(int(n) for n in version.split("."))
    except ValueError:
        return False
    return most >= needed


@cache
def document(name: str = STEP_DOCUMENT) -> dict[str, Any]:
    """An APL document from skill/screen/documents, parsed (once; treat it as read-only)."""
    text = resources.files("skill.screen").joinpath("documents", name).read_text("utf-8")
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def step_datasources(step: Step, narration: Narration | None) -> dict[str, Any]:
    """The step document's data for a step; with a narration, a countdown timed to it, else a
    steady screen (the speech is about something else, or was cut short)."""
    part = delivered(step.part, narration.easier, narration.holds) if narration else step.part
    timeline: list[dict[str, Any]] = []
    if narration is not None:
        offset = narration.said_first
        on_clock = beats(
            step,
            narration.lead,
            narration.disclaimer,
            narration.easier,
            narration.pace,
            narration.holds,
        )
        timeline = [_tick(beat, part, offset) for beat in on_clock]
    return {
        "step": {
            "routine": _sentence(step.routine.name),
            "place": f"Move {step.move_index + 1} of {len(step.routine.moves)}",
            "length": lengths(step.routine),
            "move": _sentence(step.move.name),
            "side": _sentence(part.label or ""),
            "setup": _one_line(step.move.setup),
            "reps": reps_summary(part),
            "hint": f"Next: {next_label(step)}",
            "startsAt": timeline[0]["from"] if timeline else 0,
            "endsAt": timeline[-1]["until"] if timeline else 0,
            "timeline": timeline,
        }
    }


def lengths(routine: Routine) -> str:
    """How long it takes: '15 min · quick 9 min' (both lengths), or 'Quick 9 min' on the quick
    version itself."""
    if routine.is_quick:
        return f"Quick {routine_minutes(routine)} min"
    quick = routine.quick_version
    both = f" · quick {routine_minutes(quick)} min" if quick is not None else ""
    return f"{routine_minutes(routine)} min{both}"


def reps_summary(part: Part) -> str:
    """'10 holds', '8 reps each side', 'Holds 1 to 5 of 10': how many, at a glance."""
    noun = "hold" if part.hold.value > 0 else "rep"
    total = part.reps.value
    if part.span is not None:
        first, last = part.span
        if first == last:
            return f"{noun.capitalize()} {first} of {total}"
        return f"{noun.capitalize()}s {first} to {last} of {total}"
    plural = noun if total == 1 else noun + "s"
    each = f" each {'side' if part.per == 'side' else 'way'}" if part.alternate else ""
    return f"{total} {plural}{each}"


def _tick(beat: Beat, part: Part, offset: float) -> dict[str, Any]:
    """One rep on the screen's clock, in whole milliseconds from the start of the speech."""
    noun = "Hold" if beat.held else "Rep"
    label = f"{noun} {beat.number} of {part.reps.value}"
    if beat.side:
        label += f" · {beat.side}"
    return {
        "label": label,
        "from": round((offset + beat.starts) * 1000),
        "hold": round((offset + beat.timed_from) * 1000),
        "until": round((offset + beat.ends) * 1000),
    }


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= MAX_SETUP_CHARS:
        return flat
    return flat[:MAX_SETUP_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
