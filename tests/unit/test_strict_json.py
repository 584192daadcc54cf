"""skill.strict_json: orjson's speed with the standard library's strict answers."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.strict_json import dumps, loads

INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
SCALARS = st.none() | st.booleans() | INT64 | st.floats(allow_nan=False, allow_infinity=False)
TEXT = st.text() | st.sampled_from(["", "null", "\ud800", "a\udc00b", "caf\u00e9", "\u2019"])
VALUES = st.recursive(
    SCALARS | TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
    max_leaves=30,
)
NOT_FINITE = [math.nan, math.inf, -math.inf]


def strict_json_loads(text: str) -> Any:
    """What the standard library reads with the same strictness."""

    def refuse(name: str) -> Any:
        raise ValueError(name)

    return json.loads(text, parse_constant=refuse)


@given(VALUES)
def test_what_is_written_reads_back_as_it_was(value: Any) -> None:
    written = dumps(value)
    assert loads(written) == value
    assert json.loads(written) == value  # and the standard library reads it the same


@given(VALUES, st.booleans())
def test_any_json_text_reads_as_the_standard_library_reads_it(value: Any, ascii: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii)
    assert loads(text) == strict_json_loads(text)
    assert loads(text.encode("utf-8", "surrogatepass")) == strict_json_loads(text)


@pytest.mark.parametrize("number", NOT_FINITE)
def test_nan_and_infinity_are_never_written(number: float) -> None:
    for value in (number, [1, number], {"deep": [{"x": number}]}, {"none": None, "x": number}):
        with pytest.raises(ValueError, match="not JSON compliant"):
            dumps(value)


@pytest.mark.parametrize(
    "text", ["NaN", "Infinity", "-Infinity", "1e999", '{"a": [1, -1E400]}', '{"x": NaN}']
)
def test_nan_infinity_and_numbers_too_large_for_a_float_are_never_read(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not JSON|is out of range"):
        loads(text)
    with pytest.raises(ValueError, match=r"is not JSON|is out of range"):
        loads(text.encode())


def test_nesting_too_deep_for_either_parser_is_refused() -> None:
    with pytest.raises((ValueError, RecursionError)):
        loads("[" * 100_000 + "]" * 100_000)


def test_what_orjson_refuses_to_read_the_standard_library_reads() -> None:
    assert loads('"\\ud800"') == "\ud800"  # lone surrogate escapes
    assert loads(b'{"id": "\\udc00x"}') == {"id": "\udc00x"}


def test_what_orjson_cannot_write_the_standard_library_writes() -> None:
    assert dumps(2**70) == "1180591620717411303424"
    assert dumps("\ud800") == '"\\ud800"'  # escaped, never text UTF-8 cannot carry
    assert dumps({1: "one"}) == '{"1":"one"}'
    assert dumps({"none": None, "rev": 3}) == '{"none":null,"rev":3}'


@dataclass
class NotJsonData:
    number: int


@pytest.mark.parametrize(
    "value", [NotJsonData(1), datetime(2026, 12, 7, tzinfo=UTC), {"x": {1, 2}}]
)
def test_what_the_standard_library_refuses_to_write_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        dumps(value)


def test_output_is_compact_utf_8() -> None:
    assert dumps({"a": [1, 2.5], "b": "caf\u00e9"}) == '{"a":[1,2.5],"b":"caf\u00e9"}'


def test_an_integer_beyond_64_bits_is_read_as_the_nearest_float() -> None:
    """The one difference from the standard library (see the module's docstring)."""
    assert loads("1180591620717411303424") == pytest.approx(2.0**70)
    assert isinstance(loads("1180591620717411303424"), float)
