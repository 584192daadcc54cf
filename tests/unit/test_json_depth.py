"""The endpoint's nesting limit (skill.web.endpoint._depth): the depth it counts is the height of
the JSON tree, for any tree, and a body at the limit is read while one level more is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.web.endpoint import MAX_JSON_DEPTH, BadRequestError, _depth, _may_nest_past, parse_json
from tests.support.alexa import envelope

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=40,
)


def height(value: Any) -> int:
    """Values from the top one down to the deepest, by the definition."""
    children = (
        list(value.values())
        if isinstance(value, dict)
        else value
        if isinstance(value, list)
        else []
    )
    return 1 + max(map(height, children)) if children else 1


@given(JSON, st.integers(min_value=1, max_value=8))
def test_the_depth_is_the_trees_height_up_to_the_limit_and_over_it_past(
    value: Any, limit: int
) -> None:
    counted = _depth(value, limit)
    if height(value) <= limit:
        assert counted == height(value)
    else:
        assert counted > limit


@given(JSON, st.integers(min_value=1, max_value=8), st.booleans())
def test_a_body_too_few_brackets_to_nest_past_the_limit_is_never_one_that_does(
    value: Any, limit: int, ascii_only: bool
) -> None:
    body = json.dumps(value, ensure_ascii=ascii_only).encode()
    if height(value) > limit:
        assert _may_nest_past(body, limit)


def test_brackets_are_counted_at_the_limit_and_not_below_it() -> None:
    assert not _may_nest_past(b"[[]]", 3)
    assert _may_nest_past(b"[[{}]]", 3)
    assert _may_nest_past(b'["[", "{"]', 3)  # inside strings too: counted, never missed


def nested(levels: int) -> dict[str, Any]:
    """A launch request with an array nested `levels` deep inside it."""
    body = envelope("launch_request")
    body["request"]["extra"] = json.loads("[" * levels + "]" * levels)
    return body


def test_a_body_at_the_limit_is_read_and_one_level_deeper_is_refused() -> None:
    levels = next(n for n in range(1, MAX_JSON_DEPTH) if height(nested(n)) == MAX_JSON_DEPTH)
    assert parse_json(json.dumps(nested(levels)).encode())["version"] == "1.0"
    with pytest.raises(BadRequestError, match="nested too deeply"):
        parse_json(json.dumps(nested(levels + 1)).encode())
