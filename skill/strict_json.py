"""Strict JSON in and out: NaN and Infinity are not JSON, so they are refused both ways."""

from __future__ import annotations

import json
import math
from typing import Any


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses to inf
        raise ValueError(f"{text[:20]} is out of range")
    return value


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)


def loads(text: str | bytes) -> Any:
    """Parse JSON, refusing NaN, Infinity and numbers too large for a float (ValueError)."""
    if isinstance(text, str):  # the decoder made once (json.loads with options makes one)
        return _DECODER.decode(text)
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


# Made once: json.dumps with any option builds a new encoder on every call (encoding keeps no
# state in them, so threads can share them, as they share the decoder).
_SPACED = json.JSONEncoder(allow_nan=False)
_COMPACT = json.JSONEncoder(allow_nan=False, separators=(",", ":"))


def dumps(value: Any, *, compact: bool = False) -> str:
    """Serialise to JSON; ValueError rather than write NaN or Infinity."""
    return (_COMPACT if compact else _SPACED).encode(value)
