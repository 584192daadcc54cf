"""The content tests' copy of the real content, to break."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.content_files import content_copy


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the real content that a test may break."""
    return content_copy(tmp_path)
