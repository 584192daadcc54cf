"""The app as gunicorn builds it, verifying requests against a throwaway CA instead of Amazon's.

`gunicorn -c python:skill.gunicorn_conf 'tests.sockets.serving.signed_app:application()'` with
TEST_ROOT_PEM and TEST_CHAIN_PEM naming files written by tests.sockets.serving.signing.make_pki."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from skill.config import Settings
from skill.logs import configure_logging
from skill.web.app import create_app
from skill.web.serving import preloaded
from tests.sockets.serving.signing import verifiers


def application() -> Flask:
    """Like skill.web.serving.application, trusting only the test CA."""
    configure_logging(os.environ.get("LOG_LEVEL") or "INFO")
    root = Path(os.environ["TEST_ROOT_PEM"]).read_bytes()
    chain = Path(os.environ["TEST_CHAIN_PEM"]).read_bytes()
    settings = Settings.from_env()
    return create_app(
        settings,
        verifiers=verifiers(root, chain, settings.skill_id),
        catalog=preloaded(settings.content_dir),
    )
