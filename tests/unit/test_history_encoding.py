"""A history's days, however many, as the codec's bitmask and through the domain's trimming:
the fast ways (loops in C, nothing copied when nothing changes) give what the plain loops give,
so documents written before them and after read the same, both ways."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.domain.history import KEEP_DAYS, RECENT_DAYS, History
from skill.store.codec import history_from_doc, history_to_doc

TODAY = 740_000
DAYS = st.frozensets(st.integers(TODAY - 2 * KEEP_DAYS, TODAY + 3), max_size=450)
ROUTINES = st.sampled_from(["lower-back", "upper-back", "back-core"])
RECENT = st.lists(st.tuples(st.integers(TODAY - 30, TODAY), ROUTINES), max_size=8, unique=True)


def plain_mask(days: frozenset[int], end: int) -> str:
    """The day mask as the codec first wrote it, one day and one bit at a time."""
    mask = bytearray((KEEP_DAYS + 7) // 8)
    for day in days:
        back = end - day
        if 0 <= back < KEEP_DAYS:
            mask[back // 8] |= 1 << (back % 8)
    return base64.b64encode(bytes(mask).rstrip(b"\0")).decode("ascii")


def plain_days(text: str, end: int) -> frozenset[int]:
    """The days a mask holds, read as the codec first read them."""
    mask = base64.b64decode(text, validate=True)
    return frozenset(
        end - (i * 8 + bit) for i, byte in enumerate(mask) for bit in range(8) if byte >> bit & 1
    )


@given(DAYS, RECENT)
def test_the_mask_is_the_one_written_one_day_at_a_time(
    days: frozenset[int], recent: list[tuple[int, str]]
) -> None:
    days |= {d for d, _ in recent}  # a routine done on a day is a day stretched
    history = History(days, 3, tuple(recent), 0)
    doc = history_to_doc(history)
    assert doc["days"] == plain_mask(days, doc["end"])
    assert history_from_doc(doc).days == plain_days(doc["days"], doc["end"])


@given(DAYS, st.integers(0, 2**400))
def test_any_mask_reads_as_it_was_first_read(days: frozenset[int], bits: int) -> None:
    end = max(days, default=TODAY)
    text = base64.b64encode(bits.to_bytes(51, "little").rstrip(b"\0")).decode("ascii")
    doc = {"end": end, "days": text, "finished": 0, "recent": []}
    assert history_from_doc(doc).days == plain_days(text, end)


@given(DAYS, RECENT)
def test_a_trimmed_history_survives_the_round_trip(
    days: frozenset[int], recent: list[tuple[int, str]]
) -> None:
    days |= {d for d, _ in recent}
    history = History(days, 2, tuple(recent), TODAY - 1).trimmed(TODAY)
    assert history_from_doc(history_to_doc(history)) == history


@given(DAYS, RECENT, st.integers(TODAY - 3, TODAY + 3))
def test_trimming_keeps_exactly_the_days_and_routines_kept(
    days: frozenset[int], recent: list[tuple[int, str]], today: int
) -> None:
    trimmed = History(days, 0, tuple(recent)).trimmed(today)
    assert trimmed.days == {d for d in days if today - KEEP_DAYS < d <= today}
    assert set(trimmed.recent) == {e for e in recent if today - RECENT_DAYS < e[0] <= today}


@given(DAYS, RECENT, st.integers(TODAY - 3, TODAY + 3), ROUTINES)
def test_a_day_practised_is_added_once_and_the_rest_trimmed(
    days: frozenset[int], recent: list[tuple[int, str]], today: int, routine: str
) -> None:
    practised = History(days, 0, tuple(recent)).practised(today, routine)
    assert practised.days == {d for d in days | {today} if today - KEEP_DAYS < d <= today}
    assert practised.recent[0] == (today, routine)


def practised_by_definition(history: History, day: int, routine: str) -> History:
    """History.practised as it is defined: the entry first, the day added, then trimmed."""
    entry = (day, routine)
    recent = (entry, *(e for e in history.recent if e != entry))
    return History(history.days | {day}, history.finished, recent, history.last_finish).trimmed(day)


ANY_RECENT = st.lists(st.tuples(st.integers(TODAY - 30, TODAY + 3), ROUTINES), max_size=8)
# A few days, mostly near today, sometimes one just outside what is kept (or in the future).
FEW_DAYS = st.frozensets(
    st.one_of(st.integers(TODAY - 20, TODAY), st.sampled_from([TODAY - KEEP_DAYS, TODAY + 1])),
    max_size=6,
)


@given(
    FEW_DAYS,
    ANY_RECENT,
    st.integers(TODAY - 3, TODAY + 3),
    ROUTINES,
    st.sampled_from(["any", "led by it", "practised"]),
)
def test_practising_is_as_defined_whatever_the_history_holds(
    days: frozenset[int], recent: list[tuple[int, str]], today: int, routine: str, kind: str
) -> None:
    # Any history (routines unsorted, repeated, out of range); one whose newest routine and day
    # are already this one's, with anything after them; or one just practised the same way,
    # which practising again leaves as it is.
    history = History(days, 3, tuple(recent), TODAY - 2)
    if kind == "led by it":
        history = History(days | {today}, 3, ((today, routine), *recent), TODAY - 2)
    if kind == "practised":
        history = history.practised(today, routine)
    again = history.practised(today, routine)
    assert again == practised_by_definition(history, today, routine)
    if kind == "practised":
        assert again == history


@pytest.mark.parametrize(
    ("days", "recent"),
    [
        ({TODAY, TODAY - 1, TODAY - 2}, [(TODAY - 2, "upper-back"), (TODAY - 1, "back-core")]),
        ({TODAY, TODAY - 1}, [(TODAY - 1, "upper-back"), (TODAY - 1, "upper-back")]),
        ({TODAY, TODAY - RECENT_DAYS}, [(TODAY - RECENT_DAYS, "upper-back")]),
        ({TODAY, TODAY - KEEP_DAYS}, []),
        ({TODAY, TODAY + 1}, []),
        ({TODAY}, [(TODAY, "lower-back")]),
        ({TODAY - 1}, []),
    ],
    ids=[
        "out of order",
        "twice",
        "a routine too old",
        "a day too old",
        "a day ahead",
        "itself again",
        "the day missing",
    ],
)
def test_a_history_led_by_todays_routine_is_still_trimmed_when_practised(
    days: set[int], recent: list[tuple[int, str]]
) -> None:
    history = History(frozenset(days), 1, ((TODAY, "lower-back"), *recent), TODAY - 3)
    practised = history.practised(TODAY, "lower-back")
    assert practised == practised_by_definition(history, TODAY, "lower-back")
    assert practised != history  # each holds one thing trimming drops or reorders
