"""Numbers as words, so speech reads naturally and its length can be estimated."""

import math

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    5: "fifth",
    8: "eighth",
    9: "ninth",
    12: "twelfth",
}


def words(n: int) -> str:
    """0 to 999 as English words: 45 -> 'forty-five'."""
    if not 0 <= n <= 999:
        raise ValueError(f"{n} is outside 0..999")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {words(rest)}" if rest else "")


def times(n: int) -> str:
    """'once', 'twice', 'three times'."""
    return {1: "once", 2: "twice"}.get(n, f"{words(n)} times")


def seconds(n: int) -> str:
    """'one second', 'ten seconds'."""
    return f"{words(n)} second" + ("" if n == 1 else "s")


def minutes(n: int) -> str:
    """'one minute', 'eight minutes'."""
    return f"{words(n)} minute" + ("" if n == 1 else "s")


def period(days: int) -> str:
    """A number of days as people say a span: 'a year', 'two years', 'three months', 'two
    weeks', 'ten days', 'a day'. A span of over a year that is not whole years is said in the
    next whole months (under two years) or years, after "about": never shorter than it is, since
    it says how long something is kept."""
    if days < 1:
        raise ValueError(f"{days} is not a span of days")
    if days % 365 == 0:
        return _count(days // 365, "year")
    if days > 365:
        if days < 730:
            return f"about {_count(math.ceil(days / 30), 'month')}"
        return f"about {_count(math.ceil(days / 365), 'year')}"
    for unit, length, up_to in (("month", 30, 365), ("week", 7, 91)):
        if days % length == 0 and days < up_to:
            return _count(days // length, unit)
    return _count(days, "day")


def _count(n: int, unit: str) -> str:
    return f"a {unit}" if n == 1 else f"{words(n)} {unit}s"


def amount(low: int, high: int) -> str:
    """'ten' or 'three to five'."""
    return words(low) if low == high else f"{words(low)} to {words(high)}"


def duration(total_seconds: int) -> str:
    """A length of time as a person says it: 'forty seconds', 'one minute', 'ninety seconds',
    'two minutes', 'two and a half minutes'."""
    if total_seconds < 60 or total_seconds == 90:
        return seconds(total_seconds)
    whole, rest = divmod(total_seconds, 60)
    if rest == 0:
        return minutes(whole)
    if rest == 30:
        return f"{words(whole)} and a half minutes"
    return f"{minutes(whole)} and {seconds(rest)}"
