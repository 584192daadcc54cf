"""The envelope serializer does what ask-sdk's own does, only with each type's decisions made once:
for every stored request, thousands of fuzzed ones, and the responses the skill builds, the two
produce equal models and equal JSON, and fail on the same input."""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import Decimal
from enum import Enum, IntEnum, StrEnum
from importlib.metadata import version
from typing import Any, ClassVar

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.response_helper import ResponseFactory
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.interfaces.alexa.presentation.apl.render_document_directive import (
    RenderDocumentDirective,
)
from ask_sdk_model.request_envelope import RequestEnvelope
from ask_sdk_model.response import Response
from ask_sdk_model.response_envelope import ResponseEnvelope
from ask_sdk_model.ui.play_behavior import PlayBehavior

from skill.web import serializer
from skill.web.serializer import EnvelopeSerializer
from tests.http.test_fuzz import mutate
from tests.support.alexa import REQUESTS, envelope, with_screen

FUZZED = 1_000
SEED = 20_261_121


def outcome(serializer: DefaultSerializer, text: str) -> Any:
    """The model a body makes, or the kind of failure it meets."""
    try:
        return serializer.deserialize(text, RequestEnvelope)
    except SerializationException:
        return SerializationException


def stored_requests() -> list[str]:
    return sorted(path.stem for path in REQUESTS.glob("*.json") if "request" in path.stem)


@pytest.mark.parametrize("template", stored_requests())
def test_every_stored_request_deserializes_as_ask_sdks_own(template: str) -> None:
    for body in (envelope(template), with_screen(envelope(template))):
        text = json.dumps(body)
        ours = EnvelopeSerializer().deserialize(text, RequestEnvelope)
        assert ours == DefaultSerializer().deserialize(text, RequestEnvelope)
        assert ours == EnvelopeSerializer().from_data(json.loads(text), RequestEnvelope)
        assert type(ours.request).__name__ != "Request"  # the discriminator chose a subclass


@pytest.mark.parametrize(
    "timestamp",
    [
        "2026-11-21T19:00:00Z",
        "2026-11-21T19:00:00.123Z",
        "2026-11-21T20:00:00+01:00",
        "2026-W47-6T19:00:00Z",  # fromisoformat reads week dates; dateutil does not
        "2026-13-40T19:00:00Z",  # Alexa's form, but no such day
        "20261121T190000Z",
        "2026-11-21T19:00:05,5Z",
        "21 November 2026 19:00 UTC",
        "not a time at all",
    ],
)
def test_timestamps_are_read_or_refused_as_ask_sdk_does(timestamp: str) -> None:
    text = json.dumps(envelope("launch_request", timestamp=timestamp))
    ours = outcome(EnvelopeSerializer(), text)
    assert ours == outcome(DefaultSerializer(), text)
    if ours is not SerializationException:
        assert ours.request.timestamp.utcoffset() is not None


def test_fuzzed_requests_come_out_the_same_or_fail_the_same() -> None:
    rng = random.Random(SEED)  # noqa: S311 - reproducible test data
    ours, theirs = EnvelopeSerializer(), DefaultSerializer()
    failures = models = 0
    for _ in range(FUZZED):
        raw = mutate(rng, ["amzn1.ask.account.FUZZ"])
        try:
            text = raw.decode("utf-8")
            json.loads(text)
        except (ValueError, RecursionError):
            continue  # not JSON, or nested too deeply: refused before any serializer sees it
        expected = outcome(theirs, text)
        assert outcome(ours, text) == expected, text[:300]
        failures += expected is SerializationException
        models += expected is not SerializationException
    # Both paths were taken, many times.
    assert failures > 100
    assert models > 300


def test_an_unknown_field_is_kept_as_ask_sdk_keeps_it() -> None:
    body = envelope("intent_request")
    body["request"]["somethingNew"] = {"added": "by Amazon later"}
    text = json.dumps(body)
    ours = EnvelopeSerializer().deserialize(text, RequestEnvelope)
    assert ours.request.somethingNew == {"added": "by Amazon later"}
    assert ours == DefaultSerializer().deserialize(text, RequestEnvelope)


def test_an_unknown_key_named_as_an_attribute_is_set_after_the_fields_as_ask_sdk_sets_it() -> None:
    body = envelope("intent_request")
    # First in the payload, and named as the attribute that "type" fills: ask-sdk sets the
    # fields first, then this over it.
    body["request"] = {"object_type": "sneaky", **body["request"]}
    text = json.dumps(body)
    ours = EnvelopeSerializer().deserialize(text, RequestEnvelope)
    assert ours.request.object_type == "sneaky"
    assert ours == DefaultSerializer().deserialize(text, RequestEnvelope)


def test_values_of_another_type_than_the_fields_are_read_as_ask_sdk_reads_them() -> None:
    body = envelope("intent_request")
    body["session"]["new"] = 1  # a number where a flag belongs: bool(1)
    body["request"]["locale"] = 7  # a number where text belongs: str(7)
    text = json.dumps(body)
    ours = EnvelopeSerializer().deserialize(text, RequestEnvelope)
    assert ours.session.new is True
    assert ours.request.locale == "7"
    assert ours == DefaultSerializer().deserialize(text, RequestEnvelope)


def responses() -> list[Response | ResponseEnvelope]:
    document: dict[str, object] = {"type": "APL", "mainTemplate": {"items": [{"type": "Text"}]}}
    screen = RenderDocumentDirective(
        token="step", document=document, datasources={"step": {"n": 1, "left": None}}
    )
    said = ResponseFactory().speak("<speak>Hold.</speak>", play_behavior=PlayBehavior.ENQUEUE)
    asked = said.ask("<speak>Ready?</speak>").add_directive(screen).response
    # What a turn carries: text, numbers, flags, None, nested objects and arrays, and values of
    # subclasses of str and int (returned as they are, not as an enum's value).
    carried = {
        "coach": '{"profile": {}}',
        "n": 3,
        "left": None,
        "on": True,
        "held": 1.5,
        "nested": {"list": [1, "two", None, {"three": (3,)}]},
        "named": Named.ONE,
        "counted": Counted.ONE,
    }
    return [
        ResponseFactory().response,
        ResponseFactory().speak("<speak>Done.</speak>").set_should_end_session(True).response,
        asked,
        ResponseEnvelope(version="1.0", session_attributes=carried, response=asked),
    ]


class Named(StrEnum):
    ONE = "one"


class Counted(IntEnum):
    ONE = 1


@pytest.mark.parametrize("response", responses())
def test_responses_serialize_as_ask_sdks_own(response: Response | ResponseEnvelope) -> None:
    ours = EnvelopeSerializer().serialize(response)
    assert ours == DefaultSerializer().serialize(response)
    assert json.dumps(ours)  # plain JSON, the enum written as its value


class Colour(Enum):
    RED = "red"


class Model:
    """A model in ask-sdk's shape, with equality by value (ask-sdk's models have it)."""

    deserialized_types: ClassVar[dict[str, str]] = {}
    attribute_map: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        for name in self.deserialized_types:
            setattr(self, name, None)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    __hash__ = None  # type: ignore[assignment]


class Inner(Model):
    deserialized_types: ClassVar[dict[str, str]] = {"n": "int"}


class Plain:
    """A class that is no model: ask-sdk hands its field the payload as it is."""


NOT_A_CLASS = 42
HERE = __name__


class Every(Model):
    """One field of each kind of type ask-sdk's serializer knows."""

    deserialized_types: ClassVar[dict[str, str]] = {
        "pair": "list[int, str]",
        "words": "list[str]",
        "counts": "dict(str, int)",
        "unclosed_list": "list[int",
        "unmatched_dict": "dict(str)",
        "colour": f"{HERE}.Colour",
        "inner": f"{HERE}.Inner",
        "inners": f"list[{HERE}.Inner]",
        "day": "date",
        "anything": "object",
        "broken": f"{HERE}.NOT_A_CLASS",
        "plain": f"{HERE}.Plain",
    }
    attribute_map: ClassVar[dict[str, str]] = {"day": "whenDay"}


GOOD = {
    "pair": ["1", 2, "extra"],
    "words": ["a", 1],
    "counts": {"a": "3"},
    "unclosed_list": [1],
    "unmatched_dict": {"a": 1},
    "colour": "red",
    "inner": {"n": "5", "unknown": True},
    "inners": [{"n": 1}, {"n": 2}],
    "whenDay": "2026-11-21",
    "anything": {"x": [1]},
    "plain": {"kept": "as it is"},
    "somethingNew": 1,
}


@pytest.mark.parametrize(
    "payload",
    [
        GOOD,
        GOOD | {"colour": "blue"},  # not a member
        GOOD | {"inner": "not an object"},
        GOOD | {"counts": ["not", "a", "dict"]},
        GOOD | {"pair": 7},
        GOOD | {"whenDay": "2026-W47-6"},
        GOOD | {"broken": {}},  # its type is no class at all
        "a string where an object belongs",
        ["a", "list"],
    ],
)
def test_every_kind_of_field_is_read_as_ask_sdk_reads_it(payload: Any) -> None:
    def read(serializer: DefaultSerializer) -> Any:
        try:
            return serializer.deserialize(json.dumps(payload), Every)
        except SerializationException:
            return SerializationException

    assert read(EnvelopeSerializer()) == read(DefaultSerializer())


def test_every_kind_of_value_is_written_as_ask_sdk_writes_it() -> None:
    every = Every()
    every.pair = (1, "two")  # type: ignore[attr-defined]
    every.day = date(2026, 11, 21)  # type: ignore[attr-defined]
    every.colour = Colour.RED  # type: ignore[attr-defined]
    every.counts = {"whole": Decimal(2), "part": Decimal("2.5")}  # type: ignore[attr-defined]
    every.inner = Inner()  # type: ignore[attr-defined]
    ours = EnvelopeSerializer().serialize(every)
    assert ours == DefaultSerializer().serialize(every)
    assert ours["whenDay"] == "2026-11-21"
    assert ours["counts"] == {"whole": 2, "part": 2.5}


def test_ask_sdk_core_is_the_release_the_serializer_was_checked_against() -> None:
    """The serializer overrides and calls DefaultSerializer's name-mangled privates, which any
    release may change without notice: another release must be checked (and the pin moved)."""
    assert version("ask-sdk-core") == serializer.CHECKED_WITH
    for private in (
        "deserialize",
        "deserialize_datetime",
        "load_class_from_name",
        "deserialize_primitive",
        "get_obj_by_discriminator",
    ):
        assert callable(getattr(DefaultSerializer, f"_DefaultSerializer__{private}")), private


def nested_slot_value(depth: int, code: str) -> str:
    """A request whose slot holds a list in a list ... depth deep, a resolution's code at the
    bottom."""
    value: dict[str, Any] = {
        "type": "Simple",
        "value": "x",
        "resolutions": {
            "resolutionsPerAuthority": [{"authority": "them", "status": {"code": code}}]
        },
    }
    for _ in range(depth):
        value = {"type": "List", "values": [value]}
    body = envelope("intent_request")
    body["request"]["intent"]["slots"] = {"routine": {"name": "routine", "slotValue": value}}
    return json.dumps(body)


@pytest.mark.parametrize("depth", [0, 1, 10, 30])
def test_a_failure_deep_down_is_ask_sdks_met_by_reading_the_request_once_more(
    depth: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = EnvelopeSerializer()
    readings: list[object] = []
    as_ask_sdk = ours._as_ask_sdk

    def counted(payload: Any, model: Any) -> Any:
        readings.append(model)
        return as_ask_sdk(payload, model)

    monkeypatch.setattr(ours, "_as_ask_sdk", counted)
    text = nested_slot_value(depth, "NO_SUCH_CODE")  # not a StatusCode
    with pytest.raises(SerializationException) as failed:
        ours.deserialize(text, RequestEnvelope)
    with pytest.raises(SerializationException) as theirs:
        DefaultSerializer().deserialize(text, RequestEnvelope)
    assert str(failed.value) == str(theirs.value)
    assert readings == [RequestEnvelope]  # once, from the top: not once per level
    fine = nested_slot_value(depth, "ER_SUCCESS_MATCH")
    assert ours.deserialize(fine, RequestEnvelope) == DefaultSerializer().deserialize(
        fine, RequestEnvelope
    )
