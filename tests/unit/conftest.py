"""Fixtures for the pure tests: the coach on the real content (tests/conftest.py loads it once)."""

from __future__ import annotations

import pytest

from skill.domain.coach import Coach
from skill.domain.routines import Catalog


@pytest.fixture
def coach(catalog: Catalog) -> Coach:
    """The coach, with the default thirty days' retention."""
    return Coach(catalog)
