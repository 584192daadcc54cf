"""The screens a document must fit: Alexa's viewport profiles, as the properties APL's `viewport`
gives a document (sizes in dp: pixels x 160 / dpi).

Taken from Amazon's alexa-viewport-profiles package (hubRoundSmall, hubLandscapeSmall, ...). The
documents do not import that package: an import is fetched from Amazon when a document renders
and when apl-suggester validates it, and the tests go nowhere but loopback; so the documents
test `viewport` directly, and these profiles are what the tests give them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Viewport:
    """One viewport profile, with a device that has it."""

    profile: str
    device: str
    shape: str  # "round" or "rectangle"
    width: int  # dp
    height: int  # dp
    mode: str = "hub"  # "hub", "tv", "auto", "mobile", "pc"
    dpi: int = 160

    def binding(self) -> dict[str, Any]:
        """The `viewport` object a document's expressions see on this screen."""
        return {
            "shape": self.shape,
            "width": self.width,
            "height": self.height,
            "pixelWidth": self.width * self.dpi // 160,
            "pixelHeight": self.height * self.dpi // 160,
            "dpi": self.dpi,
            "mode": self.mode,
            "theme": "dark",
        }


PROFILES = (
    Viewport("hubRoundSmall", "Echo Spot", "round", 480, 480),
    Viewport("hubLandscapeSmall", "Echo Show 5", "rectangle", 960, 480),
    Viewport("hubLandscapeMedium", "Echo Show 8", "rectangle", 960, 600),
    Viewport("hubLandscapeLarge", "Echo Show 10", "rectangle", 1280, 800),
    Viewport("hubLandscapeXLarge", "Echo Show 15", "rectangle", 1920, 1080),
    Viewport("tvLandscapeXLarge", "Fire TV", "rectangle", 960, 540, mode="tv", dpi=320),
)


def profile(name: str) -> Viewport:
    """The viewport profile of that name."""
    return next(p for p in PROFILES if p.profile == name)
