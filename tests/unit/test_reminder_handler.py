"""Which requests the reminder handler takes, read as ask-sdk's predicates read them:
is_intent_name by the request's class, is_request_type by its object_type."""

from __future__ import annotations

import json
from typing import Any, cast

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.request_envelope import RequestEnvelope

from skill.alexa.handlers.reminders import ReminderHandler
from skill.web.serializer import EnvelopeSerializer
from tests.support.alexa import envelope


def takes(body: dict[str, Any]) -> bool:
    request = EnvelopeSerializer().deserialize(json.dumps(body), RequestEnvelope)
    handler_input = HandlerInput(request, AttributesManager(request))
    # Nothing here reaches the turns or the API: neither is asked whether a move was offered.
    return ReminderHandler(cast(Any, None), cast(Any, None)).can_handle(handler_input)


@pytest.mark.parametrize("intent", ["RemindMeIntent", "CancelReminderIntent"])
def test_a_reminder_intent_is_taken_even_with_an_object_type_key_of_its_own(intent: str) -> None:
    body = envelope("intent_request", intent=intent)
    assert takes(body)
    body["request"]["object_type"] = "sneaky"  # set over the class's own, as ask-sdk sets it
    assert takes(body)


def test_a_launch_claiming_to_be_an_intent_request_is_not_taken() -> None:
    body = envelope("launch_request")
    body["request"]["object_type"] = "IntentRequest"
    assert not takes(body)


def test_another_intent_is_not_taken() -> None:
    assert not takes(envelope("intent_request", intent="AMAZON.RepeatIntent"))
