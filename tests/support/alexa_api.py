"""The Alexa API stand-in (skill/simulator/alexa_api.py) as the tests use it: it expects the
request templates' token, and knows the templates' device, in Tokyo."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from skill.simulator.alexa_api import AlexaApiStandIn, alexa_api

TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.example-token-not-real"  # the templates' token
DEVICE = "amzn1.ask.device.AEXAMPLEDEVICE"  # the templates' device


@contextmanager
def stand_in_for_templates() -> Iterator[AlexaApiStandIn]:
    with alexa_api(TOKEN, {DEVICE: "Asia/Tokyo"}) as api:
        yield api
