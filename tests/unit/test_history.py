"""A person over days, as pure arithmetic: local days, streaks, weeks, rotation, bounds."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from skill.domain.history import (
    KEEP_DAYS,
    RECENT_DAYS,
    History,
    local_day,
    todays_routine,
    week_start,
)

ROUTINES = ("lower-back", "gentle-back-core", "spine-mobility", "upper-back")


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def at(text: str, zone: str) -> float:
    """Seconds since the epoch of a local wall-clock time in a zone."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp()


def on(*days: str) -> History:
    history = History()
    for d in days:
        history = history.practised(day(d), "lower-back")
    return history


def test_the_day_is_the_persons_local_day() -> None:
    late_evening = at("2026-07-01T23:30", "America/Los_Angeles")  # 06:30 UTC the next day
    assert local_day(late_evening, "America/Los_Angeles") == day("2026-07-01")
    assert local_day(late_evening, None) == day("2026-07-02")
    assert local_day(late_evening, "Not/AZone") == day("2026-07-02")  # unknown: UTC


def test_a_late_evening_every_day_across_a_daylight_saving_change_is_one_streak() -> None:
    zone = "America/New_York"  # clocks went forward on 2026-03-08
    evenings = [f"2026-03-{d:02d}T23:45" for d in range(5, 12)]
    history = History()
    for evening in evenings:
        history = history.practised(local_day(at(evening, zone), zone), "lower-back")
    assert history.streak(day("2026-03-11")) == 7
    assert history.days == {day(f"2026-03-{d:02d}") for d in range(5, 12)}


def test_the_fall_back_day_is_one_day_not_two() -> None:
    zone = "Europe/London"  # clocks went back on 2026-10-25: that day had 25 hours
    early, late = at("2026-10-25T00:30", zone), at("2026-10-25T23:30", zone)
    assert local_day(early, zone) == local_day(late, zone) == day("2026-10-25")


@pytest.mark.parametrize(
    ("days", "today", "streak"),
    [
        (("2026-01-30", "2026-01-31", "2026-02-01"), "2026-02-01", 3),  # across a month end
        (("2028-02-28", "2028-02-29", "2028-03-01"), "2028-03-01", 3),  # a leap day
        (("2026-12-31", "2027-01-01"), "2027-01-01", 2),  # across a year end
        (("2026-05-01", "2026-05-02"), "2026-05-03", 2),  # yesterday's streak is alive today
        (("2026-05-01", "2026-05-02"), "2026-05-04", 0),  # a day missed ends it
        (("2026-05-01", "2026-05-03", "2026-05-04"), "2026-05-04", 2),  # a gap starts again
        ((), "2026-05-04", 0),
    ],
)
def test_streaks(days: tuple[str, ...], today: str, streak: int) -> None:
    assert on(*days).streak(day(today)) == streak


def test_weeks_run_monday_to_sunday() -> None:
    history = on("2026-11-29", "2026-11-30", "2026-12-02", "2026-12-03")  # Sun, Mon, Wed, Thu
    assert week_start(day("2026-12-03")) == day("2026-11-30")
    assert history.days_this_week(day("2026-12-03")) == 3
    assert history.days_this_week(day("2026-11-29")) == 1  # Sunday closes the week before


def test_a_day_counts_once_however_often_they_stretch() -> None:
    history = on("2026-05-01", "2026-05-01").finished_one(day("2026-05-01"), "lower-back")
    assert history.days == {day("2026-05-01")}
    assert history.recent == ((day("2026-05-01"), "lower-back"),)
    assert history.finished == 1


def test_what_is_kept_is_bounded() -> None:
    history = History()
    first = day("2025-01-01")
    for n in range(KEEP_DAYS + 200):
        history = history.finished_one(first + n, ROUTINES[n % len(ROUTINES)])
    today = first + KEEP_DAYS + 199
    assert len(history.days) == KEEP_DAYS
    assert min(history.days) == today - KEEP_DAYS + 1
    assert len(history.recent) == RECENT_DAYS
    assert all(today - d < RECENT_DAYS for d, _ in history.recent)
    assert history.finished == KEEP_DAYS + 200  # the count is not bounded, only the days
    assert history.streak(today) == KEEP_DAYS  # as long as what is kept


def test_someone_who_only_ever_does_one_routine_is_offered_it() -> None:
    history = on("2026-05-01", "2026-05-02")
    assert todays_routine(history, ROUTINES, day("2026-05-03")) == "lower-back"


def test_yesterdays_routine_is_not_suggested_today() -> None:
    history = (
        History()
        .practised(day("2026-05-01"), "upper-back")
        .practised(day("2026-05-02"), "lower-back")
    )
    # Of the routines they know, the one done least lately; not yesterday's.
    assert todays_routine(history, ROUTINES, day("2026-05-03")) == "upper-back"
    # The day after, upper back was yesterday: lower back is the one known and not yesterday.
    after = history.practised(day("2026-05-03"), "upper-back")
    assert todays_routine(after, ROUTINES, day("2026-05-04")) == "lower-back"


def test_with_nothing_lately_the_first_routine_is_suggested() -> None:
    assert todays_routine(History(), ROUTINES, day("2026-05-03")) == "lower-back"
    done_today = History().practised(day("2026-05-03"), "lower-back")
    assert todays_routine(done_today, ROUTINES, day("2026-05-03")) == "lower-back"  # only one
    two = done_today.practised(day("2026-05-03"), "upper-back")
    assert todays_routine(two, ROUTINES, day("2026-05-03")) == "gentle-back-core"
