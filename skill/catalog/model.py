"""Keeps the interaction model's ROUTINE slot type in step with content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from skill.domain.content import Catalog

SLOT_TYPE = "ROUTINE"


def routine_slot_type(catalog: Catalog) -> dict[str, Any]:
    """The ROUTINE slot type: one value per routine, its id, spoken name and synonyms."""
    return {
        "name": SLOT_TYPE,
        "values": [
            {
                "id": routine.id,
                "name": {"value": routine.name, "synonyms": list(routine.synonyms)},
            }
            for routine in catalog.routines
        ],
    }


def sync_model(path: Path, catalog: Catalog) -> bool:
    """Rewrite the ROUTINE slot type in the model file from content; True if it changed."""
    model = json.loads(path.read_text(encoding="utf-8"))
    language = model["interactionModel"]["languageModel"]
    others = [t for t in language.get("types", []) if t.get("name") != SLOT_TYPE]
    updated = [routine_slot_type(catalog), *others]
    if language.get("types") == updated:
        return False
    language["types"] = updated
    path.write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return True
