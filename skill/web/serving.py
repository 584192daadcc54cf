"""The app as gunicorn builds it in each worker, after the fork (see skill/gunicorn_conf.py)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from skill.config import Settings
from skill.domain.content import Catalog
from skill.logs import configure_logging
from skill.verification.fetch import default_tls_context
from skill.web.app import create_app

_preloaded: dict[Path, Catalog] = {}


def preload(content_dir: Path, catalog: Catalog) -> None:
    """Keep catalog, the content gunicorn's master loaded and validated from content_dir (the
    workers look it up by that folder), and load the trust store for certificate downloads: once
    for all workers, which inherit both when they fork. Both are plain data; nothing connects."""
    _preloaded[content_dir] = catalog
    default_tls_context()


def preloaded(content_dir: Path) -> Catalog | None:
    """The content the master loaded from content_dir, if it did."""
    return _preloaded.get(content_dir)


def application() -> Flask:
    """Logging, settings and the app, for this worker; its Redis pool is its own."""
    configure_logging(os.environ.get("LOG_LEVEL") or "INFO")
    settings = Settings.from_env()
    return create_app(settings, catalog=preloaded(settings.content_dir))
