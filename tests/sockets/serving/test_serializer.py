"""The envelope serializer reads Alexa's timestamps as ask-sdk's own does, only faster."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.request_envelope import RequestEnvelope

from skill.web.serializer import EnvelopeSerializer
from tests.support.alexa import envelope


@pytest.mark.parametrize(
    "timestamp",
    ["2026-11-21T10:00:00Z", "2026-11-21T10:00:00.123Z", "2026-11-21T11:00:00+01:00"],
)
def test_timestamps_come_out_as_ask_sdks_own(timestamp: str) -> None:
    body = json.dumps(envelope("start_routine_request", timestamp=timestamp))
    ours = EnvelopeSerializer().deserialize(body, RequestEnvelope)
    theirs = DefaultSerializer().deserialize(body, RequestEnvelope)
    assert ours.request.timestamp == theirs.request.timestamp
    assert ours.request.timestamp.astimezone(UTC) == datetime(
        2026, 11, 21, 10, 0, tzinfo=UTC
    ).replace(microsecond=ours.request.timestamp.microsecond)
    assert ours == theirs


def test_a_timestamp_fromisoformat_cannot_read_still_goes_to_ask_sdk() -> None:
    body = json.dumps(envelope("launch_request", timestamp="21 November 2026 10:00 UTC"))
    parsed = EnvelopeSerializer().deserialize(body, RequestEnvelope)
    assert parsed.request.timestamp.year == 2026


def test_an_unreadable_timestamp_is_still_a_serialization_error() -> None:
    body = json.dumps(envelope("launch_request", timestamp="not a time at all"))
    with pytest.raises(SerializationException):
        EnvelopeSerializer().deserialize(body, RequestEnvelope)


def test_model_classes_are_looked_up_once_per_name(monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    original = DefaultSerializer._DefaultSerializer__load_class_from_name  # type: ignore[attr-defined]

    def counting(self: DefaultSerializer, name: str) -> object:
        looked_up.append(name)
        return original(self, name)

    monkeypatch.setattr(DefaultSerializer, "_DefaultSerializer__load_class_from_name", counting)
    serializer = EnvelopeSerializer()
    body = json.dumps(envelope("start_routine_request"))
    first = serializer.deserialize(body, RequestEnvelope)
    names = len(looked_up)
    second = serializer.deserialize(body, RequestEnvelope)
    assert names > 5
    assert len(looked_up) == names
    assert first == second
    assert len(set(looked_up)) == names
