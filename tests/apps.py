"""Building test apps outside conftest's per-test fixtures, so a module can share one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask

from skill.config import Settings
from skill.web import create_app
from tests.conftest import ROOT, SECRET, Clock


def make_settings(redis_url: str | None, data_dir: Path, **changes: Any) -> Settings:
    """Settings like conftest's: real content, the given Redis, verification off."""
    base = Settings(
        redis_url=redis_url,
        user_hash_secret=SECRET,
        verify_requests=False,
        skill_id=None,
        content_dir=ROOT / "content",
        data_dir=data_dir,
        host="127.0.0.1",
        port=0,
        retention_days=30,
        log_level="INFO",
    )
    return replace(base, **changes)


def shared_app(redis_url: str | None, data_dir: Path, **changes: Any) -> Flask:
    """An app on the given Redis with a fixed clock."""
    return create_app(make_settings(redis_url, data_dir, **changes), clock=Clock())
