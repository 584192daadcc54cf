"""A request body as the endpoint reads it, for tests that check what the simulator or the CLI
send."""

from __future__ import annotations

from typing import Any

from ask_sdk_model.request_envelope import RequestEnvelope

from skill.web.endpoint import parse_json, to_envelope


def parse_envelope(body: bytes) -> tuple[dict[str, Any], RequestEnvelope]:
    """Its JSON and its ask-sdk envelope (BadRequestError when it is not one)."""
    data = parse_json(body)
    return data, to_envelope(data)
