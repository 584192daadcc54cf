"""What every response the skill sends must satisfy: Alexa's limits on SSML, breaks, audio and
reprompts, and a reprompt whenever the session stays open."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from skill.simulator.transport import Transport
from skill.voice.ssml import MAX_AUDIO_SECONDS, MAX_SSML_CHARS, break_lengths_ms, ssml_seconds

MAX_REPROMPT_SECONDS = 90


def check_ssml(ssml: str, max_seconds: float = MAX_AUDIO_SECONDS) -> None:
    """Well-formed <speak> SSML, within size, break and audio limits."""
    root = ET.fromstring(ssml)  # noqa: S314 - our own output, parsed to prove it is well formed
    assert root.tag == "speak", ssml[:80]
    assert len(ssml) <= MAX_SSML_CHARS, f"SSML is {len(ssml)} characters"
    assert all(ms <= 10_000 for ms in break_lengths_ms(ssml)), "a break is over 10 s"
    assert ssml_seconds(ssml) <= max_seconds, f"about {ssml_seconds(ssml):.0f} s of audio"


def check_response(status: int, body: Any, request_type: str) -> None:
    """A valid skill response for a request of request_type."""
    assert status == 200, body
    assert body["version"] == "1.0"
    response = body["response"]
    if request_type == "CanFulfillIntentRequest":  # an answer for Alexa, not for the person
        assert set(response) == {"canFulfillIntent"}, response
        assert not body.get("sessionAttributes"), body  # nothing carried: no session change
        return
    if request_type in ("SessionEndedRequest", "System.ExceptionEncountered"):
        assert "outputSpeech" not in response, response
        assert "reprompt" not in response, response
        assert not response.get("directives")
        return
    speech = response["outputSpeech"]
    assert speech["type"] == "SSML"
    check_ssml(speech["ssml"])
    if response.get("shouldEndSession"):
        assert "reprompt" not in response, "a closing response has no reprompt"
    else:
        assert response.get("shouldEndSession") is False, "open sessions say so explicitly"
        reprompt = response["reprompt"]["outputSpeech"]["ssml"]
        check_ssml(reprompt, MAX_REPROMPT_SECONDS)


def checked(transport: Transport) -> Transport:
    """The transport, with every response it brings back checked by check_response."""

    def post(body: bytes) -> tuple[int, Any]:
        status, payload = transport(body)
        check_response(status, payload, json.loads(body)["request"]["type"])
        return status, payload

    return post
