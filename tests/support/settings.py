"""Settings for a test app, without reading the environment."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from skill.config import Settings

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"  # small routines for plumbing tests
SECRET = b"test-secret-for-user-id-hashing-0123456789"
NO_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused


def make_settings(
    redis_url: str | None = NO_REDIS, data_dir: Path = ROOT / "var", **changes: Any
) -> Settings:
    """The test Redis (or none), real content, verification off, unless changed."""
    base = Settings(
        redis_url=redis_url,
        user_hash_secret=SECRET,
        verify_requests=False,
        skill_id=None,
        content_dir=ROOT / "content",
        data_dir=data_dir,
        host="127.0.0.1",
        port=0,
        place_retention_days=30,
        alexa_api_hosts=(),  # no Alexa API is called unless a test puts a stand-in here
        log_level="INFO",
    )
    return replace(base, **changes)


def load_model_intents() -> list[str]:
    """Every intent name in the en-US interaction model."""
    from skill.catalog.model import load_model

    return [intent.name for intent in load_model().intents]
