"""Shared fixtures: a real Redis server, the app, and a person talking to it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from skill.config import Settings
from skill.simulator.transport import Transport, in_process
from skill.store.redis_server import EmbeddedRedis, connect
from skill.web import create_app
from tests.support.alexa import AlexaSession
from tests.support.checks import checked

ROOT = Path(__file__).resolve().parent.parent
SECRET = b"test-secret-for-user-id-hashing-0123456789"


class Clock:
    """A clock tests can move."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """REDIS_URL when set, else an embedded real Redis server for the whole run."""
    configured = os.environ.get("REDIS_URL")
    if configured:
        yield configured
        return
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    yield server.url
    server.close()


@pytest.fixture
def redis_client(redis_url: str) -> redis.Redis:
    """A client on the test Redis."""
    return connect(redis_url)


@pytest.fixture
def settings(redis_url: str, tmp_path: Path) -> Settings:
    """Settings for a test app: the test Redis, real content, verification off."""
    return Settings(
        redis_url=redis_url,
        user_hash_secret=SECRET,
        verify_requests=False,
        skill_id=None,
        content_dir=ROOT / "content",
        data_dir=tmp_path,
        host="127.0.0.1",
        port=0,
        retention_days=30,
        log_level="INFO",
    )


@pytest.fixture
def clock() -> Clock:
    """The time the app sees."""
    return Clock()


@pytest.fixture
def app(settings: Settings, clock: Clock) -> Flask:
    """The skill app."""
    return create_app(settings, clock=clock)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client for the app."""
    return app.test_client()


def flask_transport(client: FlaskClient) -> Transport:
    """Posts bodies to /alexa in-process, checking every response."""
    return checked(in_process(client.application))


@pytest.fixture
def person(client: FlaskClient) -> AlexaSession:
    """Someone new talking to the skill."""
    return AlexaSession(flask_transport(client), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
