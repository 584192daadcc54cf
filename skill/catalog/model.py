"""The interaction model (interaction_models/en-US.json): read as typed data, and its ROUTINE
slot type kept in step with content. The one module that reads or writes the model file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.domain.content import Catalog

SLOT_TYPE = "ROUTINE"
MODEL_FILE = Path(__file__).resolve().parents[2] / "interaction_models" / "en-US.json"


@dataclass(frozen=True)
class SlotTypeValue:
    """One value of a custom slot type: its id, its name and its synonyms."""

    id: str
    name: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Intent:
    """An intent: its sample utterances and its slots (slot name -> slot type)."""

    name: str
    samples: tuple[str, ...]
    slots: dict[str, str]


@dataclass(frozen=True)
class InteractionModel:
    """What Alexa knows about the skill: invocation name, intents and slot types."""

    invocation_name: str
    intents: tuple[Intent, ...]
    slot_types: dict[str, tuple[SlotTypeValue, ...]]

    def intent(self, name: str) -> Intent | None:
        """The intent called name, if the model has it."""
        return next((i for i in self.intents if i.name == name), None)


def parse_model(data: dict[str, Any]) -> InteractionModel:
    """The model in an interaction model JSON document."""
    language = data["interactionModel"]["languageModel"]
    intents = tuple(
        Intent(
            name=raw["name"],
            samples=tuple(raw.get("samples", [])),
            slots={slot["name"]: slot["type"] for slot in raw.get("slots", [])},
        )
        for raw in language["intents"]
    )
    types = {
        raw["name"]: tuple(
            SlotTypeValue(
                id=value.get("id") or value["name"]["value"],
                name=value["name"]["value"],
                synonyms=tuple(value["name"].get("synonyms", [])),
            )
            for value in raw.get("values", [])
        )
        for raw in language.get("types", [])
    }
    return InteractionModel(language["invocationName"], intents, types)


def load_model(path: Path = MODEL_FILE) -> InteractionModel:
    """The model stored at path (the skill's en-US model by default)."""
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return parse_model(loaded)


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


def main(argv: list[str] | None = None) -> int:
    """Rewrite the model's ROUTINE type from content; with --check, only report drift."""
    import argparse
    import sys

    from skill.catalog.loader import ContentError, load_catalog
    from skill.config import PACKAGE_ROOT

    parser = argparse.ArgumentParser(prog="python -m skill.catalog.model", description=main.__doc__)
    parser.add_argument("--content", type=Path, default=PACKAGE_ROOT / "content")
    parser.add_argument("--model", type=Path, default=MODEL_FILE)
    parser.add_argument("--check", action="store_true", help="fail if the model is out of date")
    args = parser.parse_args(argv)
    try:
        catalog = load_catalog(args.content)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.check:
        language = json.loads(args.model.read_text(encoding="utf-8"))["interactionModel"]
        types = language["languageModel"].get("types", [])
        current = next((t for t in types if t.get("name") == SLOT_TYPE), None)
        if current != routine_slot_type(catalog):
            print(f"{args.model}: ROUTINE is out of date; run `make model`", file=sys.stderr)
            return 1
        print(f"{args.model}: ROUTINE matches content")
        return 0
    changed = sync_model(args.model, catalog)
    print(f"{args.model}: {'updated' if changed else 'already up to date'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
