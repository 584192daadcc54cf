"""Timed holds: silence plus cues add up to the hold, no break is over ten seconds."""

from __future__ import annotations

import pytest

from skill.voice.holds import HALFWAY, hold_segments
from skill.voice.ssml import (
    MAX_BREAK_MS,
    Pause,
    Say,
    break_lengths_ms,
    render,
    segments_seconds,
    ssml_seconds,
)


@pytest.mark.parametrize("seconds", [1, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 45, 60, 90, 120])
def test_hold_time_comes_to_the_hold_within_fifteen_percent(seconds: int) -> None:
    assert segments_seconds(hold_segments(seconds)) == pytest.approx(seconds, rel=0.15)


@pytest.mark.parametrize("seconds", [5, 10, 15, 30, 60, 120])
def test_rendered_hold_keeps_every_break_at_or_under_ten_seconds(seconds: int) -> None:
    ssml = render(hold_segments(seconds))
    breaks = break_lengths_ms(ssml)
    assert breaks
    assert ssml.count("<break") == len(breaks)
    assert max(breaks) <= MAX_BREAK_MS
    assert ssml_seconds(ssml) == pytest.approx(seconds, rel=0.15)


@pytest.mark.parametrize("seconds", [1, 3, 5])
def test_short_hold_is_one_silence_without_cues(seconds: int) -> None:
    assert hold_segments(seconds) == [Pause(seconds * 1000)]


def test_thirty_second_hold_is_quiet_to_halfway_then_counts_down() -> None:
    spoken = [s.text for s in hold_segments(30) if isinstance(s, Say)]
    assert spoken == [HALFWAY, "five,", "four,", "three,", "two,", "one."]


def test_the_first_silence_of_a_long_hold_lasts_until_halfway() -> None:
    assert hold_segments(30)[0] == Pause(15_000)
    assert hold_segments(120)[0] == Pause(60_000)


def test_a_hold_of_nothing_says_nothing() -> None:
    assert hold_segments(0) == []
