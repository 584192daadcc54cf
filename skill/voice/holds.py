"""A timed hold as silence plus spoken cues that add up to the hold time."""

from __future__ import annotations

from skill.voice.numbers import words
from skill.voice.ssml import Pause, Say, Segment, speech_seconds

COUNT_SECONDS = 1.0  # each number of the final countdown takes one second, pause included
SHORT_HOLD = 5  # holds this long or shorter are one silence


def _countdown(length: int) -> list[Segment]:
    out: list[Segment] = []
    for n in range(length, 0, -1):
        spoken = words(n) + ("." if n == 1 else ",")
        out += [Say(spoken), Pause(round((COUNT_SECONDS - speech_seconds(spoken)) * 1000))]
    return out


def _cue(remaining: int) -> str:
    return "Ten more." if remaining == 10 else f"{words(remaining).capitalize()} to go."


def hold_segments(seconds: int) -> list[Segment]:
    """Silence and cues for a hold of `seconds`: a break every ten seconds at most, a final count.

    A 30 s hold: [10 s] "twenty to go" [~9 s] "ten more" [~4 s] "five, four, three, two, one."
    The spoken cues are part of the hold, so silence plus cues come to the hold time.
    """
    if seconds <= 0:
        return []
    if seconds <= SHORT_HOLD:
        return [Pause(seconds * 1000)]
    count_from = 5 if seconds >= 10 else 3
    out: list[Segment] = []
    elapsed = 0.0
    for remaining in range(10 * ((seconds - 1) // 10), count_from, -10):
        cue = _cue(remaining)
        out.append(Pause(round((seconds - remaining - elapsed) * 1000)))
        out.append(Say(cue))
        elapsed = seconds - remaining + speech_seconds(cue)
    gap = seconds - count_from - elapsed
    if gap > 0:
        out.append(Pause(round(gap * 1000)))
    return out + _countdown(count_from)
