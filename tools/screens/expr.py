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


_Scope = tuple[Mapping[str, Any], Mapping[str, Any]]  # (names, resources)
_Compiled = Callable[[_Scope], Any]


def _tokens(source: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    at = 0
    while at < len(source.rstrip()):
        match = _TOKEN.match(source, at)
        if match is None or match.lastgroup is None:
            raise ExpressionError(f"cannot read {source[at:]!r}")
        out.append((match.lastgroup, match.group(match.lastgroup)))
        at = match.end()
    return tuple(out)


class _Parser:
    """Reads an expression once into a function of the names and resources in scope. Both sides
    of `?:`, `&&` and `||` are evaluated, so a bad name is caught in either branch."""

    def __init__(self, source: str):
        self.tokens = _tokens(source)
        self.at = 0

    def whole(self) -> _Compiled:
        compiled = self.expression()
        if self.at != len(self.tokens):
            raise ExpressionError(f"unexpected {self.tokens[self.at][1]!r}")
        return compiled

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

    def expression(self, weakest: int = 0) -> _Compiled:
        value = self.unary()
        while True:
            op = self.peek()
            if op == "?" and weakest == 0:
                self.take()
                yes = self.expression()
                self.take(":")
                no = self.expression()
                value = _choice(value, yes, no)
                continue
            strength = _BINARY.get(op or "")
            if strength is None or strength <= weakest:
                return value
            self.take()
            value = _binary(op or "", value, self.expression(strength))

    def unary(self) -> _Compiled:
        if self.peek() == "!":
            self.take()
            operand = self.unary()
            return lambda scope: not operand(scope)
        if self.peek() == "-":
            self.take()
            negated = self.unary()
            return lambda scope: -negated(scope)
        return self.postfix(self.primary())

    def primary(self) -> _Compiled:
        kind, text = self.take()
        if kind in ("num", "str"):
            constant = (float(text) if "." in text else int(text)) if kind == "num" else text[1:-1]
            return lambda scope: constant
        if kind == "res":
            return _lookup(text[1:], 1, f"no resource {text}")
        if kind == "name":
            literal = {"true": True, "false": False, "null": None}
            if text in literal:
                known = literal[text]
                return lambda scope: known
            if text == "Math":
                return self.math()
            return _lookup(text, 0, f"unknown name {text}")
        if text == "(":
            value = self.expression()
            self.take(")")
            return value
        raise ExpressionError(f"unexpected {text!r}")

    def math(self) -> _Compiled:
        self.take(".")
        name = self.take()[1]
        if name not in _MATH:
            raise ExpressionError(f"no Math.{name}")
        function = _MATH[name]
        self.take("(")
        arguments = [self.expression()]
        while self.peek() == ",":
            self.take()
            arguments.append(self.expression())
        self.take(")")
        return lambda scope: function(*(argument(scope) for argument in arguments))

    def postfix(self, value: _Compiled) -> _Compiled:
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                kind, name = self.take()
                if kind != "name":
                    raise ExpressionError(f"expected a name after '.', found {name!r}")
                value = _member(value, name)
            else:
                value = _index(value, self.expression())
                self.take("]")
        return value


def _lookup(name: str, where: int, missing: str) -> _Compiled:
    def look_up(scope: _Scope) -> Any:
        found = scope[where]
        if name not in found:
            raise ExpressionError(missing)
        return found[name]

    return look_up


def _member(of: _Compiled, name: str) -> _Compiled:
    def member(scope: _Scope) -> Any:
        value = of(scope)
        return value.get(name) if isinstance(value, dict) else None

    return member


def _index(of: _Compiled, key: _Compiled) -> _Compiled:
    def index(scope: _Scope) -> Any:
        value, at = of(scope), key(scope)
        return value[at] if isinstance(value, list | dict) else None

    return index


def _choice(test: _Compiled, yes: _Compiled, no: _Compiled) -> _Compiled:
    def choice(scope: _Scope) -> Any:
        chosen, yes_value, no_value = test(scope), yes(scope), no(scope)
        return yes_value if chosen else no_value

    return choice


def _binary(op: str, left: _Compiled, right: _Compiled) -> _Compiled:
    apply = _OPERATIONS[op]
    return lambda scope: apply(left(scope), right(scope))


def _plus(left: Any, right: Any) -> Any:
    if isinstance(left, str) or isinstance(right, str):
        return f"{_text(left)}{_text(right)}"
    return left + right


_OPERATIONS: Mapping[str, Callable[[Any, Any], Any]] = {
    "&&": lambda a, b: b if a else a,
    "||": lambda a, b: a if a else b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "+": _plus,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "%": lambda a, b: a % b,
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


@cache  # a document's few hundred property values are read at every moment of every check
def _compile(value: str) -> _Compiled:
    if value.startswith("@") and re.fullmatch(r"@[A-Za-z_]\w*", value):
        return _Parser(value).whole()
    pieces = re.split(r"\$\{([^}]*)\}", value)
    if len(pieces) == 3 and pieces[0] == pieces[2] == "":
        return _Parser(pieces[1]).whole()
    parts = [_Parser(piece).whole() if i % 2 else piece for i, piece in enumerate(pieces)]
    return lambda scope: "".join(_text(p(scope)) if callable(p) else p for p in parts)


def evaluate(value: Any, names: Mapping[str, Any], resources: Mapping[str, Any]) -> Any:
    """A property's value with its `${...}` expressions and `@resource` references resolved."""
    if not isinstance(value, str):
        return value
    return _compile(value)((names, resources))
