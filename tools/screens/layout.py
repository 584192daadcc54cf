"""An approximate APL layout of our documents on one viewport, for previews and fit checks.

Inflates a document as a device would (resources by `when`, layouts with their parameters, data
arrays, `when` and `display`), then lays it out with a small subset of flexbox: Containers in
rows and columns with padding, spacing, grow and shrink, alignItems/alignSelf and
justifyContent; Frames; TouchWrappers; Text wrapped at an estimated glyph width. It is not
Amazon's renderer: text widths are estimates and fonts differ; it says where things land well
enough to catch text that cannot fit or a button off the edge. An unknown component is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tools.screens.expr import evaluate
from tools.screens.viewports import Viewport

PRIMITIVES = {"Container", "Frame", "Text", "TouchWrapper"}
GLYPH_WIDTH = 0.52  # average character width, as a share of the font size (bold: +8 %)
LINE_HEIGHT = 1.25  # APL's default lineHeight
DEFAULT_FONT_SIZE = 40  # APL's default fontSize, dp
_STRUCTURE = {"type", "when", "items", "item", "data", "onPress", "description", "bind"}


class LayoutError(ValueError):
    """A document this layout cannot inflate (an unknown component, say)."""


@dataclass
class Node:
    """An inflated component: its evaluated properties and children."""

    type: str
    props: dict[str, Any]
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class Box:
    """Something drawn: a Frame's background or a Text's lines, in dp from the top left."""

    kind: str  # "frame" or "text"
    x: float
    y: float
    w: float
    h: float
    props: dict[str, Any]
    lines: tuple[str, ...] = ()
    ink: tuple[float, float, float, float] = (0, 0, 0, 0)  # x, y, w, h actually covered


@dataclass
class Laid:
    """A document laid out on a viewport: what is drawn, and what did not fit."""

    viewport: Viewport
    resources: dict[str, Any]
    boxes: list[Box] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def resources(document: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    """The document's resources as they apply here: later blocks whose `when` holds win."""
    found: dict[str, Any] = {}
    for block in document.get("resources", []):
        if evaluate(block.get("when", True), names, found) is False:
            continue
        for kind, values in block.items():
            if kind not in ("when", "description"):
                found.update(values)
    return found


def inflate(
    item: dict[str, Any], document: dict[str, Any], names: dict[str, Any], res: dict[str, Any]
) -> Node | None:
    """A component as a device inflates it, or None when its `when` is false."""
    if not evaluate(item.get("when", True), names, res):
        return None
    kind = item["type"]
    layouts = document.get("layouts", {})
    if kind in layouts:
        layout = layouts[kind]
        scope = dict(names)
        for parameter in layout.get("parameters", []):
            name = parameter if isinstance(parameter, str) else parameter["name"]
            default = None if isinstance(parameter, str) else parameter.get("default")
            scope[name] = evaluate(item.get(name, default), names, res)
        node = inflate(layout["item"], document, scope, res)
        own = {k: v for k, v in item.items() if k not in _STRUCTURE and k not in scope}
        if node is not None:
            node.props.update({k: evaluate(v, names, res) for k, v in own.items()})
        return node
    if kind not in PRIMITIVES:
        raise LayoutError(f"unknown component {kind!r}")
    props = {k: evaluate(v, names, res) for k, v in item.items() if k not in _STRUCTURE}
    templates = item.get("items", item.get("item", []))
    templates = templates if isinstance(templates, list) else [templates]
    children: list[Node] = []
    rows = evaluate(item["data"], names, res) if "data" in item else None
    for index, scope in enumerate(
        [{**names, "data": row, "index": i} for i, row in enumerate(rows)] if rows else [names]
    ):
        for template in templates:
            child = inflate(template, document, scope, res)
            if child is not None:
                children.append(child)
                if rows is not None or kind != "Container":
                    break
        if kind != "Container" and children:
            break
        del index
    return Node(kind, props, children)


def lay_out(
    document: dict[str, Any], datasources: dict[str, Any], viewport: Viewport, elapsed_ms: float
) -> Laid:
    """The document, filled with datasources, laid out on viewport at elapsed_ms after rendering."""
    names: dict[str, Any] = {"viewport": viewport.binding(), "elapsedTime": elapsed_ms}
    res = resources(document, names)
    template = document["mainTemplate"]
    for parameter in template.get("parameters", []):
        names[parameter] = datasources
    laid = Laid(viewport, res)
    for item in template["items"]:
        root = inflate(item, document, names, res)
        if root is not None:
            _Placer(laid).place(root, 0, 0, viewport.width, viewport.height)
            break
    return laid


def _dp(value: Any, viewport: Viewport, parent: float) -> float | None:
    """A dimension in dp: numbers, "40dp", "100vw", "100vh", "50%"; None when not set."""
    if value is None or value == "auto":
        return None
    if isinstance(value, int | float):
        return float(value)
    number, unit = _dimension(str(value))
    if unit == "dp":
        return number
    scale = {"px": 160 / viewport.dpi, "vw": viewport.width / 100, "vh": viewport.height / 100}
    return number * (scale[unit] if unit in scale else parent / 100)


@cache  # a document's few dozen dimensions, read at every moment of every check
def _dimension(text: str) -> tuple[float, str]:
    match = re.fullmatch(r"(-?\d+(?:\.\d+)?)(dp|px|vw|vh|%)?", text.strip())
    if match is None:
        raise LayoutError(f"not a dimension: {text!r}")
    return float(match.group(1)), match.group(2) or "dp"


def wrap(text: str, width: float, size: float, bold: bool, max_lines: int) -> list[str]:
    """Text broken into lines that fit width, at most max_lines (0: any), the last cut with …."""
    glyph = size * GLYPH_WIDTH * (1.08 if bold else 1.0)
    per_line = max(1, int((width + 0.5) // glyph))  # half a dp of slack for rounding
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
    return [line if len(line) <= per_line else line[: per_line - 1] + "…" for line in lines]


def text_width(line: str, size: float, bold: bool) -> float:
    """How wide a line of text is, estimated."""
    return len(line) * size * GLYPH_WIDTH * (1.08 if bold else 1.0)


class _Placer:
    def __init__(self, laid: Laid) -> None:
        self.laid = laid
        self.viewport = laid.viewport

    def _pad(self, node: Node, side: str, parent: float) -> float:
        return _dp(node.props.get(f"padding{side}"), self.viewport, parent) or 0.0

    def _visible(self, node: Node) -> list[Node]:
        return [c for c in node.children if c.props.get("display", "normal") != "none"]

    def _text(self, node: Node, width: float) -> tuple[list[str], float, bool]:
        size = _dp(node.props.get("fontSize"), self.viewport, 0) or DEFAULT_FONT_SIZE
        bold = str(node.props.get("fontWeight", "normal")) in ("bold", "700", "800", "900")
        inner = width - self._pad(node, "Left", width) - self._pad(node, "Right", width)
        lines = wrap(
            str(node.props.get("text", "")), inner, size, bold, int(node.props.get("maxLines", 0))
        )
        return lines, size, bold

    def measure(self, node: Node, width: float, height: float) -> tuple[float, float]:
        """The size node would take, given at most width x height."""
        w = _dp(node.props.get("width"), self.viewport, width)
        h = _dp(node.props.get("height"), self.viewport, height)
        pads_w = self._pad(node, "Left", width) + self._pad(node, "Right", width)
        pads_h = self._pad(node, "Top", height) + self._pad(node, "Bottom", height)
        if node.type == "Text":
            lines, size, bold = self._text(node, w or width)
            natural_w = max((text_width(line, size, bold) for line in lines), default=0) + pads_w
            return w or min(width, natural_w), h or len(lines) * size * LINE_HEIGHT + pads_h
        inner_w, inner_h = (w or width) - pads_w, (h or height) - pads_h
        sizes = [self.measure(c, inner_w, inner_h) for c in self._visible(node)]
        gaps = sum(self._spacing(c, i, inner_w) for i, c in enumerate(self._visible(node)))
        if node.props.get("direction") == "row":
            natural = (sum(s[0] for s in sizes) + gaps, max((s[1] for s in sizes), default=0))
        else:
            natural = (max((s[0] for s in sizes), default=0), sum(s[1] for s in sizes) + gaps)
        return w or natural[0] + pads_w, h or natural[1] + pads_h

    def _spacing(self, node: Node, index: int, parent: float) -> float:
        return (_dp(node.props.get("spacing"), self.viewport, parent) or 0.0) if index else 0.0

    def place(self, node: Node, x: float, y: float, w: float, h: float) -> None:
        """Lay node out in the box (x, y, w, h), recording what is drawn and what overflows."""
        if node.type == "Frame":
            self.laid.boxes.append(Box("frame", x, y, w, h, node.props, ink=(x, y, w, h)))
        if node.type == "Text":
            self._place_text(node, x, y, w, h)
            return
        left, top = self._pad(node, "Left", w), self._pad(node, "Top", h)
        inner_w = w - left - self._pad(node, "Right", w)
        inner_h = h - top - self._pad(node, "Bottom", h)
        row = node.props.get("direction") == "row"
        children = self._visible(node)
        main_size, cross_size = (inner_w, inner_h) if row else (inner_h, inner_w)
        sizes = [self.measure(c, inner_w, inner_h) for c in children]
        mains = [s[0] if row else s[1] for s in sizes]
        gaps = [self._spacing(c, i, main_size) for i, c in enumerate(children)]
        free = main_size - sum(mains) - sum(gaps)
        growing = [i for i, c in enumerate(children) if float(c.props.get("grow", 0)) > 0]
        shrinking = [i for i, c in enumerate(children) if float(c.props.get("shrink", 0)) > 0]
        share = growing if free > 0 else shrinking
        for i in share:
            mains[i] += free / len(share)
        if free < -0.5 and not shrinking:
            self.laid.problems.append(f"{node.type} overflows by {-free:.0f} dp")
        leftover = max(0.0, main_size - sum(mains) - sum(gaps)) if not share else 0.0
        justify = node.props.get("justifyContent", "start")
        at = {"center": leftover / 2, "end": leftover}.get(justify, 0.0)
        between = (
            leftover / (len(children) - 1) if justify == "spaceBetween" and len(children) > 1 else 0
        )
        for child, size, main, gap in zip(children, sizes, mains, gaps, strict=True):
            at += gap
            cross = size[1] if row else size[0]
            align = child.props.get("alignSelf", node.props.get("alignItems", "stretch"))
            explicit = child.props.get("height" if row else "width") is not None
            if align == "stretch" and not explicit:
                cross = cross_size
            offset = {"center": (cross_size - cross) / 2, "end": cross_size - cross}.get(align, 0.0)
            if row:
                self.place(child, x + left + at, y + top + offset, main, cross)
            else:
                self.place(child, x + left + offset, y + top + at, cross, main)
            at += main + between

    def _place_text(self, node: Node, x: float, y: float, w: float, h: float) -> None:
        lines, size, bold = self._text(node, w)
        needed = len(lines) * size * LINE_HEIGHT
        left, top = self._pad(node, "Left", w), self._pad(node, "Top", h)
        inner_w = w - left - self._pad(node, "Right", w)
        inner_h = h - top - self._pad(node, "Bottom", h)
        if needed > inner_h + 0.5:
            self.laid.problems.append(f"text {node.props.get('text')!r} is clipped")
        widest = max((text_width(line, size, bold) for line in lines), default=0.0)
        align = node.props.get("textAlign", "left")
        ink_x = (
            x + left + {"center": (inner_w - widest) / 2, "right": inner_w - widest}.get(align, 0.0)
        )
        vertical = node.props.get("textAlignVertical", "top")
        ink_y = (
            y
            + top
            + {"center": (inner_h - needed) / 2, "bottom": inner_h - needed}.get(vertical, 0.0)
        )
        ink = (ink_x, ink_y, widest, needed)
        self.laid.boxes.append(Box("text", x, y, w, h, node.props, tuple(lines), ink))
