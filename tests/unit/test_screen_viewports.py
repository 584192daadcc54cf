"""The step document on every viewport profile (tools.screens.layout: an approximate APL layout):
round Echo Spot, small Show 5, medium and large hubs, Show 15 and TV each get a layout that fits,
in sizes that grow with the screen; and the countdown reads what the narration is doing."""

from __future__ import annotations

import copy
import math

import pytest

from skill.domain.replies import Lead
from skill.domain.routines import Catalog, Step
from skill.screen.step import Narration, document, step_datasources
from tests.support.settings import ROOT
from tests.support.speech import content_catalog
from tools.screens.layout import LayoutError, lay_out
from tools.screens.preview import pictures
from tools.screens.viewports import PROFILES, Viewport, profile

ALL_STEPS = [s for r in content_catalog().routines for s in r.steps]
# The hardest steps to fit: the longest move name, setup, side label and clock label.
HARD: list[Step] = list(
    dict.fromkeys(
        [
            max(ALL_STEPS, key=lambda s: len(s.move.name)),
            max(ALL_STEPS, key=lambda s: len(s.move.setup)),
            max(ALL_STEPS, key=lambda s: len(s.part.label or "")),
            max(ALL_STEPS, key=lambda s: max((len(a) for a in s.part.alternate), default=0)),
        ]
    )
)


def _step_id(step: Step) -> str:
    return f"{step.routine.id}-{step.index}"


def _moments(step: Step) -> list[float]:
    """Before the first rep, in each rep before and during its hold, and after the last."""
    ticks = step_datasources(step, Narration(Lead.NEXT))["step"]["timeline"]
    inside = [t["from"] + 1 for t in ticks] + [t["hold"] + 1 for t in ticks]
    return [0.0, *inside, ticks[-1]["until"] + 1]


def _corners(ink: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    x, y, w, h = ink
    return [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]


@pytest.mark.parametrize("view", PROFILES, ids=lambda v: v.profile)
@pytest.mark.parametrize("step", HARD, ids=_step_id)
def test_the_step_fits_every_screen_at_every_moment(view: Viewport, step: Step) -> None:
    data = step_datasources(step, Narration(Lead.NEXT))
    for moment in _moments(step):
        laid = lay_out(document(), data, view, moment)
        assert laid.problems == [], (view.profile, moment)
        for box in laid.boxes[1:]:  # the first is the full-screen background
            for x, y in _corners(box.ink):
                assert -0.5 <= x <= view.width + 0.5, (view.profile, box.lines)
                assert -0.5 <= y <= view.height + 0.5, (view.profile, box.lines)
                if view.shape == "round":  # inside the circle, rounded button ends allowed for
                    inset = 0.29 * float(str(box.props.get("borderRadius", "0")).strip("dp"))
                    r = view.width / 2
                    assert math.dist((x, y), (r, r)) <= r + inset, (box.lines, x, y)


def _texts(view: Viewport, step: Step, moment: float = 0.0) -> dict[str, float]:
    """Every text drawn, with its font size."""
    laid = lay_out(document(), step_datasources(step, Narration(Lead.NEXT)), view, moment)
    return {
        " ".join(b.lines): float(b.props["fontSize"].strip("dp")) for b in laid.boxes if b.lines
    }


def test_each_screen_gets_its_own_sizes_and_layout(catalog: Catalog) -> None:
    step = catalog.routines[0].steps[0]
    move = step.move.name.capitalize()
    sizes = {v.profile: _texts(v, step)[move] for v in PROFILES}
    order = ["hubRoundSmall", "hubLandscapeSmall", "hubLandscapeMedium", "hubLandscapeXLarge"]
    assert [sizes[p] for p in order] == sorted(sizes[p] for p in order)
    assert len({sizes[p] for p in order}) == len(order)
    assert sizes["tvLandscapeXLarge"] != sizes["hubLandscapeMedium"]
    assert min(sizes.values()) >= 36  # large text, readable from the floor
    opening = step.move.setup[:20]  # the setup may be cut to fit: it starts the same
    drawn = {v.profile: [t for t in _texts(v, step) if t.startswith(opening)] for v in PROFILES}
    assert drawn.pop("hubRoundSmall") == []  # the Spot has no room for it
    assert all(len(found) == 1 for found in drawn.values()), drawn


def test_the_countdown_reads_what_the_narration_is_doing(catalog: Catalog) -> None:
    step = next(s for s in catalog.routines[0].steps if s.part.hold.value >= 10)
    data = step_datasources(step, Narration(Lead.NEXT))["step"]
    first = data["timeline"][0]
    view = profile("hubLandscapeMedium")
    before = _texts(view, step, 0.0)
    assert data["reps"] in before  # before the reps: how many
    settling = _texts(view, step, first["from"] + 1)
    assert first["label"] in settling
    assert str(round((first["until"] - first["hold"]) / 1000)) in settling  # the hold to come
    during = _texts(view, step, first["hold"] + 3_500)
    assert str(math.ceil((first["until"] - first["hold"] - 3_500) / 1000)) in during
    assert data["reps"] not in during
    after = _texts(view, step, data["endsAt"] + 1)
    assert data["reps"] in after
    assert first["label"] not in after


def test_a_component_the_layout_does_not_know_is_an_error() -> None:
    # apl-suggester lets an unknown component type through; this layout does not.
    broken = copy.deepcopy(document())
    broken["layouts"]["StepRound"]["item"]["items"][0]["type"] = "Txet"
    data = step_datasources(content_catalog().routines[0].steps[0], None)
    with pytest.raises(LayoutError, match="Txet"):
        lay_out(broken, data, profile("hubRoundSmall"), 0)


def test_the_documents_import_nothing() -> None:
    # An import is fetched from Amazon at render time (and by apl-suggester): none, so nothing is.
    assert "import" not in document()


def test_the_readme_pictures_are_drawn_from_the_current_document() -> None:
    for name, picture in pictures().items():
        stored = ROOT / "docs" / "screens" / name
        assert stored.read_text(encoding="utf-8") == picture, (
            f"{name} is stale: python -m tools.screens.preview"
        )
