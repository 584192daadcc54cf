"""The interaction model (interaction_models/en-US.json) as typed data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.config import PACKAGE_ROOT

DEFAULT_MODEL = PACKAGE_ROOT / "interaction_models" / "en-US.json"


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


def load_model(path: Path = DEFAULT_MODEL) -> InteractionModel:
    """The model stored at path (the skill's en-US model by default)."""
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return parse_model(loaded)
