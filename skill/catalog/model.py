"""The interaction models: one per locale, generated from one source, read as typed data. The one
module that reads or writes model files.

Sources (hand-edited, in interaction_models/; ModelSources):
- source.json: the model every English locale shares (invocation name, intents, samples), in
  the console's JSON format but without the ROUTINE slot type;
- locales.yaml: each locale's own sample utterances, added to the shared ones;
- content/: the ROUTINE slot type (one value per routine, its name and synonyms).

Generated (`make model`, committed, never edited by hand): the skill package's models,
skill-package/interactionModels/custom/<locale>.json, exactly what `ask deploy` uploads.
`--check` (in `make check`) and a test fail when a stored model is not what the sources make."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from skill.config import PROJECT_ROOT
from skill.domain.routines import Catalog
from skill.voice.locales import DEFAULT_LOCALE, LOCALES

SLOT_TYPE = "ROUTINE"
SOURCE_DIR = PROJECT_ROOT / "interaction_models"
MODELS_DIR = PROJECT_ROOT / "skill-package" / "interactionModels" / "custom"
SAMPLE = re.compile(r"[a-zA-Z' {}.]+")  # what the console accepts in a sample utterance


class ModelSourceError(ValueError):
    """The model sources are inconsistent (an unknown locale or intent, a repeated sample)."""


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


def model_path(locale: str, models_dir: Path = MODELS_DIR) -> Path:
    """Where a locale's generated model is stored."""
    return models_dir / f"{locale}.json"


def read_model_document(locale: str = DEFAULT_LOCALE, models_dir: Path = MODELS_DIR) -> Any:
    """A locale's stored model as JSON data (the console's format)."""
    return json.loads(model_path(locale, models_dir).read_text(encoding="utf-8"))


def load_model(locale: str = DEFAULT_LOCALE, models_dir: Path = MODELS_DIR) -> InteractionModel:
    """A locale's stored model (en-US by default)."""
    return parse_model(read_model_document(locale, models_dir))


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


@dataclass(frozen=True)
class ModelSources:
    """The hand-edited sources every locale's model is generated from."""

    shared: dict[str, Any]  # source.json
    extra_samples: dict[str, dict[str, list[str]]]  # locale -> intent -> samples

    @classmethod
    def read(cls, source_dir: Path = SOURCE_DIR) -> ModelSources:
        """The sources in a folder: source.json and locales.yaml."""
        shared = json.loads((source_dir / "source.json").read_text(encoding="utf-8"))
        extra = yaml.safe_load((source_dir / "locales.yaml").read_text(encoding="utf-8"))
        return cls(shared, extra or {})


def build_models(sources: ModelSources, catalog: Catalog) -> dict[str, dict[str, Any]]:
    """Every locale's model document: the shared model, the locale's own samples, and the
    ROUTINE slot type from content. Raises ModelSourceError when the sources disagree."""
    if set(sources.extra_samples) != set(LOCALES):
        raise ModelSourceError(
            f"locales.yaml must list exactly the skill's locales {list(LOCALES)}, "
            f"not {list(sources.extra_samples)}"
        )
    return {locale: _build(sources, locale, catalog) for locale in LOCALES}


def _build(sources: ModelSources, locale: str, catalog: Catalog) -> dict[str, Any]:
    document = copy.deepcopy(sources.shared)
    language = document["interactionModel"]["languageModel"]
    intents = {intent["name"]: intent for intent in language["intents"]}
    owner = {s.lower(): i["name"] for i in language["intents"] for s in i.get("samples", [])}
    for name, samples in (sources.extra_samples[locale] or {}).items():
        intent = intents.get(name)
        if intent is None:
            raise ModelSourceError(f"locales.yaml {locale}: no intent {name} in source.json")
        slots = {slot["name"] for slot in intent.get("slots", [])}
        for sample in samples:
            where = f"locales.yaml {locale} {name} {sample!r}"
            if not SAMPLE.fullmatch(sample) or not set(re.findall(r"{(\w+)}", sample)) <= slots:
                raise ModelSourceError(f"{where}: not a valid sample for this intent")
            if sample.lower() in owner:
                raise ModelSourceError(f"{where}: already a sample of {owner[sample.lower()]}")
            owner[sample.lower()] = name
        intent["samples"] = [*intent.get("samples", []), *samples]
    others = [t for t in language.get("types", []) if t.get("name") != SLOT_TYPE]
    language["types"] = [routine_slot_type(catalog), *others]
    return document


def _text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def stale_models(
    models: dict[str, dict[str, Any]], models_dir: Path = MODELS_DIR
) -> dict[Path, str]:
    """Each stored model file that differs from what the sources make, and how: "missing",
    "out of date", or "not a skill locale" for a model file no locale makes."""
    stale: dict[Path, str] = {}
    for locale, document in models.items():
        path = model_path(locale, models_dir)
        if not path.exists():
            stale[path] = "missing"
        elif path.read_text(encoding="utf-8") != _text(document):
            stale[path] = "out of date"
    for path in sorted(models_dir.glob("*.json")):
        if path.stem not in models:
            stale[path] = "not a skill locale"
    return stale


def write_models(models: dict[str, dict[str, Any]], models_dir: Path = MODELS_DIR) -> list[Path]:
    """Write every locale's model, remove model files of locales the skill no longer has; the
    files changed."""
    changed = list(stale_models(models, models_dir))
    models_dir.mkdir(parents=True, exist_ok=True)
    for path in changed:
        if path.stem in models:
            path.write_text(_text(models[path.stem]), encoding="utf-8")
        else:
            path.unlink()
    return changed


def main(argv: list[str] | None = None) -> int:
    """Generate every locale's interaction model from the sources and content; with --check,
    only report models that differ from what the sources make."""
    import argparse
    import sys

    from skill.catalog.loader import ContentError, load_catalog

    parser = argparse.ArgumentParser(prog="python -m skill.catalog.model", description=main.__doc__)
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--sources", type=Path, default=SOURCE_DIR, help="source.json's folder")
    parser.add_argument("--models", type=Path, default=MODELS_DIR, help="generated models' folder")
    parser.add_argument("--check", action="store_true", help="fail if a model is out of date")
    args = parser.parse_args(argv)
    try:
        models = build_models(ModelSources.read(args.sources), load_catalog(args.content))
    except (ContentError, ModelSourceError) as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.check:
        stale = stale_models(models, args.models)
        for path, problem in stale.items():
            print(f"{path}: {problem}; run `make model`", file=sys.stderr)
        if not stale:
            print(f"{args.models}: {', '.join(models)} match their sources and content")
        return 1 if stale else 0
    changed = write_models(models, args.models)
    for path in changed:
        print(f"{path}: {'written' if path.stem in models else 'removed'}")
    print(f"{args.models}: {len(models)} models, {len(changed)} changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
