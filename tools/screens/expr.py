"""APL data-binding, the part our documents use: `${...}` expressions and `@resource` lookups.

For the preview and the viewport checks only (the device evaluates the real thing). Supports
literals, names with `.` and `[]`, `Math.ceil/floor/max/min/round`, `! -`, `* / %`, `+ -`,
comparisons, `== !=`, `&& ||` and `?:`; anything else raises ExpressionError, so a document that
strays outside what this can check is caught, not misread.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<res>@[A-Za-z_]\w*)"
    r"|(?P<name>[A-Za-z_]\w*)|(?P<op>&&|\|\||==|!=|<=|>=|[-+*/%<>!?:().,\[\]]))"
)
_BINARY = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}
_MATH: Mapping[str, Callable[..., Any]] = {
    "ceil": math.ceil,
    "floor": math.floor,
    "max": max,
    "min": min,
    "round": round,
}


class ExpressionError(ValueError):
    """An expression outside the subset this module evaluates."""


@cache  # a document's few hundred expressions are read at every moment of every check
def _tokens(source: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    position = 0
    while position < len(source.rstrip()):
        match = _TOKEN.match(source, position)
        if match is None or match.lastgroup is None:
            raise ExpressionError(f"cannot read {source[position:]!r}")
        out.append((match.lastgroup, match.group(match.lastgroup)))
        position = match.end()
    return tuple(out)


class _Parser:
    def __init__(self, source: str, names: Mapping[str, Any], resources: Mapping[str, Any]):
        self.tokens = _tokens(source)
        self.at = 0
        self.names = names
        self.resources = resources

    def peek(self) -> str | None:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise ExpressionError("unexpected end")
        token = self.tokens[self.at]
        if expected is not None and token[1] != expected:
            raise ExpressionError(f"expected {expected!r}, found {token[1]!r}")
        self.at += 1
        return token

    def expression(self, weakest: int = 0) -> Any:
        value = self.unary()
        while True:
            op = self.peek()
            if op == "?" and weakest == 0:
                self.take()
                yes = self.expression()
                self.take(":")
                no = self.expression()
                value = yes if value else no
                continue
            strength = _BINARY.get(op or "")
            if strength is None or strength <= weakest:
                return value
            self.take()
            value = _apply(op or "", value, self.expression(strength))

    def unary(self) -> Any:
        if self.peek() == "!":
            self.take()
            return not self.unary()
        if self.peek() == "-":
            self.take()
            return -self.unary()
        return self.postfix(self.primary())

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind == "str":
            return text[1:-1]
        if kind == "res":
            if text[1:] not in self.resources:
                raise ExpressionError(f"no resource {text}")
            return self.resources[text[1:]]
        if kind == "name":
            literal = {"true": True, "false": False, "null": None}
            if text in literal:
                return literal[text]
            if text == "Math":
                self.take(".")
                function = _MATH[self.take()[1]]
                self.take("(")
                arguments = [self.expression()]
                while self.peek() == ",":
                    self.take()
                    arguments.append(self.expression())
                self.take(")")
                return function(*arguments)
            if text not in self.names:
                raise ExpressionError(f"unknown name {text}")
            return self.names[text]
        if text == "(":
            value = self.expression()
            self.take(")")
            return value
        raise ExpressionError(f"unexpected {text!r}")

    def postfix(self, value: Any) -> Any:
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                value = value.get(self.take()[1]) if isinstance(value, dict) else None
            else:
                key = self.expression()
                self.take("]")
                value = value[key] if isinstance(value, list | dict) else None
        return value


def _apply(op: str, left: Any, right: Any) -> Any:
    if op == "&&":
        return right if left else left
    if op == "||":
        return left if left else right
    if op == "+" and (isinstance(left, str) or isinstance(right, str)):
        return f"{_text(left)}{_text(right)}"
    operations: dict[str, Callable[[Any, Any], Any]] = {
        "==": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a / b,
        "%": lambda a, b: a % b,
    }
    return operations[op](left, right)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def evaluate(value: Any, names: Mapping[str, Any], resources: Mapping[str, Any]) -> Any:
    """A property's value with its `${...}` expressions and `@resource` references resolved."""
    if not isinstance(value, str):
        return value
    if value.startswith("@") and re.fullmatch(r"@[A-Za-z_]\w*", value):
        return _Parser(value, names, resources).expression()
    pieces = re.split(r"\$\{([^}]*)\}", value)
    if len(pieces) == 3 and pieces[0] == pieces[2] == "":
        return _Parser(pieces[1], names, resources).expression()
    out = [
        _text(_Parser(piece, names, resources).expression()) if odd else piece
        for odd, piece in ((i % 2 == 1, p) for i, p in enumerate(pieces))
    ]
    return "".join(out)
