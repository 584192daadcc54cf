"""A command in Redis's wire protocol (RESP), as one piece of bytes.

redis-py packs a command argument by argument through its encoder, checking each value's type
several times over and copying the growing buffer at every step (about 8 us for a save's
EVALSHA under `timeit`). The arguments the skill sends are text, bytes and plain integers, under
a one-word name: this packs those, byte for byte as redis-py's own packer does
(tests/unit/test_resp.py), and leaves anything else to redis-py. (The skill does not install
hiredis, whose packer redis-py would use instead.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def packed(args: Sequence[Any], encoding: str, errors: str) -> bytes | None:
    """The RESP array of args (the name in UTF-8 as redis-py writes it, other text encoded as
    given, integers in decimal), or None when an argument is of any other kind, or the name is not
    one word of ASCII letters and digits (redis-py splits a name at whitespace)."""
    if not args or type(args[0]) is not str or not (args[0].isascii() and args[0].isalnum()):
        return None
    name = args[0].encode()
    parts = [b"*%d\r\n$%d\r\n%s\r\n" % (len(args), len(name), name)]
    for arg in args[1:]:
        kind = type(arg)
        if kind is str:
            arg = arg.encode(encoding, errors)
        elif kind is int:
            arg = b"%d" % arg
        elif kind is not bytes:
            return None
        parts.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(parts)
