"""Building test apps outside conftest's per-test fixtures, so a module can share one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from skill.domain.routines import Catalog
from skill.web import create_app
from tests.support.clock import Clock
from tests.support.settings import make_settings


def shared_app(
    redis_url: str, data_dir: Path, catalog: Catalog | None = None, **changes: Any
) -> Flask:
    """An app on the given Redis with a fixed clock (and catalog, else it loads its content)."""
    settings = make_settings(redis_url, data_dir, **changes)
    return create_app(settings, clock=Clock(), catalog=catalog)
