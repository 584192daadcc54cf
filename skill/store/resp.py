"""A command in Redis's wire protocol (RESP), as one piece of bytes.

redis-py packs a command argument by argument through its encoder, checking each value's type
several times over and copying the growing buffer at every step (about 10 us for a save's
EVALSHA here, a fiftieth of a turn). The arguments the skill sends are text, bytes and plain
integers: this packs those, byte for byte as redis-py does (tests/unit/test_resp.py), and leaves
anything else to redis-py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def packed(args: Sequence[Any], encoding: str, errors: str) -> bytes | None:
    """The RESP array of args (text encoded as given, integers in decimal), or None when an
    argument is of any other kind, or the command's name holds a space (redis-py splits it)."""
    if not args or type(args[0]) is not str or " " in args[0]:
        return None
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        kind = type(arg)
        if kind is str:
            arg = arg.encode(encoding, errors)
        elif kind is int:
            arg = b"%d" % arg
        elif kind is not bytes:
            return None
        parts.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(parts)
