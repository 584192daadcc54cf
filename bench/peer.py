"""The peer for bench/load.py: an Alexa skill as a Python skill builder writes one today.

ask-sdk-core's own dispatch (a CustomSkillBuilder, one request handler, persistent attributes
through a small Redis adapter: one GET and one SET a turn) and its DefaultSerializer, under the
same Flask and gunicorn as the skill, with no request verification at all (flask-ask-sdk's
verifier cannot be imported on OpenSSL 3). It speaks the same narrated step the skill does, so
both answers are the same size. Served like the skill:
`gunicorn -c python:skill.gunicorn_conf 'bench.peer:application()'` (REDIS_URL must be set)."""

from __future__ import annotations

import json
import os
from typing import Any

import redis
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.request_envelope import RequestEnvelope
from ask_sdk_model.response import Response
from flask import Flask, request
from flask import Response as FlaskResponse

from skill.web.asgi import WsgiOnAsgi
from skill.web.serving import asgi_application


def _key(request_envelope: RequestEnvelope) -> str:
    system = request_envelope.context.system if request_envelope.context else None
    user = system.user if system else None
    return f"peer:{user.user_id if user else 'nobody'}"


class RedisAttributes(AbstractPersistenceAdapter):
    """Persistent attributes as one JSON string per user id."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        raw = self.client.get(_key(request_envelope))
        return json.loads(raw) if raw else {}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Any) -> None:
        self.client.set(_key(request_envelope), json.dumps(attributes), ex=3600)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self.client.delete(_key(request_envelope))


class StepHandler(AbstractRequestHandler):
    """Every launch and intent: count the turn in the person's attributes, say the step."""

    def __init__(self, ssml: str) -> None:
        self.ssml = ssml

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(
            is_request_type("IntentRequest")(handler_input)
            or is_request_type("LaunchRequest")(handler_input)
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        attributes: dict[str, Any] = handler_input.attributes_manager.persistent_attributes
        attributes["turns"] = int(attributes.get("turns", 0)) + 1
        handler_input.attributes_manager.save_persistent_attributes()
        builder = handler_input.response_builder
        return builder.speak(self.ssml).ask('Say "next" when you are ready.').response


def _step_speech() -> str:
    """The skill's own narration of the step the benchmark repeats, without its <speak> tags."""
    from skill.catalog import load_catalog
    from skill.config import Settings
    from skill.domain.replies import Lead, Narrate
    from skill.voice import speech

    routine = load_catalog(Settings.from_env().content_dir).routines[0]
    ssml = speech.say(Narrate(routine.steps[0], Lead.AGAIN)).ssml
    return ssml.removeprefix("<speak>").removesuffix("</speak>")


def flask_app() -> Flask:
    """The peer's Flask app, with its own Redis pool (built in each worker, after the fork)."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=0.3)
    builder = CustomSkillBuilder(persistence_adapter=RedisAttributes(client))
    builder.add_request_handler(StepHandler(_step_speech()))
    skill = builder.create()
    serializer = DefaultSerializer()
    app = Flask(__name__)

    @app.post("/alexa")
    def alexa() -> FlaskResponse:
        envelope = serializer.deserialize(request.get_data(as_text=True), RequestEnvelope)
        answer = skill.invoke(request_envelope=envelope, context=None)
        return FlaskResponse(json.dumps(serializer.serialize(answer)), mimetype="application/json")

    @app.get("/healthz")
    def healthz() -> FlaskResponse:
        return FlaskResponse('{"status": "ok"}', mimetype="application/json")

    return app


def application() -> WsgiOnAsgi:
    """The peer as gunicorn serves it, the way the skill is served."""
    return asgi_application(flask_app())
