"""The voice report: every step of every routine measured as a person would hear it.

Per step: its estimated seconds, the sentence of four or more words said most often, and flags
for anything outside the voice targets. `make report` (`python -m tools.voice_report`) prints it."""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass

from skill.domain.replies import ChoiceReason, ChooseRoutine, Lead, PainAdvice, WarningSigns
from skill.domain.routines import Catalog, Routine, Step
from skill.voice import speech
from skill.voice.locales import LOCALES
from skill.voice.narration import (
    narrate_step,
    opening,
    routine_minutes,
    routine_seconds,
    step_label,
)
from skill.voice.ssml import Say, Segment, segments_seconds, ssml_seconds

LONGEST_STEP = 120.0  # seconds: a step is about 45 to 120 s to say
SHORTEST_STEP = 45.0
LONGEST_OPENING = 35.0  # first-time note, intro and first setup, before the first rep
MOST_REPEATS = 3  # no sentence of four or more words said more often in one reply
LONGEST_WELCOME = 15.0  # seconds: the first-time welcome
LONGEST_PAIN = 15.0  # seconds: the reply to "it hurts", the stretch stopped in its first words
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(segments: list[Segment]) -> list[str]:
    """The sentences spoken, in order."""
    return [
        sentence.strip()
        for segment in segments
        if isinstance(segment, Say)
        for sentence in _SENTENCE_END.split(segment.text)
        if sentence.strip()
    ]


def most_repeated(segments: list[Segment]) -> tuple[str, int]:
    """The sentence of four or more words said most often, and how often ('', 0 if none)."""
    counts = Counter(s for s in sentences(segments) if len(s.split()) >= 4)
    return counts.most_common(1)[0] if counts else ("", 0)


@dataclass(frozen=True)
class StepReport:
    """One step as heard."""

    step: Step
    seconds: float
    repeated: str
    repeats: int
    flags: tuple[str, ...]


def _whole_set_is_short(step: Step) -> bool:
    """Whether the move itself is shorter than a step: its whole set, narrated at once."""
    return step.part.span is None


def report_step(step: Step) -> StepReport:
    """Measure one step as "next" reaches it; a routine's first step is also measured with the
    opening a first-time person hears before it, which has its own budget."""
    first = step.index == 0
    segments = narrate_step(step, Lead.NEXT)
    seconds = segments_seconds(segments)
    heard = narrate_step(step, Lead.FIRST, disclaimer=True) if first else segments
    repeated, repeats = most_repeated(heard)
    flags = []
    if seconds > LONGEST_STEP:
        flags.append("long")
    if seconds < SHORTEST_STEP and not _whole_set_is_short(step):
        flags.append("short")
    if repeats > MOST_REPEATS:
        flags.append("repeats")
    if first and opening_seconds(step) > LONGEST_OPENING:
        flags.append("opening")
    return StepReport(step, seconds, repeated, repeats, tuple(flags))


def opening_seconds(step: Step) -> float:
    """Seconds before the first rep when a first-time person starts the routine here."""
    return segments_seconds(opening(step, Lead.FIRST, disclaimer=True))


def report_routine(routine: Routine) -> list[StepReport]:
    """Every step of a routine, measured."""
    return [report_step(step) for step in routine.steps]


def versions(catalog: Catalog) -> list[Routine]:
    """Every routine as it can be narrated: each one, then its quick version."""
    return [v for r in catalog.routines for v in (r, r.quick_version) if v is not None]


def flagged_steps(catalog: Catalog) -> list[StepReport]:
    """Every step outside the voice targets, in every routine and quick version."""
    return [row for r in versions(catalog) for row in report_routine(r) if row.flags]


ReplyLength = tuple[str, float, float | None]  # name, seconds, target (or None)


def reply_lengths(catalog: Catalog) -> list[ReplyLength]:
    """The replies with a length target, at their longest: name, seconds, target (or None)."""
    welcome = ChooseRoutine(ChoiceReason.WELCOME, catalog.routines)
    welcome_s = max(ssml_seconds(speech.say(welcome, locale).ssml) for locale in LOCALES)
    pains = [PainAdvice(step, catalog.routines[0]) for r in catalog.routines for step in r.steps]
    pain_s = max(ssml_seconds(speech.say(reply).ssml) for reply in pains)
    outside = ssml_seconds(speech.say(PainAdvice(None, catalog.routines[0])).ssml)
    areas = sorted({r.area for r in catalog.routines})
    signs_s = max(ssml_seconds(speech.say(WarningSigns(area, None)).ssml) for area in areas)
    return [
        ("first-time welcome, longest locale", welcome_s, LONGEST_WELCOME),
        ("pain, in a routine, longest", pain_s, LONGEST_PAIN),
        ("pain, no routine under way", outside, LONGEST_PAIN),
        ("warning signs in full, longest area", signs_s, None),
    ]


def _over(seconds: float, target: float | None) -> bool:
    return target is not None and seconds >= target


def replies_too_long(lengths: list[ReplyLength]) -> list[str]:
    """The replies over their length target."""
    return [name for name, seconds, target in lengths if _over(seconds, target)]


def format_report(catalog: Catalog, lengths: list[ReplyLength]) -> str:
    """The report as text: a table per routine, the replies with a length target (lengths, from
    reply_lengths), then a count of flags."""
    lines: list[str] = []
    flagged = 0
    width = max(len(step_label(s)) for r in versions(catalog) for s in r.steps)
    for routine in versions(catalog):
        rows = report_routine(routine)
        opening_s = opening_seconds(routine.steps[0])
        name = f"{routine.id} (quick)" if routine.is_quick else routine.id
        lines.append(
            f"{name}: {len(routine.moves)} moves, {len(rows)} steps, "
            f"about {routine_minutes(routine)} min ({routine_seconds(routine):.0f} s); "
            f"opening {opening_s:.0f} s"
        )
        for row in rows:
            flagged += bool(row.flags)
            repeated = f"{row.repeats}x {row.repeated!r}" if row.repeats > 1 else "-"
            lines.append(
                f"  {row.step.index + 1:>2} {step_label(row.step):<{width}} {row.seconds:>5.0f} s  "
                f"{repeated:<50} {' '.join(row.flags)}"
            )
    lines.append("replies:")
    for name, seconds, target in lengths:
        over = " TOO-LONG" if _over(seconds, target) else ""
        limit = f"(under {target:.0f} s)" if target is not None else ""
        lines.append(f"  {name:<{width}} {seconds:>5.1f} s  {limit}{over}")
    long_replies = len(replies_too_long(lengths))
    if long_replies:
        lines.append(f"{long_replies} repl{'ies' if long_replies != 1 else 'y'} too long")
    lines.append(f"{flagged} flagged step{'s' if flagged != 1 else ''}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the report for CONTENT_DIR's routines; 1 when a step is flagged, a reply is over its
    target, or the content does not load."""
    from skill.catalog import ContentError, load_catalog
    from skill.config import ConfigError, Settings

    try:
        catalog = load_catalog(Settings.from_env(serving=False).content_dir)
    except (ConfigError, ContentError) as exc:
        print(f"refusing to report: {exc}", file=sys.stderr)
        return 1
    lengths = reply_lengths(catalog)
    print(format_report(catalog, lengths))
    return 1 if flagged_steps(catalog) or replies_too_long(lengths) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
