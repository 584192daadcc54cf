"""Telling spoken measurements apart: American units ("about six inches", "a foot out") and
metric ones ("about fifteen centimetres"), without mistaking the body part ("plant both feet on
the floor", "the ball of that foot") for a unit."""

from __future__ import annotations

import re

METRIC_LOCALES = ("en-GB", "en-CA", "en-AU", "en-IN")  # measure in centimetres and metres

_QUANTITY = (
    r"(?:\d+(?:\.\d+)?|half an?|a few|a couple of|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|[a-z]+teen|twenty|thirty)"
)
_ABOUT = r"(?:about|around|roughly|nearly|almost|under|over|barely)"
# "two feet" is the body part when it is placed ("with two feet on the floor").
_PLACED = r"(?!\s+(?:on|flat|together|down|planted|firmly|hip|shoulder|side by side)\b)"
_PLACING = r"(?<!\bon )(?<!\bof )(?<!\bto )(?<!\bwith )"  # the body part: "on one foot"
_DISTANCE = r"(?:out|away|apart|from|off|high|wide|long|higher|lower|further|farther|or so)"
US_UNIT = re.compile(
    r"\binch(?:es)?\b"  # only ever a unit in a stretch
    rf"|\b{_QUANTITY}[ -](?:foot|feet)\b{_PLACED}"  # "two feet away", "half a foot", "six-foot"
    rf"|\b{_ABOUT} (?:a|one) foot\b"  # "about a foot"
    rf"|\b(?:a|one) foot (?:{_DISTANCE})\b"  # "a foot out from the wall"
    rf"|{_PLACING}\b(?:a|one) foot[.,;:!?]"  # "lift it a foot." (not "stand on one foot.")
    r"|\b\d+ ?(?:ft|in)\b",  # "12 in", "3ft"
    re.IGNORECASE,
)
# Every American unit above has one of these in it: a text without any is looked at no further
# (the full pattern's lookarounds are slow over thousands of replies).
_MAYBE_US = re.compile(r"inch|foot|feet|\d ?(?:ft|in)\b", re.IGNORECASE)
METRIC_UNIT = re.compile(r"\b(?:centi|milli)?metres?\b|\b\d+ ?(?:cm|mm|m)\b", re.IGNORECASE)


def us_units(text: str) -> list[str]:
    """Every American unit of length said in text."""
    if not _MAYBE_US.search(text):
        return []
    return [m.group(0) for m in US_UNIT.finditer(text)]


def metric_units(text: str) -> list[str]:
    """Every metric unit of length said in text."""
    return [m.group(0) for m in METRIC_UNIT.finditer(text)]
