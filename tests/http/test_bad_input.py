"""Issue 10, bad input: whatever a request carries, the answer is a 400 or a valid reply."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import pytest
import redis
from ask_sdk_core.exceptions import PersistenceException
from flask.testing import FlaskClient

from skill.domain.routines import Catalog
from skill.logs import MAX_FIELD_CHARS, JsonFormatter
from skill.store.repository import PersonRepository
from skill.voice.ssml import MAX_SPOKEN_BACK_CHARS, MAX_SSML_CHARS
from tests.support.alexa import SkillResponse, envelope
from tests.support.apps import shared_app
from tests.support.checks import check_response, check_ssml
from tests.support.settings import SECRET


@pytest.fixture(scope="module")
def client(
    redis_url: str, tmp_path_factory: pytest.TempPathFactory, catalog: Catalog
) -> FlaskClient:
    """One app for the module: these tests only send single requests."""
    return shared_app(redis_url, tmp_path_factory.mktemp("bad-input"), catalog).test_client()


FORBIDDEN = ["\x00", "\x01", "\x08", "\x0b", "\x0e", "\x1f", "\ufffe", "\uffff", "\ud800", "\udfff"]


def post(client: FlaskClient, body: bytes | str) -> tuple[int, Any]:
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    response = client.post("/alexa", data=raw, content_type="application/json")
    return response.status_code, response.get_data(as_text=True)


def strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in a reply")

    return json.loads(text, parse_constant=refuse)


def unknown_routine(heard: str) -> str:
    """A start request whose routine slot Alexa could not resolve, as JSON text."""
    body = envelope("start_routine_request", user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    body["request"]["intent"]["slots"]["routine"]["value"] = heard
    resolution = body["request"]["intent"]["slots"]["routine"]["resolutions"]
    resolution["resolutionsPerAuthority"][0]["status"]["code"] = "ER_SUCCESS_NO_MATCH"
    resolution["resolutionsPerAuthority"][0].pop("values", None)
    return json.dumps(body)  # ensure_ascii: lone surrogates travel as \ud800 escapes


def no_errors(caplog: pytest.LogCaptureFixture) -> None:
    loud = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not loud, [r.getMessage() for r in loud]


def test_a_hundred_thousand_open_brackets_are_a_400(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    status, body = post(client, b"[" * 100_000)
    assert status == 400
    assert strict(body) == {"error": "bad request"}
    no_errors(caplog)


@pytest.mark.parametrize("where", ["context", "session", "person"])
def test_a_lone_surrogate_in_an_id_is_a_400_without_a_trace(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    body = envelope("launch_request")
    if where == "context":
        body["context"]["System"]["user"]["userId"] = "X\ud800Y"
    elif where == "session":
        body["session"]["user"]["userId"] = "X\udfffY"
    else:
        body["context"]["System"]["person"] = {"personId": "P\ud800"}
    status, _ = post(client, json.dumps(body))
    assert status == 400
    no_errors(caplog)


@pytest.mark.parametrize("bad", FORBIDDEN)
def test_xml_forbidden_characters_in_a_slot_never_reach_the_ssml(
    client: FlaskClient, bad: str
) -> None:
    status, text = post(client, unknown_routine(f"a{bad}b yoga"))
    assert status == 200
    reply = SkillResponse(status, strict(text))
    check_response(status, reply.body, "IntentRequest")  # parses the SSML as XML
    assert "ab yoga" in reply.text
    assert bad not in reply.ssml


def test_a_huge_slot_value_is_cut_and_the_ssml_stays_under_the_limit(client: FlaskClient) -> None:
    status, text = post(client, unknown_routine("stretchy " * 870))  # 7,830 characters
    reply = SkillResponse(status, strict(text))
    check_response(status, reply.body, "IntentRequest")
    said = reply.text.split("routine called ", 1)[1].split(".", 1)[0]
    assert 0 < len(said) <= MAX_SPOKEN_BACK_CHARS
    assert said.startswith("stretchy stretchy")


def test_the_worst_escaping_slot_value_is_still_well_under_the_limit(client: FlaskClient) -> None:
    # Every character becomes the longest escape (&quot;, six characters).
    status, text = post(client, unknown_routine('"' * 5000))
    reply = SkillResponse(status, strict(text))
    check_ssml(reply.ssml)
    assert reply.ssml.count("&quot;") == MAX_SPOKEN_BACK_CHARS
    assert len(reply.ssml) < MAX_SSML_CHARS / 4


def test_a_slot_of_only_forbidden_characters_is_said_as_that(client: FlaskClient) -> None:
    status, text = post(client, unknown_routine("\x00\x01\ud800"))
    reply = SkillResponse(status, strict(text))
    check_response(status, reply.body, "IntentRequest")
    assert "routine called that." in reply.text


def carried_at(saved_at: object) -> dict[str, Any]:
    """A carried conversation (as schema 1 wrote it) whose one place was saved at saved_at."""
    place = {"routine": "lower-back", "step": 0, "status": "active", "saved_at": saved_at}
    return {"profile": {"v": 1, "position": place}}


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_in_a_request_are_a_400(client: FlaskClient, number: str) -> None:
    body = envelope("launch_request")
    body["session"]["attributes"] = {"coach": carried_at(1.5)}
    text = json.dumps(body).replace("1.5", number)
    assert number in text
    status, answer = post(client, text)
    assert status == 400
    assert strict(answer) == {"error": "bad request"}


@pytest.mark.parametrize("as_text", [True, False], ids=["text", "object"])
def test_a_non_number_saved_at_in_the_session_is_ignored_not_echoed(
    client: FlaskClient, as_text: bool
) -> None:
    body = envelope("launch_request")
    body["session"]["new"] = False
    carried = carried_at("nan")
    body["session"]["attributes"] = {"coach": json.dumps(carried) if as_text else carried}
    status, answer = post(client, json.dumps(body))
    assert status == 200
    assert "nan" not in answer.lower().replace("nanc", "")  # no NaN came back in any form
    reply = strict(answer)
    check_response(status, reply, "LaunchRequest")


def test_the_store_neither_writes_nor_reads_non_finite_numbers(redis_client: redis.Redis) -> None:
    adapter = PersonRepository(redis_client, SECRET, 30)
    body = envelope("launch_request", user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model.request_envelope import RequestEnvelope

    request = DefaultSerializer().deserialize(json.dumps(body), RequestEnvelope)
    with pytest.raises(PersistenceException, match="strict JSON"):
        adapter.save(request, 0, {"v": 1, "saved_at": float("inf")})
    assert redis_client.get(adapter.key_for(request)) is None
    redis_client.set(adapter.key_for(request), '{"v": 1, "saved_at": NaN}')
    with pytest.raises(PersistenceException, match="not JSON"):
        adapter.load(request)


def test_an_unknown_request_type_is_an_empty_200(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    body = envelope("launch_request")
    body["request"]["type"] = "Some.Future.RequestType"
    status, answer = post(client, json.dumps(body))
    assert status == 200
    assert strict(answer) == {"version": "1.0", "response": {}}
    no_errors(caplog)


@pytest.mark.parametrize(
    "request_type",
    [
        "AudioPlayer.PlaybackStarted",
        "AlexaSkillEvent.SkillEnabled",
        "LaunchRequest",
        "IntentRequest",
    ],
)
def test_a_request_without_a_session_gets_an_empty_answer_and_no_error(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, request_type: str
) -> None:
    body = envelope("intent_request", intent="AMAZON.NextIntent")
    body.pop("session")
    body["request"]["type"] = request_type
    status, answer = post(client, json.dumps(body))
    assert status == 200
    reply = strict(answer)
    assert reply["version"] == "1.0"
    assert "outputSpeech" not in reply["response"]
    no_errors(caplog)


def test_logged_fields_are_cut_and_client_faults_are_warnings_without_traces(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    huge = "Intent" * 20_000  # 120 KB, under the body cap
    body = envelope("intent_request", intent=huge)
    status, _ = post(client, json.dumps(body))
    assert status == 200
    bad_type = envelope("launch_request")
    bad_type["request"]["type"] = "X" * 100_000
    assert post(client, json.dumps(bad_type))[0] == 200
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    assert lines
    for line in lines:
        for value in json.loads(line).values():
            assert not isinstance(value, str) or len(value) <= MAX_FIELD_CHARS + 20, value[:80]
    assert any(huge[:100] in line for line in lines)  # the field is kept, only cut
    no_errors(caplog)


def test_a_long_reason_is_cut_in_the_log_line() -> None:
    record = logging.makeLogRecord({"msg": "m" * 1000, "reason": "r" * 5000, "n": 3})
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"].startswith("m" * MAX_FIELD_CHARS)
    assert "(1000 chars)" in entry["message"]
    assert len(entry["reason"]) < MAX_FIELD_CHARS + 20
    assert entry["n"] == 3
