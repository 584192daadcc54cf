"""The skill on Redis beyond one plain server: TLS, Cluster, Sentinel (real Debian servers)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from skill.config import RedisTopology, Settings
from skill.web import create_app
from tests.support.alexa import AlexaSession, carried_step, flask_transport
from tests.support.settings import make_settings
from tests.support.speech import content_catalog

pytestmark = pytest.mark.servers


def topology_settings(
    tmp_path: Path, redis_url: str | None, topology: RedisTopology | None = None
) -> Settings:
    """Settings for an app on this Redis, verification off."""
    return make_settings(redis_url, tmp_path, topology=topology or RedisTopology())


def client_for(settings: Settings) -> FlaskClient:
    """Flask's test client for an app built with settings (on the run's one real catalog)."""
    return create_app(replace(settings), catalog=content_catalog()).test_client()


def someone(client: FlaskClient) -> AlexaSession:
    """A new person talking to the app."""
    return AlexaSession(flask_transport(client), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")


def step_of(person: AlexaSession) -> int:
    """The step the person's session carries."""
    return carried_step(person.attributes)


def pause_and_come_back(person: AlexaSession) -> int:
    """Pause, then 'open back stretch coach' in a new session and say yes: the step resumed at."""
    assert person.say("AMAZON.PauseIntent").ends_session
    welcome = person.launch()
    assert not welcome.ends_session
    assert welcome.offer == "resume", welcome.body
    person.say("AMAZON.YesIntent")
    return step_of(person)
