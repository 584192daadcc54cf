"""The README's routine table says what the voice report (`make report`) measures."""

from __future__ import annotations

import re
from pathlib import Path

from skill.voice.narration import routine_minutes
from tests.support.speech import content_catalog

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| `([a-z-]+)` \|.*\| (\d+) / (\d+) \| (\d+) min \|$", re.MULTILINE)


def test_the_routine_table_matches_the_catalog() -> None:
    rows = {
        m[1]: (int(m[2]), int(m[3]), int(m[4]))
        for m in ROW.finditer((ROOT / "README.md").read_text(encoding="utf-8"))
    }
    catalog = content_catalog()
    assert rows == {
        r.id: (len(r.moves), len(r.steps), routine_minutes(r)) for r in catalog.routines
    }
