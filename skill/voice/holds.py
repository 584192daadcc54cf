"""A timed hold as silence plus spoken cues that add up to the hold time.

The hold is timed from the end of the "Hold" cue. Cues come at the points a person cares about
(halfway, thirty seconds to go, ten to go) and end in a spoken count; never one every ten
seconds. Each cue's speaking time is part of the hold, so silence plus cues come to its length.
What is said when the hold ends (the release) is a rep's business: reps.py.
"""

from __future__ import annotations

from skill.voice.numbers import duration, words
from skill.voice.ssml import Pause, Say, Segment, speech_seconds

COUNT_SECONDS = 1.0  # each number of the final countdown takes one second, pause included
SHORT_HOLD = 5  # holds this long or shorter are one silence
MIN_GAP = 8  # seconds: a cue this close to the one before it is left out
HALFWAY = "Halfway."
TEN_MORE = "Ten more."


def _halfway(seconds: int) -> str:
    remaining = seconds - seconds // 2
    return f"Halfway. {duration(remaining).capitalize()} to go." if seconds >= 90 else HALFWAY


def cue_points(seconds: int) -> list[tuple[int, str]]:
    """The cues said during a hold, as (seconds remaining, words), earliest first."""
    count_from = 5 if seconds >= 10 else 3
    wanted: list[tuple[int, str]] = []
    if seconds >= 30:
        wanted.append((seconds - seconds // 2, _halfway(seconds)))
    if seconds >= 60:
        wanted.append((30, "Thirty seconds to go."))
    if seconds >= 20:
        wanted.append((10, TEN_MORE))
    kept: list[tuple[int, str]] = []
    for remaining, text in wanted:
        previous = kept[-1][0] if kept else seconds
        if previous - remaining >= MIN_GAP and remaining - count_from >= MIN_GAP / 2:
            kept.append((remaining, text))
    return kept


def _countdown(length: int, rate: float) -> list[Segment]:
    out: list[Segment] = []
    for n in range(length, 0, -1):
        spoken = words(n) + ("." if n == 1 else ",")
        said = speech_seconds(spoken) / rate
        out += [Say(spoken), Pause(round((COUNT_SECONDS - said) * 1000))]
    return out


def hold_segments(seconds: int, rate: float = 1.0) -> list[Segment]:
    """Silence and cues for a hold of `seconds`, ending in a spoken count; the cues take their
    time at speaking `rate`, so the hold is `seconds` long at any pace.

    A 60 s hold: [30 s] "Halfway." [~19 s] "Ten more." [~4 s] "five, four, three, two, one."
    """
    if seconds <= 0:
        return []
    if seconds <= SHORT_HOLD:
        return [Pause(seconds * 1000)]
    count_from = 5 if seconds >= 10 else 3
    out: list[Segment] = []
    elapsed = 0.0
    for remaining, cue in cue_points(seconds):
        out.append(Pause(round((seconds - remaining - elapsed) * 1000)))
        out.append(Say(cue))
        elapsed = seconds - remaining + speech_seconds(cue) / rate
    gap = seconds - count_from - elapsed
    if gap > 0:
        out.append(Pause(round(gap * 1000)))
    return out + _countdown(count_from, rate)
