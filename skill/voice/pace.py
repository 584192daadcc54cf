"""What each pace means for the voice: how fast it speaks, and how long the gaps between reps
(the moment to settle, the rest, a moving rep's time) are. Holds are never paced."""

from __future__ import annotations

from skill.domain.delivery import Holds, Pace

RATE = {Pace.SLOWER: 0.8, Pace.NORMAL: 1.0, Pace.FASTER: 1.15}  # SSML prosody rate
GAPS = {Pace.SLOWER: 2.0, Pace.NORMAL: 1.0, Pace.FASTER: 0.75}  # times the usual gaps


def gap_ms(ms: int, pace: Pace) -> int:
    return round(ms * GAPS[pace])


PACE_SET = {
    Pace.SLOWER: "Okay, I'll go slower from now on.",
    Pace.NORMAL: "Okay, back to the usual pace.",
    Pace.FASTER: "Okay, I'll go a little quicker from now on.",
}
HOLDS_SET = {
    Holds.LONGER: "Okay, longer holds from now on, as long as each stretch's range allows.",
    Holds.NORMAL: "Okay, back to the usual holds.",
    Holds.SHORTER: "Okay, shorter holds from now on, never below each stretch's range.",
}
AT_YOUR_PACE = {
    Pace.SLOWER: "your slower pace",
    Pace.NORMAL: "",
    Pace.FASTER: "your quicker pace",
}
YOUR_HOLDS = {
    Holds.SHORTER: "your shorter holds",
    Holds.NORMAL: "",
    Holds.LONGER: "your longer holds",
}


def as_you_like_it(pace: Pace, holds: Holds) -> str:
    """Said once on opening when the person's pace or holds are not the usual ones ("We'll go at
    your slower pace, with your longer holds."); empty when both are."""
    at, kept = AT_YOUR_PACE[pace], YOUR_HOLDS[holds]
    if at and kept:
        return f"We'll go at {at}, with {kept}."
    if at:
        return f"We'll go at {at}."
    return f"We'll keep {kept}." if kept else ""


NEXT_OR_REPEAT = 'Say "next" to go on, or "repeat" to do this step again that way.'


def delivery_set(
    pace: Pace | None, holds: Holds | None, suggestion: str, under_way: bool
) -> tuple[str, str]:
    """A change of pace or holds: from the next step; mid-routine, how to go on, else a routine
    offered."""
    said = PACE_SET[pace] if pace is not None else HOLDS_SET[holds or Holds.NORMAL]
    if under_way:
        return f"{said} {NEXT_OR_REPEAT}", NEXT_OR_REPEAT
    return f"{said} Shall we start {suggestion}?", f"Shall we start {suggestion}? Say yes or no."
