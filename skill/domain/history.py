"""What a person has done over days: which days they stretched, how many routines they finished,
and which routines they did lately. Pure: days are local calendar days, as date ordinals
(`date.toordinal()`) in the person's time zone, worked out from the clock by `local_day`.

Bounded by design, so a year of daily use stays small: activity is kept for KEEP_DAYS days (a
streak or a week never needs more; the codec stores it as a bitmask), the routines of each day
for RECENT_DAYS days, and finishes as one count."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

KEEP_DAYS = 400  # days of activity kept: more than a year, so "this week" and streaks are exact
RECENT_DAYS = 14  # days whose routines are kept, for "yesterday was ..." and rotation
MAX_STREAK = KEEP_DAYS  # a streak longer than what is kept is said as at least this long


def local_day(now: float, zone: str | None) -> int:
    """The calendar day (a date ordinal) it is at `now` in time zone `zone` (an IANA name such
    as "Europe/London"); UTC when the zone is missing or unknown."""
    try:
        tz = ZoneInfo(zone) if zone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        tz = UTC
    return datetime.fromtimestamp(now, tz).date().toordinal()


def week_start(day: int) -> int:
    """The Monday of the week `day` is in (weeks run Monday to Sunday, as ISO 8601 has them)."""
    return day - date.fromordinal(day).weekday()


@dataclass(frozen=True)
class History:
    """Days stretched, routines finished, and what was done lately."""

    days: frozenset[int] = frozenset()  # local days with any stretching (a step narrated)
    finished: int = 0  # routines finished to the end, ever
    recent: tuple[tuple[int, str], ...] = ()  # (day, routine id), newest first, one per pair
    last_finish: int = 0  # the day a routine was last finished (0: never)

    @property
    def empty(self) -> bool:
        return not self.days and not self.finished

    def practised(self, day: int, routine_id: str) -> History:
        """A copy that has `routine_id` done on `day` (a step narrated), trimmed to what is kept."""
        entry = (day, routine_id)
        if self.recent[:1] == (entry,) and self._kept_as_of(day):
            return self  # already so: every step narrated after a day's first in a routine
        recent = (entry, *(e for e in self.recent if e != entry))
        days = self.days if day in self.days else self.days | {day}  # no copy of a year of days
        return _trimmed(days, self.finished, recent, self.last_finish, day)

    def _kept_as_of(self, today: int) -> bool:
        """Whether `today` is among the days and trimming to it would change nothing: no day
        or routine outside what is kept, the routines newest first, none twice."""
        days = self.days
        if today not in days or _drops_days(days, today):
            return False
        newer, seen = today, set()
        for entry in self.recent:
            if not today - RECENT_DAYS < entry[0] <= newer or entry in seen:
                return False
            newer = entry[0]
            seen.add(entry)
        return True

    def finished_one(self, day: int, routine_id: str) -> History:
        """A copy with one more routine finished, on `day`."""
        practised = self.practised(day, routine_id)
        return replace(
            practised, finished=self.finished + 1, last_finish=max(day, self.last_finish)
        )

    def trimmed(self, today: int) -> History:
        """Only what is kept: KEEP_DAYS of days, RECENT_DAYS of routines, newest first."""
        return _trimmed(self.days, self.finished, self.recent, self.last_finish, today)

    def streak(self, today: int) -> int:
        """Days in a row with stretching, up to today; a streak that reached yesterday is still
        alive today (the day is not over)."""
        day = today if today in self.days else today - 1
        count = 0
        while day in self.days and count < MAX_STREAK:
            count += 1
            day -= 1
        return count

    def days_this_week(self, today: int) -> int:
        """Days with stretching since Monday, today included."""
        monday = week_start(today)
        return sum(1 for d in self.days if monday <= d <= today)

    def routines_on(self, day: int) -> tuple[str, ...]:
        """The routines done on a day, most recent first (kept for RECENT_DAYS days)."""
        return tuple(r for d, r in self.recent if d == day)

    def last_day_before(self, today: int) -> int | None:
        """The most recent day with stretching before today, if any is kept."""
        earlier = [d for d in self.days if d < today]
        return max(earlier) if earlier else None


def _drops_days(days: frozenset[int], today: int) -> bool:
    """Whether some of days are outside what is kept as of today."""
    return bool(days) and (min(days) <= today - KEEP_DAYS or max(days) > today)


def _trimmed(
    days: frozenset[int],
    finished: int,
    recent: tuple[tuple[int, str], ...],
    last_finish: int,
    today: int,
) -> History:
    """A history of these fields, keeping only what is kept (History.trimmed; made once)."""
    if _drops_days(days, today):
        days = frozenset(d for d in days if today - KEEP_DAYS < d <= today)
    kept = dict.fromkeys(e for e in recent if today - RECENT_DAYS < e[0] <= today)
    newest_first = sorted(kept, key=lambda e: -e[0])  # stable: within a day, the order stays
    return History(days, finished, tuple(newest_first), last_finish)


def todays_routine(history: History, offered: tuple[str, ...], today: int) -> str:
    """The routine to suggest today, from `offered` (in the catalog's order).

    Not one done yesterday or earlier today, unless the person only ever does one (then that
    one); of the rest, the one they did least recently among those they know, else the first
    they have not tried."""
    done = [r for _, r in history.recent if r in offered]
    if len(set(done)) == 1:
        return done[0]
    lately = set(history.routines_on(today)) | set(history.routines_on(today - 1))
    candidates = [r for r in offered if r not in lately] or list(offered)
    known = [r for r in candidates if r in done]
    if known:
        return max(known, key=done.index)  # done lists newest first: the last is the oldest
    return candidates[0]
