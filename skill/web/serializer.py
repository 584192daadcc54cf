"""ask-sdk's serializer, giving exactly what ask-sdk's gives, with the decisions it makes on every
request made once per type.

ask-sdk works out on every request, for every field of every model, what kind of value it is:
it parses type names such as ``list[...]`` with a regular expression, imports the class a name
stands for, merges each model's attribute map again, and scans the payload for unknown keys
against a list. Those answers depend only on the type, so each type's are worked out once and
kept as a plan. A model is read in one pass over its payload's keys, and by ask-sdk's own
serializer when anything fails; what comes out, or the failure, is ask-sdk's (tested against
ask-sdk's own serializer on every request the tests send and on generated ones). Alexa's ISO 8601
timestamps are read by the standard library, which is many times faster than dateutil: the same
instants, with the standard library's time zones (timezone.utc) where dateutil gives its own
(tzutc); anything not in that one form still goes to ask-sdk's own parsing."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer

# The release whose private methods this overrides and calls (name-mangled, so a release may
# change them without notice): pinned in pyproject.toml, checked by tests/unit/test_serializer.py.
CHECKED_WITH = "1.19.0"
Plan = Callable[[Any], Any]
_LIST = re.compile(r"list\[(.*)\]")
# Alexa's timestamps. fromisoformat also reads forms dateutil refuses (week dates, no dashes),
# so only this form takes the fast path; anything else is parsed as ask-sdk parses it.
_ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")
_DICT = re.compile(r"dict\(([^,]*), (.*)\)")
_DATES = (datetime, date)
# Values ask-sdk's serialize returns as they are (its PRIMITIVE_TYPES, exactly these types).
_AS_THEY_ARE = frozenset({str, int, float, bool, bytes})
# Type names whose value of exactly that type ask-sdk's primitive read gives back unchanged.
_AS_READ: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}


class EnvelopeSerializer(DefaultSerializer):
    """DefaultSerializer with per-type plans, a cache of model classes and fast ISO 8601 dates."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, Any] = {}
        self._plans: dict[Any, Plan] = {}
        # Per model: each payload key's [attribute, type name, the type set as it is, plan].
        self._fields_in: dict[Any, dict[str, list[Any]]] = {}
        self._fields_out: dict[type, list[tuple[str, str]]] = {}
        self._ask_sdk_itself = DefaultSerializer()  # for what the fast path does not read

    def from_data(self, data: Any, obj_type: Any) -> Any:
        """obj_type from JSON already parsed (deserialize parses the text itself)."""
        try:
            return self._DefaultSerializer__deserialize(data, obj_type)
        except _ReadAgain:
            return self._as_ask_sdk(data, obj_type)

    def deserialize(self, payload: Any, obj_type: Any) -> Any:
        """ask-sdk's deserialize (of JSON text), read again by ask-sdk itself on a failure."""
        try:
            return super().deserialize(payload, obj_type)
        except _ReadAgain:  # the text parsed: it is parsed again, as ask-sdk parses it
            return self._as_ask_sdk(json.loads(payload), obj_type)

    def _DefaultSerializer__deserialize(self, payload: Any, obj_type: Any) -> Any:  # noqa: N802
        """ask-sdk's private entry point (name-mangled), run from obj_type's plan."""
        if payload is None:
            return None
        return self._plan_of(obj_type)(payload)

    def _plan_of(self, obj_type: Any) -> Plan:
        plan = self._plans.get(obj_type)
        if plan is None:
            plan = self._plans[obj_type] = self._plan(obj_type)
        return plan

    def _ask_sdk(self, private: str) -> Callable[[Any, Any], Any]:
        """One of DefaultSerializer's private methods, used as it is."""
        method: Callable[[Any, Any], Any] = getattr(self, f"_DefaultSerializer__{private}")
        return method

    def _deserializer(self, obj_type: Any) -> Plan:
        return lambda payload: self._DefaultSerializer__deserialize(payload, obj_type)

    def _plan(self, obj_type: Any) -> Plan:
        """What ask-sdk's __deserialize does for obj_type, decided once."""
        if isinstance(obj_type, str):
            if obj_type.startswith("list["):
                return self._list_plan(obj_type)
            if obj_type.startswith("dict("):
                match = _DICT.match(obj_type)
                if match is None:
                    return lambda payload: {}
                value = self._deserializer(match.group(2))
                return lambda payload: {k: value(v) for k, v in payload.items()}
            if obj_type in self.NATIVE_TYPES_MAPPING:
                obj_type = self.NATIVE_TYPES_MAPPING[obj_type]
            else:
                obj_type = self._DefaultSerializer__load_class_from_name(obj_type)
        if obj_type in self.PRIMITIVE_TYPES:
            primitive = self._ask_sdk("deserialize_primitive")
            return lambda payload: primitive(payload, obj_type)
        if obj_type is object:
            return lambda payload: payload
        if obj_type in (date, datetime):
            return lambda payload: self._DefaultSerializer__deserialize_datetime(payload, obj_type)
        return self._model_plan(obj_type)

    def _list_plan(self, obj_type: str) -> Plan:
        match = _LIST.match(obj_type)
        if match is None:
            return lambda payload: []
        names = match.group(1)
        if "," in names:
            items = [self._deserializer(name.strip()) for name in names.split(",")]
            return lambda payload: [item(sub) for sub, item in zip(payload, items, strict=False)]
        item = self._deserializer(names.strip())
        return lambda payload: [item(sub) for sub in payload]

    def _model_plan(self, obj_type: Any) -> Plan:
        """ask-sdk's __deserialize_model: any failure inside is a SerializationException."""
        try:
            is_enum = issubclass(obj_type, Enum)
        except Exception as exc:
            message = str(exc)

            def fail(payload: Any) -> Any:
                raise SerializationException(message)

            return fail
        if is_enum:
            return lambda payload: _wrapped(obj_type, payload)
        if not hasattr(obj_type, "deserialized_types"):
            return lambda payload: payload
        if hasattr(obj_type, "get_real_child_model"):
            choose = self._ask_sdk("get_obj_by_discriminator")

            def by_discriminator(payload: Any) -> Any:
                try:
                    child = choose(payload, obj_type)
                except Exception as exc:
                    raise SerializationException(str(exc)) from exc
                return self._fill(child, payload)

            return by_discriminator
        return lambda payload: self._fill(obj_type, payload)

    def _fill(self, model: Any, payload: Any) -> Any:
        """A model from payload: known fields deserialized, unknown keys set as they are.

        One pass over the payload's keys (a model has many more fields than a request fills), a
        field's plain text, number or flag of its own type set without a call, and unknown keys
        set last, as ask-sdk sets them. ask-sdk goes field by field in its own order, so when
        anything fails the whole request is read again by ask-sdk's own serializer (_ReadAgain,
        caught where the reading began), and the failure is the one it meets: read once more, so
        a failure deep down costs one more reading, not one per level. A payload that is not an
        object is read by ask-sdk's serializer where it is."""
        fields = self._fields_in.get(model)
        if fields is None:
            fields = self._fields_in[model] = _fields(model)
        if not fields or type(payload) is not dict:
            return self._as_ask_sdk(payload, model)
        try:
            instance = model()
            unknown: list[str] = []
            for key, value in payload.items():
                field = fields.get(key)
                if field is None:
                    unknown.append(key)
                elif type(value) is field[2] or value is None:  # as ask-sdk would read it
                    setattr(instance, field[0], value)
                else:
                    plan = field[3]
                    if plan is None:  # the field's type's plan, looked up once per field
                        plan = field[3] = self._plan_of(field[1])
                    setattr(instance, field[0], plan(value))
            for key in unknown:
                setattr(instance, key, payload[key])
        except _ReadAgain:
            raise
        except Exception as exc:
            raise _ReadAgain from exc
        return instance

    def _as_ask_sdk(self, payload: Any, model: Any) -> Any:
        """model (or any type) from payload by ask-sdk's own serializer, step for step (its
        private entry point, name-mangled): what it makes, or its SerializationException."""
        read: Callable[[Any, Any], Any] = self._ask_sdk_itself._DefaultSerializer__deserialize  # type: ignore[attr-defined]
        return read(payload, model)

    def serialize(self, obj: Any) -> Any:
        """ask-sdk's serialize, with each model class's fields listed once. Which branch a value
        takes depends only on its type, so a model's type goes to its fields at once, and plain
        text or a number, in a field, an object or an array, is taken as it is without a call."""
        fields = self._fields_out.get(type(obj))
        if fields is None:
            return self._serialize_other(obj)
        serialized: dict[str, Any] = {}
        for attribute, key in fields:
            value = getattr(obj, attribute)
            if value is not None:
                serialized[key] = value if type(value) in _AS_THEY_ARE else self.serialize(value)
        return serialized

    def _serialize_other(self, obj: Any) -> Any:
        if obj is None or isinstance(obj, self.PRIMITIVE_TYPES):
            return obj
        if isinstance(obj, list):
            return [sub if type(sub) in _AS_THEY_ARE else self.serialize(sub) for sub in obj]
        if isinstance(obj, tuple):
            return tuple(self.serialize(sub) for sub in obj)
        if isinstance(obj, _DATES):
            return obj.isoformat()
        if isinstance(obj, Enum):
            return obj.value
        if isinstance(obj, Decimal):
            return int(obj) if obj % 1 == 0 else float(obj)
        if isinstance(obj, dict):
            return {
                key: value if type(value) in _AS_THEY_ARE else self.serialize(value)
                for key, value in obj.items()
            }
        model = type(obj)
        renamed: dict[str, str] = getattr(model, "attribute_map", {})
        self._fields_out[model] = [
            (name, renamed.get(name, name)) for name in model.deserialized_types
        ]
        return self.serialize(obj)

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:  # noqa: N802
        """ask-sdk's private class lookup (name-mangled), remembered per name."""
        found = self._classes.get(class_name)
        if found is None:
            found = super()._DefaultSerializer__load_class_from_name(class_name)  # type: ignore[misc]
            self._classes[class_name] = found
        return found

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:  # noqa: N802
        """ask-sdk's private date hook (name-mangled), tried with fromisoformat first."""
        if isinstance(payload, str) and _ISO_TIMESTAMP.fullmatch(payload):
            try:
                parsed = datetime.fromisoformat(payload)
            except ValueError:
                pass
            else:
                return parsed.date() if obj_type is date else parsed
        return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)  # type: ignore[misc]


class _ReadAgain(Exception):  # noqa: N818 (a signal, not an error anyone sees)
    """The fast reading failed somewhere: the reading is begun again by ask-sdk's own."""


def _renamed(model: Any) -> dict[str, str]:
    """Each attribute of model and its payload key, in ask-sdk's order."""
    renamed: dict[str, str] = dict(getattr(model, "attribute_map", {}))
    for attribute in model.deserialized_types:
        renamed.setdefault(attribute, attribute)
    return renamed


def _fields(model: Any) -> dict[str, list[Any]]:
    """By payload key: the attribute; its type name; for text, numbers and flags, the type a
    value is set as it is (ask-sdk's primitive read gives back a value already of the type); and
    the type's plan, None until first needed. Empty when two attributes share a key (then only
    ask-sdk's order says what is set)."""
    renamed = _renamed(model)
    if len(set(renamed.values())) < len(renamed):
        return {}
    types = model.deserialized_types
    return {
        key: [attribute, types[attribute], _AS_READ.get(types[attribute]), None]
        for attribute, key in renamed.items()
    }


def _wrapped(enum: Any, payload: Any) -> Any:
    try:
        return enum(payload)
    except Exception as exc:
        raise SerializationException(str(exc)) from exc
