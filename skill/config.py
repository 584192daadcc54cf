"""Settings, read once from the environment, with defaults that make `make run` work."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


class ConfigError(Exception):
    """A setting that cannot be used."""


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything the skill can be configured with. See README.md for each variable."""

    redis_url: str | None
    user_hash_secret: bytes
    verify_requests: bool
    skill_id: str | None
    content_dir: Path
    data_dir: Path
    host: str
    port: int
    retention_days: int
    log_level: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from environment variables (os.environ by default)."""
        env = os.environ if env is None else env
        data_dir = Path(env.get("DATA_DIR") or PACKAGE_ROOT / "var")
        return cls(
            redis_url=env.get("REDIS_URL") or None,
            user_hash_secret=_secret(env, data_dir),
            verify_requests=_flag(env, "ALEXA_VERIFY_REQUESTS", default=True),
            skill_id=env.get("ALEXA_SKILL_ID") or None,
            content_dir=Path(env.get("CONTENT_DIR") or PACKAGE_ROOT / "content"),
            data_dir=data_dir,
            host=env.get("HOST") or "127.0.0.1",
            port=_int(env, "PORT", 5000, 1, 65535),
            retention_days=_int(env, "POSITION_RETENTION_DAYS", 30, 1, 3650),
            log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
        )


def _secret(env: Mapping[str, str], data_dir: Path) -> bytes:
    """USER_ID_HASH_SECRET, or a random one kept in the data folder so restarts keep their keys."""
    configured = env.get("USER_ID_HASH_SECRET")
    if configured:
        if len(configured) < 16:
            raise ConfigError("USER_ID_HASH_SECRET must be at least 16 characters")
        return configured.encode()
    path = data_dir / "user-id-hash-secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
        log.warning(
            "USER_ID_HASH_SECRET is not set; generated one in %s (set it in production)", path
        )
    return path.read_text(encoding="utf-8").strip().encode()
