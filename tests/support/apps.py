"""Building test apps outside conftest's per-test fixtures, so a module can share one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from skill.web import create_app
from tests.support.clock import Clock
from tests.support.settings import make_settings


def shared_app(redis_url: str, data_dir: Path, **changes: Any) -> Flask:
    """An app on the given Redis with a fixed clock."""
    return create_app(make_settings(redis_url, data_dir, **changes), clock=Clock())
