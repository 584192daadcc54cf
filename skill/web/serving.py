"""The app as gunicorn builds it in each worker, after the fork (see skill/gunicorn_conf.py)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from skill.config import Serving, Settings
from skill.domain.routines import Catalog
from skill.logs import configure_logging
from skill.verification.fetch import default_tls_context
from skill.web.app import MAX_BODY_BYTES, create_app
from skill.web.asgi import WsgiOnAsgi

_preloaded: dict[Path, Catalog] = {}


def preload(content_dir: Path, catalog: Catalog) -> None:
    """Keep catalog, the content gunicorn's master loaded and validated from content_dir (the
    workers look it up by that folder), and load the trust store for certificate downloads and
    Alexa's APIs: once for all workers, which inherit both when they fork. Both are plain data;
    nothing connects."""
    _preloaded[content_dir] = catalog
    default_tls_context()


def preloaded(content_dir: Path) -> Catalog | None:
    """The content the master loaded from content_dir, if it did."""
    return _preloaded.get(content_dir)


def application() -> Flask:
    """Logging, settings and the app, for this worker; its Redis connections are its own."""
    configure_logging(os.environ.get("LOG_LEVEL") or "INFO")
    settings = Settings.from_env()
    return create_app(settings, catalog=preloaded(settings.content_dir))


def asgi_application(app: Flask | None = None) -> WsgiOnAsgi:
    """The app as gunicorn's asyncio worker serves it: requests read in full on the event loop,
    then answered on WEB_THREADS threads (skill.web.asgi)."""
    served = app if app is not None else application()
    return WsgiOnAsgi(served, threads=Serving.from_env().threads, max_body=MAX_BODY_BYTES)
