"""skill.store.resp packs a command byte for byte as redis-py does, or leaves it to redis-py."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from redis._parsers.encoders import Encoder
from redis.connection import PythonRespSerializer

from skill.store.resp import packed

# redis-py sends a large argument as a piece of its own; the bytes on the wire are the same.
CUTOFF = 6000
ARGUMENTS = st.one_of(
    st.text(),
    st.binary(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(min_size=CUTOFF, max_size=CUTOFF + 10),
)


def redis_py(args: tuple[Any, ...], encoding: str = "utf-8", errors: str = "strict") -> bytes:
    encoder = Encoder(encoding, errors, decode_responses=False)  # type: ignore[no-untyped-call]
    pieces = PythonRespSerializer(CUTOFF, encoder.encode).pack(*args)  # type: ignore[no-untyped-call]
    return b"".join(pieces)


@given(st.lists(ARGUMENTS, max_size=12))
def test_every_command_of_text_bytes_and_integers_is_packed_as_redis_py_packs_it(
    rest: list[Any],
) -> None:
    args = ("EVALSHA", *rest)
    assert packed(args, "utf-8", "strict") == redis_py(args)


def test_a_save_is_packed_as_redis_py_packs_it_in_the_clients_encoding() -> None:
    args = ("EVALSHA", "a" * 40, 3, "k1", "k2", "k3", 7, '{"ü€": 1}' * 900, 3600, 60, "token")
    assert packed(args, "utf-8", "strict") == redis_py(args)
    assert packed(args, "latin-1", "replace") == redis_py(args, "latin-1", "replace")
    # The name is always UTF-8, as redis-py writes it; the other text in the client's encoding.
    assert packed(args, "utf-16", "strict") == redis_py(args, "utf-16")


@pytest.mark.parametrize(
    "args",
    [
        ("EVALSHA", True),  # a bool: redis-py refuses it
        ("EVALSHA", 1.5),  # a float: redis-py writes its repr
        ("EVALSHA", bytearray(b"x")),
        ("EVALSHA", memoryview(b"x")),
        ("CONFIG GET", "maxmemory"),  # a name with a space: redis-py splits it
        ("CONFIG\tGET", "maxmemory"),  # or any whitespace
        ("ÉVAL", "x"),  # not ASCII
        (b"EVALSHA", "x"),
        (),
    ],
)
def test_anything_else_is_left_to_redis_py(args: tuple[Any, ...]) -> None:
    assert packed(args, "utf-8", "strict") is None
