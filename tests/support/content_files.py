"""Copies of the real content that a test may break, and what loading them says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skill.catalog import ContentError, load_catalog
from tests.support.settings import ROOT


def content_copy(folder: Path) -> Path:
    """A copy of the real content under folder."""
    copy = folder / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def edit_text(path: Path, old: str, new: str) -> None:
    """Replace the first old in the file with new; old must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_problems(directory: Path) -> list[str]:
    """Every problem loading the content in directory reports (it must refuse it)."""
    with pytest.raises(ContentError) as caught:
        load_catalog(directory)
    return caught.value.problems
