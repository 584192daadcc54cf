"""When each rep of a narrated step happens (skill.voice.timeline): read from the very segments
the step is narrated in, so a screen's countdown runs with the speech."""

from __future__ import annotations

from itertools import pairwise

import pytest

from skill.domain.replies import Lead
from skill.domain.routines import Catalog, Step
from skill.voice.narration import DISCLAIMER, narrate_step
from skill.voice.reps import reps_of
from skill.voice.ssml import Pause, Say, segments_seconds, speech_seconds
from skill.voice.timeline import beats
from tests.support.speech import content_catalog

STEPS = [step for routine in content_catalog().routines for step in routine.steps]


def _holds_by_scanning(step: Step, lead: Lead) -> list[float]:
    """When each "Hold" cue ends in the narration, found by walking its segments."""
    clock, found = 0.0, []
    for segment in narrate_step(step, lead):
        if isinstance(segment, Pause):
            clock += segment.ms / 1000
            continue
        clock += speech_seconds(segment.text)
        if segment.text.startswith("Hold"):
            found.append(clock)
    return found


@pytest.mark.parametrize("step", STEPS, ids=lambda s: f"{s.routine.id}-{s.index}")
def test_each_rep_is_on_the_clock_where_the_narration_says_it(step: Step) -> None:
    on_clock = beats(step, Lead.NEXT)
    assert [(b.number, b.side) for b in on_clock] == [
        (r.number, r.side) for r in reps_of(step.part)
    ]
    assert all(b.starts < b.timed_from < b.ends for b in on_clock)
    assert all(a.ends < b.starts for a, b in pairwise(on_clock))
    assert on_clock[-1].ends < segments_seconds(narrate_step(step, Lead.NEXT))
    if step.part.hold.value > 0:
        assert [b.timed_from for b in on_clock] == pytest.approx(
            _holds_by_scanning(step, Lead.NEXT)
        )
        for beat in on_clock:
            assert beat.seconds == pytest.approx(step.part.hold.value, abs=0.5)
    else:
        assert [b.seconds for b in on_clock] == pytest.approx(
            [step.part.rep_seconds] * len(on_clock)
        )


def test_the_first_time_note_moves_every_rep_later_by_its_length(catalog: Catalog) -> None:
    step = catalog.routines[0].steps[0]
    plain, noted = beats(step, Lead.FIRST), beats(step, Lead.FIRST, disclaimer=True)
    note = speech_seconds(DISCLAIMER) + 0.5
    assert [b.starts - a.starts for a, b in zip(plain, noted, strict=True)] == pytest.approx(
        [note] * len(plain)
    )


def _easier_hold(step: Step) -> int:
    easier = step.part.easier()
    return step.part.hold.value if easier is None else easier.hold.value


def test_the_easier_way_is_timed_with_its_shorter_holds() -> None:
    step = next(s for s in STEPS if _easier_hold(s) < s.part.hold.value)
    for beat in beats(step, Lead.EASIER, easier=True):
        assert beat.seconds == pytest.approx(_easier_hold(step), abs=0.5)


def test_a_segment_kind_the_timeline_does_not_know_would_show() -> None:
    # The timeline adds up Say and Pause only; the narration is made of nothing else.
    kinds = {type(s) for step in STEPS for s in narrate_step(step, Lead.NEXT)}
    assert kinds == {Say, Pause}
