"""Shared fixtures: a real Redis server, the app, and a person talking to it.

Tests live in folders named for what they touch; each folder is a pytest marker (`pytest -m unit`).
One catalog and one app serve the whole run (each worker's run, under pytest-xdist); every test
gets a new person and a reset clock."""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support.clock import START, Clock

# The skill, Flask and redis are imported by the fixtures that use them, not here: pytest-xdist's
# controller loads this file before it starts the workers and never runs a test, so what it
# imports only delays the start; the workers import them as they collect.
if TYPE_CHECKING:
    import redis
    from flask import Flask
    from flask.testing import FlaskClient

    from skill.config import Settings
    from skill.domain.routines import Catalog
    from tests.support.alexa import AlexaSession

TESTS = Path(__file__).resolve().parent
FOLDERS = ("unit", "store", "http", "dialogs", "sockets")  # each is a marker in pyproject.toml
# Under pytest-xdist (`make test`), the tests of one file run on one worker (ByFile below), so a
# server a module-scoped fixture starts is started once per run, not once per worker. Files
# sharing a session-scoped server are one unit too: SHARED names each such fixture's files.
SHARED = {
    "served": ("tests/sockets/serving/test_gunicorn.py", "tests/sockets/serving/test_metrics.py"),
    "skill_server": ("tests/sockets/test_socket.py", "tests/sockets/test_abuse.py"),
}
# The files that start servers and programs go first, so the workers end together: a worker
# that took one last is not left running it alone while the others stand idle.
SLOW_FIRST = "sockets"


def pytest_configure() -> None:
    """Collect garbage less often: the tests make millions of short-lived objects, and each
    collection of the oldest generation walks every module and test. Only cycles wait longer;
    anything else is freed once it is dropped."""
    gc.set_threshold(50_000, 20, 100)


def pytest_collection_finish() -> None:
    """What collection made lives for the whole run: no collection needs to walk it again."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with the folder it lives in, so `pytest -m unit` runs the fast part;
    check that every user of a shared server is in SHARED; and put tests/sockets first."""
    folders: dict[Path, str] = {}
    for item in items:
        where = item.path.parent
        folder = folders.get(where)
        if folder is None:  # once per folder, not per test: pathlib's relative_to is slow
            folder = folders[where] = where.relative_to(TESTS).parts[0]
        fixtures = getattr(item, "fixturenames", ())
        if folder in FOLDERS:
            item.add_marker(folder)
        if folder == "unit" and "redis_url" in fixtures:
            raise pytest.UsageError(f"{item.nodeid} needs Redis: it belongs in tests/store or http")
        for name, files in SHARED.items():
            if name in fixtures and item.nodeid.split("::", 1)[0] not in files:
                raise pytest.UsageError(f"{item.nodeid} uses {name}: add its file to SHARED")
    items.sort(key=lambda item: folders[item.path.parent] != SLOW_FIRST)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With `--dist loadfile`: a file (or the files of SHARED) at a time, in collection order."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    units = {path: name for name, files in SHARED.items() for path in files}

    class ByFile(LoadFileScheduling):  # type: ignore[misc]  # xdist has no type hints
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return units.get(path, path)

    config.option.loadscopereorder = False  # keep SLOW_FIRST's order, not largest file first
    return ByFile(config, log)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """REDIS_URL when set (database n for xdist worker n), else an embedded real Redis server
    for the whole run (one per worker)."""
    from tests.support.redis_server import for_worker, throwaway_redis

    configured = os.environ.get("REDIS_URL")
    if configured:
        yield for_worker(configured, os.environ.get("PYTEST_XDIST_WORKER", "master"))
        return
    with throwaway_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(autouse=True)
def redis_turn(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test on REDIS_URL's server takes a turn on it: shared, or alone when marked redis_alone
    (it pauses the server or counts its commands), so parallel workers sharing that server never
    see each other's pauses or commands. An embedded server is the worker's own: no turns."""
    if "redis_url" not in request.fixturenames or not os.environ.get("REDIS_URL"):
        yield
        return
    from tests.support.redis_server import turn

    alone = request.node.get_closest_marker("redis_alone") is not None
    with turn(request.getfixturevalue("redis_url"), alone=alone):
        yield


@pytest.fixture
def redis_client(redis_url: str) -> redis.Redis:
    """A client on the test Redis."""
    from skill.store.redis_server import connect

    return connect(redis_url)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The real content, loaded and validated once for the run (the same one tests that
    parametrize over it get from content_catalog())."""
    from tests.support.speech import content_catalog

    return content_catalog()


@pytest.fixture(scope="session")
def small_catalog() -> Catalog:
    """The two short routines of tests/fixtures/content, for tests of plumbing, not content."""
    from skill.catalog import load_catalog
    from tests.support.settings import FIXTURE_CONTENT

    return load_catalog(FIXTURE_CONTENT)


@pytest.fixture(scope="session")
def small_app(settings: Settings, shared_clock: Clock, small_catalog: Catalog) -> Flask:
    """The skill app on the fixture content; a module uses it by overriding `app` with it."""
    from skill.web import create_app

    return create_app(settings, clock=shared_clock, catalog=small_catalog)


@pytest.fixture(scope="session")
def settings(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for a test app: the test Redis, real content, verification off."""
    from tests.support.settings import make_settings

    return make_settings(redis_url, tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def shared_clock() -> Clock:
    """The clock the shared app reads; `clock` resets it for every test."""
    return Clock()


@pytest.fixture
def clock(shared_clock: Clock) -> Clock:
    """The time the app sees, back at the start for every test."""
    shared_clock.now = START
    return shared_clock


@pytest.fixture(scope="session")
def app(settings: Settings, shared_clock: Clock, catalog: Catalog) -> Flask:
    """The skill app, one for the run: tests stay independent by talking as new people."""
    from skill.web import create_app

    return create_app(settings, clock=shared_clock, catalog=catalog)


@pytest.fixture
def client(app: Flask, clock: Clock) -> FlaskClient:
    """Flask's test client for the app (its clock reset)."""
    return app.test_client()


@pytest.fixture
def person(client: FlaskClient) -> AlexaSession:
    """Someone new talking to the skill."""
    from tests.support.alexa import AlexaSession, flask_transport

    return AlexaSession(flask_transport(client), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
