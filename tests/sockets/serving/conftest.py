"""A Debian redis-server and the skill under gunicorn (2 workers x 4 threads, verification on)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.sockets.serving.signing import TEMPLATE_SKILL_ID, TestPki, make_pki
from tests.support.alexa import AlexaSession
from tests.support.servers import gunicorn, http_post, redis_server
from tests.support.settings import SECRET

APP = "tests.sockets.serving.signed_app:application()"


@pytest.fixture(scope="session")
def debian_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """REDIS_URL of a throwaway Debian redis-server on loopback."""
    with redis_server(tmp_path_factory.mktemp("debian-redis")) as (_, port):
        yield f"redis://127.0.0.1:{port}/0"


@pytest.fixture(scope="session")
def pki() -> TestPki:
    """The throwaway CA the served app trusts."""
    return make_pki()


def app_env(redis_url: str, pki: TestPki, folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a served app that verifies requests against pki."""
    (folder / "root.pem").write_bytes(pki.root_pem)
    (folder / "chain.pem").write_bytes(pki.chain_pem)
    (folder / "metrics").mkdir(exist_ok=True)
    return {
        "REDIS_URL": redis_url,
        "USER_ID_HASH_SECRET": SECRET.decode(),
        "ALEXA_SKILL_ID": TEMPLATE_SKILL_ID,
        "ALEXA_VERIFY_REQUESTS": "true",
        "DATA_DIR": str(folder),
        "TEST_ROOT_PEM": str(folder / "root.pem"),
        "TEST_CHAIN_PEM": str(folder / "chain.pem"),
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "4",
        "LOG_LEVEL": "WARNING",
    } | extra


@dataclass
class SignedServer:
    """A running server: its base URL, its folder, and the CA its requests are signed by."""

    url: str
    folder: Path
    pki: TestPki
    pid: int

    def person(self) -> AlexaSession:
        """Someone new, talking to the server over HTTP with signed requests."""

        def post(body: bytes) -> tuple[int, Any]:
            status, raw = http_post(f"{self.url}/alexa", body, self.pki.headers(body))
            return status, json.loads(raw)

        return AlexaSession(post, user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")


@pytest.fixture(scope="session")
def served(
    debian_redis: str, pki: TestPki, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SignedServer]:
    """The skill under gunicorn with two workers, for the whole run (tests read deltas)."""
    folder = tmp_path_factory.mktemp("gunicorn")
    env = app_env(debian_redis, pki, folder)
    with gunicorn(env, folder / "server.log", [APP]) as (process, url):
        yield SignedServer(url, folder, pki, process.pid)


def metric_values(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample /metrics shows, by name and labels."""
    from prometheus_client.parser import text_string_to_metric_families

    from tests.support.servers import http_get

    status, text = http_get(f"{url}/metrics")
    assert status == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text.decode())
        for sample in family.samples
    }


def delta(
    before: dict[tuple[str, frozenset[tuple[str, str]]], float],
    after: dict[tuple[str, frozenset[tuple[str, str]]], float],
    name: str,
    **labels: str,
) -> float:
    """How much the sample name{labels} grew."""
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)
