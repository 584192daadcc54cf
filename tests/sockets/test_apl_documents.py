"""The screen's APL documents pass Amazon's own validator, apl-suggester (node, a subprocess):
every document as stored, and the document as sent with a real step's data."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from skill.domain.content import Catalog
from skill.domain.replies import Lead
from skill.screen.step import Narration, document, step_datasources
from tests.support.apl import validate
from tests.support.settings import ROOT

DOCUMENTS = sorted((ROOT / "skill" / "screen" / "documents").glob("*.json"))


def write(folder: Path, name: str, content: Any) -> Path:
    """content as a JSON file in folder."""
    path = folder / name
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def test_every_document_passes_apl_suggester_with_no_finding() -> None:
    assert DOCUMENTS
    findings = validate(DOCUMENTS)
    assert findings == {str(path): [] for path in DOCUMENTS}


def test_the_step_document_as_sent_with_real_steps_passes(catalog: Catalog, tmp_path: Path) -> None:
    longest = max(catalog.routines, key=lambda r: len(r.steps))
    sent = [
        write(
            tmp_path,
            f"{routine.id}-{step.index}-{'timed' if narration else 'steady'}.json",
            {"document": document(), "datasources": step_datasources(step, narration)},
        )
        for routine in {catalog.routines[0], longest}
        for step in routine.steps
        for narration in (Narration(Lead.NEXT), None)
    ]
    findings = validate(sent)
    assert not any(findings.values()), {k: v for k, v in findings.items() if v}


def test_a_broken_document_is_caught(tmp_path: Path) -> None:
    not_a_count = copy.deepcopy(document())
    not_a_count["layouts"]["StepRound"]["item"]["items"][0]["maxLines"] = "two"
    no_template = copy.deepcopy(document())
    del no_template["mainTemplate"]
    bad_alignment = copy.deepcopy(document())
    bad_alignment["layouts"]["StepLandscape"]["item"]["alignItems"] = "middle"
    files = [
        write(tmp_path, "count.json", not_a_count),
        write(tmp_path, "template.json", no_template),
        write(tmp_path, "alignment.json", bad_alignment),
    ]
    findings = validate(files)
    paths = {name: [f.path for f in found] for name, found in findings.items()}
    assert paths[str(files[0])] == ["/layouts/StepRound/item/items/0/maxLines"]
    assert findings[str(files[1])]
    assert paths[str(files[2])] == ["/layouts/StepLandscape/item/alignItems"]
