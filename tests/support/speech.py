"""Reading narrated holds back out of a response's SSML, for content tests."""

from __future__ import annotations

import re
from functools import cache
from html import unescape

from skill.catalog import load_catalog
from skill.domain.routines import Catalog, Part
from tests.support.settings import ROOT

_BREAK = re.compile(r'(<break time="(\d+)ms"/>)')
_HOLD_START = re.compile(r"(^|\s)Hold( for [a-z -]+)?\.$")


@cache
def content_catalog() -> Catalog:
    """The real content, loaded the way the app loads it."""
    return load_catalog(ROOT / "content")


def _chunks(ssml: str) -> list[str | int]:
    """Text chunks and break lengths (ms), in order."""
    body = ssml.removeprefix("<speak>").removesuffix("</speak>")
    out: list[str | int] = []
    for piece in _BREAK.split(body):
        if not piece or piece.startswith("<break"):
            continue
        if piece.isdigit():
            out.append(int(piece))
        elif piece.strip():
            out.append(unescape(piece).strip())
    return out


def narrated_holds(ssml: str, part: Part) -> list[float]:
    """Each hold in the speech, in seconds: the silence and cues after "Hold" until the release."""
    from skill.voice.reps import reps_of
    from skill.voice.ssml import speech_seconds

    releases = tuple({rep.release for rep in reps_of(part)})

    holds: list[float] = []
    current: float | None = None
    for chunk in _chunks(ssml):
        if isinstance(chunk, int):
            if current is not None:
                current += chunk / 1000
            continue
        if current is not None and chunk.startswith(releases):
            holds.append(current)
            current = None
        elif current is not None:
            current += speech_seconds(chunk)
        if current is None and _HOLD_START.search(chunk):
            current = 0.0
    assert current is None, "a hold was never released"
    return holds


def rep_pauses(ssml: str, part: Part) -> int:
    """How many rep-length silences a hold-free part's reps have (after the opening, which ends
    with a one-second pause and may hold a pause to get set)."""
    reps = ssml.split('<break time="1000ms"/>', 1)[-1]
    return len(re.findall(rf'<break time="{part.rep_seconds * 1000}ms"/>', reps))


def expected_holds(part: Part) -> int:
    """How many holds one step of this part narrates."""
    return len(part.rep_numbers) * max(1, len(part.alternate))


def hold_starts(ssml: str) -> list[float]:
    """When each hold's time starts, in seconds from the start of the speech: the end of each
    "Hold" cue, reading the SSML's words and breaks at the voice's estimated speaking rate."""
    from skill.voice.ssml import speech_seconds

    clock = 0.0
    starts: list[float] = []
    for chunk in _chunks(ssml):
        if isinstance(chunk, int):
            clock += chunk / 1000
            continue
        clock += speech_seconds(chunk)
        if _HOLD_START.search(chunk):
            starts.append(clock)
    return starts
