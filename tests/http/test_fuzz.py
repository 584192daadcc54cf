"""Issue 10: a bounded, seeded fuzz over HTTP. Whatever arrives, the answer is never a 5xx, always
strict JSON, and any speech is well-formed SSML under 8,000 characters with no markup of the
sender's. Verification is off, so every request reaches the skill. The same fuzz also runs over
a real socket, in tests/test_abuse.py, sharing its server."""

from __future__ import annotations

import contextlib
import json
import random
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from skill.domain.routines import Catalog
from skill.voice.ssml import MAX_SSML_CHARS
from tests.support.alexa import envelope
from tests.support.apps import shared_app
from tests.support.settings import load_model_intents

SEED = 20_261_010
REQUESTS = 2_000
OVER_THE_SOCKET = 150
TEMPLATES = [
    "launch_request",
    "intent_request",
    "start_routine_request",
    "session_ended_request",
    "permission_answer_request",  # Alexa's answer to the reminders permission question
]
INTENT_NAMES = load_model_intents()
TYPES = [
    "LaunchRequest",
    "IntentRequest",
    "SessionEndedRequest",
    "System.ExceptionEncountered",
    "AudioPlayer.PlaybackStarted",
    "AlexaSkillEvent.SkillEnabled",
    "CanFulfillIntentRequest",
    "Connections.Response",
    "Some.Future.RequestType",
    "",
]
NASTY = [
    "",
    " ",
    "a\x00b",
    "\x01\x02\x08\x0b\x0c\x0e\x1f",
    "\ufffe\uffff",
    "X\ud800Y",
    "\udfff",
    "<speak>hi</speak>",
    '<break time="100s"/>',
    "]]><![CDATA[",
    "&amp; & &lt; ' \"",
    "lower back",
    "upper back",
    "🙂" * 40,
    "word " * 2000,
    "e" * 7800,
    "\u202e\u200b",
    "amzn1.ask.account.FUZZ",
]
NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"]


def leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) in a JSON tree, containers included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))


def put(tree: Any, path: tuple[Any, ...], value: Any) -> None:
    node = tree
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 2**63, 10**30, 1.5, -0.0, 1e308])
    if kind in (3, 4, 5):
        return rng.choice(NASTY)
    if kind == 6:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 7:
        return {rng.choice(NASTY)[:20]: random_value(rng, depth + 1) for _ in range(3)}
    at = rng.choice([*NASTY, "19:30"])
    offer = {"kind": rng.choice(["move_reminder", "start", "resume"]), "at": at}
    carried = {"profile": {"v": 1, "position": random_value(rng, depth + 1)}, "offer": offer}
    # As the skill carries it (one JSON text), or as sessions begun before that did (an object).
    return {"coach": json.dumps(carried) if rng.random() < 0.5 else carried}


def mutate(rng: random.Random, users: list[str]) -> bytes:
    """One fuzzed request body."""
    body = envelope(rng.choice(TEMPLATES), user_id=rng.choice(users))
    if "intent" in body["request"] and rng.random() < 0.7:
        body["request"]["intent"]["name"] = rng.choice([*INTENT_NAMES, *NASTY[:8]])
    if rng.random() < 0.3:
        body["request"]["type"] = rng.choice(TYPES)
    if "session" in body and rng.random() < 0.3:
        body["session"]["new"] = False
        body["session"]["attributes"] = random_value(rng)
    if rng.random() < 0.1:
        body.pop(rng.choice(["session", "context", "version"]), None)
    slots = body["request"].get("intent", {}).get("slots") or {}
    if "routine" in slots and rng.random() < 0.6:  # what the person said, spoken back
        slots["routine"]["value"] = rng.choice(NASTY) + rng.choice(NASTY)
        authority = slots["routine"]["resolutions"]["resolutionsPerAuthority"][0]
        authority["status"]["code"] = "ER_SUCCESS_NO_MATCH"
    spots: list[tuple[tuple[Any, ...], Any]] = []  # listed when first needed, again once changed
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
        spots = spots or list(leaves(body))
        path, _value = rng.choice(spots)
        if path:
            with contextlib.suppress(KeyError, IndexError, TypeError):
                put(body, path, random_value(rng))
            spots = []
    text = json.dumps(body)
    roll = rng.random()
    if roll < 0.05:
        text = text.replace("1", rng.choice(NON_FINITE), 1)
    elif roll < 0.08:
        cut = rng.randrange(len(text))
        text = text[:cut]
    elif roll < 0.10:
        text = "[" * rng.randrange(30, 5000) + text
    raw = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.03:
        raw = bytes(b if rng.random() > 0.01 else rng.randrange(256) for b in raw)
    return raw


def check_ssml(ssml: Any) -> None:
    assert isinstance(ssml, str)
    assert len(ssml) <= MAX_SSML_CHARS, len(ssml)
    root = ET.fromstring(ssml)  # noqa: S314 - our own output, parsed to prove it well-formed
    assert root.tag == "speak"
    # The only markup is ours: <speak>, <break>, and a <prosody rate> for the person's pace. A
    # sender's "<" always arrives escaped.
    assert {element.tag for element in root.iter()} <= {"speak", "break", "prosody"}, ssml[:200]
    for prosody in root.iter("prosody"):
        assert set(prosody.attrib) == {"rate"}, ssml[:200]
        assert 20 <= int(prosody.attrib["rate"].rstrip("%")) <= 200, ssml[:200]


def check_reply(status: int, text: str) -> None:
    assert status < 500, text[:200]

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    body = json.loads(text, parse_constant=refuse)
    if status != 200:
        assert set(body) == {"error"}
        return
    response = body["response"]
    speech = response.get("outputSpeech")
    if speech is not None:
        check_ssml(speech["ssml"])
    reprompt = response.get("reprompt")
    if reprompt is not None:
        check_ssml(reprompt["outputSpeech"]["ssml"])


def fuzz(send: Callable[[bytes], tuple[int, str]], count: int, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    users = [f"amzn1.ask.account.FUZZ{n}" for n in range(5)]
    for n in range(count):
        raw = mutate(rng, users)
        status, text = send(raw)
        try:
            check_reply(status, text)
        except AssertionError as exc:
            raise AssertionError(f"request {n} (seed {seed}): {raw[:300]!r}: {exc}") from exc


@pytest.fixture(scope="module")
def client(
    redis_url: str, tmp_path_factory: pytest.TempPathFactory, catalog: Catalog
) -> FlaskClient:
    return shared_app(redis_url, tmp_path_factory.mktemp("fuzz"), catalog).test_client()


def test_fuzzed_requests_in_process(client: FlaskClient) -> None:
    def send(raw: bytes) -> tuple[int, str]:
        response = client.post("/alexa", data=raw, content_type="application/json")
        return response.status_code, response.get_data(as_text=True)

    started = time.perf_counter()
    fuzz(send, REQUESTS, SEED)
    assert time.perf_counter() - started < 60  # bounded: a few seconds in practice
