"""The screen's APL documents pass Amazon's own validator, apl-suggester (node, a subprocess):
every document as stored, and the document as sent with a real step's data.

Starting node and apl-suggester costs far more than checking a document, so every file the tests
need is validated in one run (`validated`), and each test asserts on its own files."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from skill.domain.replies import Lead
from skill.domain.routines import Catalog
from skill.screen.step import Narration, document, step_datasources
from tests.support.apl import Finding, validate
from tests.support.settings import ROOT

DOCUMENTS = sorted((ROOT / "skill" / "screen" / "documents").glob("*.json"))


def write(folder: Path, name: str, content: Any) -> Path:
    """content as a JSON file in folder."""
    path = folder / name
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def sent_documents(catalog: Catalog, folder: Path) -> list[Path]:
    """The step document as sent, with every step of the first and the longest routine, timed
    and steady."""
    longest = max(catalog.routines, key=lambda r: len(r.steps))
    return [
        write(
            folder,
            f"{routine.id}-{step.index}-{'timed' if narration else 'steady'}.json",
            {"document": document(), "datasources": step_datasources(step, narration)},
        )
        for routine in {catalog.routines[0], longest}
        for step in routine.steps
        for narration in (Narration(Lead.NEXT), None)
    ]


def broken_documents(folder: Path) -> dict[str, Path]:
    """The step document broken three ways: a count that is not one, no mainTemplate, an
    alignment APL does not have."""
    not_a_count = copy.deepcopy(document())
    not_a_count["layouts"]["StepRound"]["item"]["items"][0]["maxLines"] = "two"
    no_template = copy.deepcopy(document())
    del no_template["mainTemplate"]
    bad_alignment = copy.deepcopy(document())
    bad_alignment["layouts"]["StepLandscape"]["item"]["alignItems"] = "middle"
    return {
        "count": write(folder, "count.json", not_a_count),
        "template": write(folder, "template.json", no_template),
        "alignment": write(folder, "alignment.json", bad_alignment),
    }


@dataclass(frozen=True)
class Validated:
    """apl-suggester's findings for every file, and which files each test asked about."""

    findings: dict[str, list[Finding]]
    sent: list[Path]
    broken: dict[str, Path]

    def of(self, path: Path) -> list[Finding]:
        return self.findings[str(path)]


@pytest.fixture(scope="module")
def validated(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """One apl-suggester run over the stored documents, the sent ones and the broken ones."""
    sent = sent_documents(catalog, tmp_path_factory.mktemp("sent"))
    broken = broken_documents(tmp_path_factory.mktemp("broken"))
    findings = validate([*DOCUMENTS, *sent, *broken.values()])
    return Validated(findings, sent, broken)


def test_every_document_passes_apl_suggester_with_no_finding(validated: Validated) -> None:
    assert DOCUMENTS
    assert {str(path): validated.of(path) for path in DOCUMENTS} == {
        str(path): [] for path in DOCUMENTS
    }


def test_the_step_document_as_sent_with_real_steps_passes(validated: Validated) -> None:
    assert validated.sent
    found = {str(path): validated.of(path) for path in validated.sent}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_a_broken_document_is_caught(validated: Validated) -> None:
    paths = {name: [f.path for f in validated.of(file)] for name, file in validated.broken.items()}
    assert paths["count"] == ["/layouts/StepRound/item/items/0/maxLines"]
    assert validated.of(validated.broken["template"])
    assert paths["alignment"] == ["/layouts/StepLandscape/item/alignItems"]
