"""What step numbers meant in schema-1 documents, so places saved then still find their move.

Schema 1 saved a place as a step number into the routines as they were then narrated (one step
per side or variant, and one per hold for the long holds). Steps have since been regrouped, so
each old number is mapped to what it named: the move, the side or variant, and the rep it began
at. The coach then finds that step in today's routines (Routine.find_step).

When it can go: once no schema-1 document is left in Redis. Schema 2 shipped on 2026-11-21; a
document is rewritten in the current schema at its next save, and one never saved again expires
PERSON_RETENTION_DAYS after it was last read (each read slides the expiry). Before removing this
module (and the codec's `version >= 2` branch), scan the deployment's person keys for a document
whose "v" is 1; if none, delete it and make the codec refuse schema 1 as unknown.
"""

from __future__ import annotations

Anchor = tuple[str, str, int]

_SIDES = ("left", "right")


def _rounds(move: str, noun: str, rounds: int, sides: tuple[str, ...] = _SIDES) -> list[Anchor]:
    """A long hold narrated one rep a step, taking the sides in turn (or with no sides)."""
    labels = [f"{side} {noun}" for side in sides] if sides else [""]
    return [(move, label, rep) for rep in range(1, rounds + 1) for label in labels]


def _sides(move: str, noun: str) -> list[Anchor]:
    return [(move, f"{side} {noun}", 1) for side in _SIDES]


SCHEMA_1_STEPS: dict[str, list[Anchor]] = {
    "lower-back": [
        ("pelvic-tilt", "", 1),
        *_sides("knee-to-chest", "leg"),
        ("knee-to-chest", "both knees", 1),
        ("lower-trunk-rotation", "", 1),
        *_sides("hamstring-stretch", "leg"),
        ("bridge", "", 1),
    ],
    "gentle-back-core": [
        ("partial-crunch", "", 1),
        *_sides("towel-hamstring-stretch", "leg"),
        ("wall-squat", "", 1),
        ("bird-dog", "", 1),
        ("childs-pose", "", 1),
        ("cat-stretch", "", 1),
        ("pelvic-tilt", "", 1),
        *_sides("side-leg-lift", "leg"),
        *_sides("one-leg-raise", "leg"),
        *_sides("seated-spine-twist", "side"),
    ],
    "spine-mobility": [
        *_rounds("lying-twist", "side", 4),
        *_sides("bent-knee-twist", "knee"),
        ("cat-and-cow", "", 1),
        *_sides("knee-to-elbow-reach", "leg"),
        ("slow-crunch", "", 1),
        *_sides("seated-spinal-twist", "side"),
        *_rounds("downward-dog", "", 5, sides=()),
    ],
    "upper-back": [
        ("bent-over-row", "", 1),
        ("shoulder-blade-squeeze", "", 1),
        ("opposite-arm-and-leg-raise", "", 1),
    ],
    "back-core": [
        ("partial-crunch", "", 1),
        ("partial-crunch", "second set", 1),
        ("press-up-back-extension", "", 1),
        ("wall-sit", "", 1),
    ],
    "neck-shoulders": [
        *_rounds("chin-to-chest", "", 5, sides=()),
        *_rounds("ear-to-shoulder", "side", 5),
        ("shoulder-rolls", "", 1),
    ],
}


def schema_1_anchor(routine_id: str, step: int) -> Anchor | None:
    """What a schema-1 step number named in a routine, if it named anything."""
    steps = SCHEMA_1_STEPS.get(routine_id, [])
    return steps[step] if 0 <= step < len(steps) else None
