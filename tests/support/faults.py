"""Faults to put in the skill for a test: what an internal bug looks like from outside."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from skill.domain.coach import Coach


@contextmanager
def a_bug_in_narration() -> Iterator[None]:
    """Narrating any step raises, as a bug in the coach would, until the block ends."""

    def broken(*args: object) -> None:
        raise RuntimeError("simulated bug")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Coach, "_narrate", broken)
        yield
