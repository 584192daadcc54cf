"""A picture of the step document: the real document, filled with a real step's data, laid out
(tools.screens.layout) on a viewport at a moment of the narration, drawn as SVG.

    python -m tools.screens.preview [--out docs/screens] [--content content]

writes one SVG per viewport profile for the README. It is a preview, not Amazon's renderer: the
fonts are stand-ins and text widths estimates (see layout.py); the layout, sizes and colours are
the document's own.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from skill.catalog import load_catalog
from skill.config import PROJECT_ROOT
from skill.domain.replies import Lead
from skill.domain.routines import Step
from skill.screen.step import Narration, document, step_datasources
from tools.screens.layout import LINE_HEIGHT, Laid, lay_out
from tools.screens.viewports import PROFILES, Viewport

FONT = "Amazon Ember Display, Helvetica Neue, Helvetica, Arial, sans-serif"
SHOWN_PROFILES = ("hubLandscapeLarge", "hubRoundSmall", "hubLandscapeSmall", "tvLandscapeXLarge")
ROUTINE = "lower-back"  # its first step with a side (knee to chest, left leg) is pictured
INTO_HOLD = 0.4  # the moment pictured: this far through the step's second hold


def sample(content: Path = PROJECT_ROOT / "content") -> tuple[Step, dict[str, Any], float]:
    """The pictured step, its data as a narrated step sends it, and the moment pictured."""
    routine = load_catalog(content).get(ROUTINE)
    if routine is None:
        raise SystemExit(f"no routine {ROUTINE!r} in {content}")
    step = next((s for s in routine.steps if s.part.label), routine.steps[0])
    data = step_datasources(step, Narration(Lead.NEXT))
    ticks = data["step"]["timeline"]
    tick = ticks[min(1, len(ticks) - 1)]
    return step, data, tick["hold"] + INTO_HOLD * (tick["until"] - tick["hold"])


def svg(laid: Laid) -> str:
    """The laid-out document as an SVG picture, at its size in dp."""
    view = laid.viewport
    w, h = view.width, view.height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family={quoteattr(FONT)}>',
        f"<title>Back Stretch Coach step screen on {escape(view.device)} ({view.profile}): "
        "a preview from skill/screen/documents/step.json</title>",
    ]
    if view.shape == "round":
        circle = f'<circle cx="{w / 2}" cy="{h / 2}" r="{min(w, h) / 2}"/>'
        out.append(f'<clipPath id="round">{circle}</clipPath>')
        out.append('<g clip-path="url(#round)">')
    for box in laid.boxes:
        if box.kind == "frame":
            radius = min(_number(box.props.get("borderRadius"), laid), box.h / 2)
            fill = box.props.get("backgroundColor") or "none"
            out.append(
                f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
                f'rx="{radius:.1f}" fill="{fill}"/>'
            )
            continue
        size = _number(box.props.get("fontSize"), laid)
        x, y, width, _ = box.ink
        anchor = {"center": ("middle", x + width / 2), "right": ("end", x + width)}
        how, at = anchor.get(box.props.get("textAlign", "left"), ("start", x))
        weight = "bold" if box.props.get("fontWeight") == "bold" else "normal"
        for n, line in enumerate(box.lines):
            baseline = y + size * (n * LINE_HEIGHT + 0.95)
            out.append(
                f'<text x="{at:.1f}" y="{baseline:.1f}" font-size="{size:.0f}" '
                f'font-weight="{weight}" text-anchor="{how}" '
                f'fill="{box.props.get("color", "#FFFFFF")}">{escape(line)}</text>'
            )
    if view.shape == "round":
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _number(value: Any, laid: Laid) -> float:
    if value is None:
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).removesuffix("dp"))


def pictures(content: Path = PROJECT_ROOT / "content") -> dict[str, str]:
    """Every pictured profile's SVG, by file name."""
    _, data, moment = sample(content)
    chosen: list[Viewport] = [p for name in SHOWN_PROFILES for p in PROFILES if p.profile == name]
    return {
        f"step-{view.profile}.svg": svg(lay_out(document(), data, view, moment)) for view in chosen
    }


def main(argv: list[str] | None = None) -> int:
    """Write the preview pictures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "screens")
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, picture in pictures(args.content).items():
        (args.out / name).write_text(picture, encoding="utf-8")
        print(args.out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
