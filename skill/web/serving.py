"""The app as gunicorn builds it in each worker, after the fork (see skill/gunicorn_conf.py)."""

from __future__ import annotations

import os

from flask import Flask

from skill.config import Settings
from skill.logs import configure_logging
from skill.web.app import create_app


def application() -> Flask:
    """Logging, settings and the app, for this worker; its Redis pool is its own."""
    configure_logging(os.environ.get("LOG_LEVEL") or "INFO")
    return create_app(Settings.from_env())
