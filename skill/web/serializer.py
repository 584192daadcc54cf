"""ask-sdk's serializer, with ISO 8601 timestamps parsed by the standard library and model
classes looked up once.

ask-sdk parses every date in an envelope with dateutil's general parser, about 40 % of the time
it takes to deserialize a request. Alexa's timestamps are ISO 8601, which datetime.fromisoformat
reads in a fraction of that; anything it cannot read still goes to ask-sdk's own parsing. It also
imports each model class by name for every field of every request; a name always resolves to
the same class, so each resolution is remembered."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer


class EnvelopeSerializer(DefaultSerializer):
    """DefaultSerializer with a fast path for ISO 8601 dates and a cache of model classes."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, Any] = {}

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:  # noqa: N802
        """ask-sdk's private class lookup (name-mangled), remembered per name."""
        found = self._classes.get(class_name)
        if found is None:
            found = super()._DefaultSerializer__load_class_from_name(class_name)  # type: ignore[misc]
            self._classes[class_name] = found
        return found

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:  # noqa: N802
        """ask-sdk's private date hook (name-mangled), tried with fromisoformat first."""
        if isinstance(payload, str):
            try:
                parsed = datetime.fromisoformat(payload)
            except ValueError:
                pass
            else:
                return parsed.date() if obj_type is date else parsed
        return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)  # type: ignore[misc]
