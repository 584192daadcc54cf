"""Strict checking of skill package JSON against the ask-smapi-model classes.

ask-sdk-core's DefaultSerializer builds those classes from JSON, but leniently: it ignores keys a
class does not declare, so a misspelt field ("examplePhrase") would pass unnoticed. This walks
the JSON along the same type tables the serializer uses (each class's `deserialized_types` and
`attribute_map`, its enums and its discriminators) and reports every key a class does not
declare, every value outside its enum, every wrong JSON type, and every unknown discriminator."""

from __future__ import annotations

import importlib
import re
from enum import Enum
from typing import Any

# Interface types the manifest's enum lists but the model has no class for: they are declared
# by their type alone (`{"type": "CAN_FULFILL_INTENT_REQUEST"}`, as Amazon documents it).
TYPE_ONLY = {
    "ask_smapi_model.v1.skill.manifest.interface.Interface": (
        "ask_smapi_model.v1.skill.manifest.interface_type.InterfaceType"
    ),
}
PRIMITIVES: dict[str, type | tuple[type, ...]] = {
    "str": str,
    "int": int,
    "float": (int, float),
    "bool": bool,
    "object": object,
}


def _class(path: str) -> Any:
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def problems(payload: Any, type_name: str, where: str = "$") -> list[str]:
    """Every way payload is not a valid `type_name` (a class path, `list[…]` or `dict(str, …)`)."""
    if type_name.startswith("list["):
        if not isinstance(payload, list):
            return [f"{where}: expected a list"]
        inner = type_name[len("list[") : -1]
        return [p for i, item in enumerate(payload) for p in problems(item, inner, f"{where}[{i}]")]
    mapping = re.fullmatch(r"dict\(str, (.*)\)", type_name)
    if mapping:
        if not isinstance(payload, dict):
            return [f"{where}: expected an object"]
        return [p for k, v in payload.items() for p in problems(v, mapping[1], f"{where}.{k}")]
    if type_name in PRIMITIVES:
        wanted = PRIMITIVES[type_name]
        wrong = not isinstance(payload, wanted) or (
            type_name in ("int", "float") and isinstance(payload, bool)
        )
        return [f"{where}: expected {type_name}, got {payload!r}"] if wrong else []
    return _model_problems(payload, type_name, where)


def _model_problems(payload: Any, type_name: str, where: str) -> list[str]:
    cls = _class(type_name)
    if issubclass(cls, Enum):
        allowed = [member.value for member in cls]
        return [] if payload in allowed else [f"{where}: {payload!r} is not one of {allowed}"]
    if not isinstance(payload, dict):
        return [f"{where}: expected an object ({cls.__name__})"]
    choices: dict[str, str] = getattr(cls, "discriminator_value_class_map", None) or {}
    if choices:
        key = cls.json_discriminator_key
        kind = payload.get(key)
        if kind in choices:
            cls = _class(choices[kind])
        elif type_name in TYPE_ONLY and kind in [m.value for m in _class(TYPE_ONLY[type_name])]:
            extra = sorted(set(payload) - {key})
            return [f"{where}: {kind} takes no other keys, not {extra}"] if extra else []
        else:
            return [f"{where}.{key}: {kind!r} is not one of {sorted(choices)}"]
    declared = {
        cls.attribute_map.get(name, name): kind for name, kind in cls.deserialized_types.items()
    }
    found = [
        f"{where}.{key}: not a field of {cls.__name__}" for key in payload if key not in declared
    ]
    for key, value in payload.items():
        if key in declared:
            found += problems(value, declared[key], f"{where}.{key}")
    return found


MANIFEST = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"
INTERACTION_MODEL = (
    "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData"
)
