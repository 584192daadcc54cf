"""Strict JSON in and out: NaN and Infinity are not JSON, so they are refused both ways.

orjson does the work: a turn reads and writes JSON six times, and the standard library's json
took about a tenth of its CPU (bench/README.md, "Figures, 2026-12-07, 10:50-12:28"). Where
orjson's answer could differ from json's strict one, json gives the answer instead, so both ways
the result is what json with these options gives, but for the two differences below:
- reading, orjson refuses NaN, Infinity and numbers too large for a float, as json is told to
  here. Whatever else it refuses (a lone surrogate escape, which json reads; nesting over 1,024
  deep) is read again by json, which reads it or raises as before;
- writing, orjson writes NaN and Infinity as null, so a result with null in it is written again by
  json, which refuses them. What orjson cannot write (an integer beyond 64 bits, a string with a
  lone surrogate, a key that is not a string, a dataclass or a datetime) is written by json.
Two differences are kept. orjson reads an integer beyond 64 bits as a float, where json keeps it
exact: nothing the skill reads carries one (Alexa's envelopes, its own documents), and an integer
field given one is refused or read as the nearest whole number. And orjson writes an enum (its
value) and a UUID (its text), which json refuses: the skill writes neither.

Output is compact (no spaces): UTF-8 from orjson, escaped to ASCII from json (so a lone surrogate
is written as its escape, never as text that UTF-8 cannot carry)."""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

# orjson writes these natively where json refuses them: passed through, they reach json instead.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses to inf
        raise ValueError(f"{text[:20]} is out of range")
    return value


# Made once: json.loads and json.dumps with options build a new decoder or encoder on every call
# (they keep no state, so threads can share them).
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)
_ENCODER = json.JSONEncoder(allow_nan=False, separators=(",", ":"))  # ASCII: surrogates escaped


def loads(text: str | bytes) -> Any:
    """Parse JSON, refusing NaN, Infinity and numbers too large for a float (ValueError)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass  # json decides: it may read what orjson refuses, else it raises as it always did
    if isinstance(text, str):
        return _DECODER.decode(text)
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def dumps(value: Any) -> str:
    """Serialise to JSON; ValueError rather than write NaN or Infinity."""
    try:
        written = orjson.dumps(value, option=_OPTIONS)
    except orjson.JSONEncodeError:
        return _ENCODER.encode(value)  # json writes it, or raises as it always did
    if b"null" in written:  # None, or NaN or Infinity written as null: json tells them apart
        return _ENCODER.encode(value)
    return written.decode("utf-8")
