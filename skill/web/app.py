"""The Flask app factory: wires settings, content, Redis and the skill together."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from flask import Flask

from skill.alexa.apis import AlexaApi
from skill.alexa.skill import build_skill, handled_intents
from skill.catalog import load_catalog
from skill.config import Settings
from skill.domain.coach import Coach
from skill.domain.routines import Catalog
from skill.domain.state import DAY
from skill.store.clients import ObservedRedis, builder
from skill.store.redis_server import EmbeddedRedis
from skill.store.repository import PersonRepository
from skill.verification import RequestVerifier
from skill.verification.fetch import UrllibFetcher
from skill.verification.pipeline import build_verification
from skill.web import endpoint, health, metrics
from skill.web.limits import BodyLimit
from skill.web.services import EXTENSION, Services

MAX_BODY_BYTES = endpoint.MAX_BODY_BYTES
log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    clock: Callable[[], float] = time.time,
    verifiers: list[RequestVerifier] | None = None,
    catalog: Catalog | None = None,
) -> Flask:
    """A ready app. Content is validated first: invalid content stops start-up with the reasons.

    Nothing connects to Redis here: the client connects on its first command. catalog, when
    given, is the content already loaded from settings.content_dir (gunicorn's master loads it)."""
    settings = settings or Settings.from_env()
    catalog = catalog or load_catalog(settings.content_dir)
    url = settings.redis_url
    if url is None and not settings.topology.external:
        # Stopped at exit by the last process using it (it registers that itself).
        url = EmbeddedRedis(settings.data_dir).url
    client = ObservedRedis(builder(url, settings.topology), metrics.redis_error)
    secret = settings.hash_secret()
    people = PersonRepository(client, secret, settings.person_retention_days)
    coach = Coach(
        catalog,
        place_retention_seconds=settings.place_retention_days * DAY,
        person_retention_days=settings.person_retention_days,
    )

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions[EXTENSION] = Services(
        settings=settings,
        user_hash_secret=secret,
        skill=build_skill(coach, people, clock, AlexaApi(settings.alexa_api_hosts)),
        redis=client,
        people=people,
        verification=build_verification(
            settings,
            verifiers,
            refuse_replays=True,
            fetcher=metrics.counted_downloads(UrllibFetcher()),
        ),
        catalog=catalog,
    )
    app.register_blueprint(endpoint.blueprint)
    app.register_blueprint(health.blueprint)
    metrics.install(app, handled_intents())
    endpoint.register_error_pages(app)
    app.wsgi_app = BodyLimit(app.wsgi_app, MAX_BODY_BYTES)  # type: ignore[method-assign]
    return app
