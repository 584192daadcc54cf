"""A daily reminder as pure data: the time heard, its rule, how it is said, the API's body."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skill.alexa.reminders import reminder_body
from skill.domain.reminders import TimeOfDay, heard_time, time_of_rule
from skill.voice.reminders import spoken_time


@pytest.mark.parametrize(
    ("value", "at"),
    [
        ("08:00", TimeOfDay(8, 0)),
        ("19:05", TimeOfDay(19, 5)),
        ("MO", TimeOfDay(8, 0)),
        ("NI", TimeOfDay(21, 0)),
        ("24:00", None),
        ("8", None),
        ("", None),
        (None, None),
    ],
)
def test_the_time_heard(value: str | None, at: TimeOfDay | None) -> None:
    assert heard_time(value) == at


def test_the_daily_rule_reads_back() -> None:
    at = TimeOfDay(7, 45)
    assert time_of_rule(at.rule) == at
    assert time_of_rule("FREQ=WEEKLY;BYDAY=MO;BYHOUR=8") is None


@pytest.mark.parametrize(
    ("at", "said"),
    [
        (TimeOfDay(8, 0), "eight in the morning"),
        (TimeOfDay(7, 5), "seven oh five in the morning"),
        (TimeOfDay(12, 0), "noon"),
        (TimeOfDay(0, 0), "midnight"),
        (TimeOfDay(14, 30), "two thirty in the afternoon"),
        (TimeOfDay(22, 15), "ten fifteen at night"),
    ],
)
def test_times_are_said_as_people_say_them(at: TimeOfDay, said: str) -> None:
    assert spoken_time(at) == said


def test_the_first_reminder_is_the_next_time_it_comes_round() -> None:
    evening = datetime(2026, 12, 3, 20, 0, tzinfo=UTC).timestamp()
    body = reminder_body(TimeOfDay(8, 0), evening, "UTC", "en-GB", "Time to stretch.")
    assert body["trigger"]["recurrence"]["startDateTime"] == "2026-12-04T08:00:00.000"
    assert body["requestTime"] == "2026-12-03T20:00:00.000"
    morning = datetime(2026, 12, 3, 6, 0, tzinfo=UTC).timestamp()
    early = reminder_body(TimeOfDay(8, 0), morning, None, "en-GB", "Time to stretch.")
    assert "timeZoneId" not in early["trigger"]  # unknown: Alexa uses the device's own
    assert "startDateTime" not in early["trigger"]["recurrence"]  # not this server's clock's
    assert early["alertInfo"]["spokenInfo"]["content"][0]["locale"] == "en-GB"
