"""Settings, read once from the environment, with defaults that make `make run` work."""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from skill.domain.state import PERSON_KEPT_DAYS, PLACE_KEPT_DAYS
from skill.store.hash_secret import kept_secret

# Where Alexa's APIs live, by region (the request's apiEndpoint names one).
AMAZON_API_HOSTS = ("api.amazonalexa.com", "api.eu.amazonalexa.com", "api.fe.amazonalexa.com")

# The folder holding skill/ and content/ (and var/, by default): a checkout, or the image's /app.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


class ConfigError(Exception):
    """A setting that cannot be used."""


def _given(env: Mapping[str, str], name: str) -> str:
    """A setting's value, stripped; "" when it is unset or blank (a blank value is unset)."""
    return env.get(name, "").strip()


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = _given(env, name)
    if not raw:
        return default
    value = raw.lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = _given(env, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level(env: Mapping[str, str] | None = None) -> str:
    """LOG_LEVEL in upper case (debug works as DEBUG); ConfigError for anything else."""
    env = os.environ if env is None else env
    raw = _given(env, "LOG_LEVEL") or "INFO"
    level = raw.strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {raw!r}")
    return level


def _redis_url(env: Mapping[str, str]) -> str | None:
    raw = _given(env, "REDIS_URL") or None
    if raw is None:
        return None
    from redis.connection import parse_url  # here: refusing a setting needs no Redis client

    try:
        parse_url(raw)  # type: ignore[no-untyped-call]  # what Redis.from_url accepts
    except (ValueError, TypeError):
        raise ConfigError(
            f"REDIS_URL must be a redis://, rediss:// or unix:// URL, not {raw!r}"
        ) from None
    return raw


def _host(env: Mapping[str, str]) -> str:
    raw = _given(env, "HOST") or "127.0.0.1"
    if raw == "localhost":
        return raw
    try:
        ipaddress.ip_address(raw)  # checked as text: never looked up in DNS
    except ValueError:
        raise ConfigError(
            f"HOST must be an IP address of this machine (e.g. 127.0.0.1, 0.0.0.0, ::1) or "
            f"localhost, not {raw!r}"
        ) from None
    return raw


def _api_hosts(env: Mapping[str, str]) -> tuple[str, ...]:
    raw = _given(env, "ALEXA_API_HOSTS")
    if not raw:
        return AMAZON_API_HOSTS
    if raw.lower() == "none":
        return ()
    hosts = tuple(h.strip().lower() for h in raw.split(",") if h.strip())
    if not hosts or any("/" in h or " " in h for h in hosts):
        raise ConfigError(
            f"ALEXA_API_HOSTS must be host or host:port names, comma-separated, or none; "
            f"not {raw!r}"
        )
    return hosts


# PLACE_RETENTION_DAYS was POSITION_RETENTION_DAYS until 2026-12-07 ("place" is the word
# everywhere else): the old name is still read, with a warning, so no deployment changes
# behaviour on upgrade. It can go once the deployments' settings use the new name.
_OLD_PLACE_RETENTION = "POSITION_RETENTION_DAYS"
MAX_RETENTION_DAYS = 3650  # ten years: anything longer is a typing slip, not a choice


_warned_old_name = False  # said once a process, not at every read of the settings


def _place_retention(env: Mapping[str, str]) -> tuple[int, str]:
    """PLACE_RETENTION_DAYS, and the name it was read under (a blank value is unset)."""
    global _warned_old_name
    new = _int(env, "PLACE_RETENTION_DAYS", PLACE_KEPT_DAYS, 1, MAX_RETENTION_DAYS)
    if not _given(env, _OLD_PLACE_RETENTION):
        return new, "PLACE_RETENTION_DAYS"
    old = _int(env, _OLD_PLACE_RETENTION, PLACE_KEPT_DAYS, 1, MAX_RETENTION_DAYS)
    if _given(env, "PLACE_RETENTION_DAYS") and new != old:
        raise ConfigError(
            f"PLACE_RETENTION_DAYS ({new}) and {_OLD_PLACE_RETENTION} ({old}), its old name, "
            "disagree: set PLACE_RETENTION_DAYS only"
        )
    if not _warned_old_name:
        log.warning("%s is now PLACE_RETENTION_DAYS: rename it", _OLD_PLACE_RETENTION)
        _warned_old_name = True
    return old, _OLD_PLACE_RETENTION


def _person_retention(env: Mapping[str, str], places: int, places_name: str) -> int:
    days = _int(env, "PERSON_RETENTION_DAYS", PERSON_KEPT_DAYS, 1, MAX_RETENTION_DAYS)
    if days < places:
        raise ConfigError(
            f"PERSON_RETENTION_DAYS ({days}) must be at least {places_name} ({places}): "
            "a place cannot outlive the person's document"
        )
    return days


def _skill_id(env: Mapping[str, str], verify: bool, required: bool) -> str | None:
    skill_id = _given(env, "ALEXA_SKILL_ID") or None
    waived = _flag(env, "ALEXA_SKILL_ID_WAIVED", default=False)
    if required and verify and skill_id is None and not waived:
        raise ConfigError(
            "ALEXA_SKILL_ID must be set to this skill's id (amzn1.ask.skill...) while requests "
            "are verified; for testing only, ALEXA_SKILL_ID_WAIVED=true accepts any skill's "
            "requests"
        )
    return skill_id


@dataclass(frozen=True)
class Settings:
    """Everything the skill can be configured with. See README.md for each variable."""

    redis_url: str | None
    user_hash_secret: bytes | None  # None: kept in data_dir, made when first needed (hash_secret)
    verify_requests: bool
    skill_id: str | None
    content_dir: Path
    data_dir: Path
    host: str
    port: int
    # How long a place in a routine is offered again (then the coach forgets it).
    place_retention_days: int
    log_level: str
    topology: RedisTopology = field(default_factory=lambda: RedisTopology())
    # How long everything kept about a person lives after their last visit (the key's expiry).
    person_retention_days: int = PERSON_KEPT_DAYS
    # The Alexa API hosts a request's apiEndpoint may name ("host" or "host:port"); none: no calls.
    alexa_api_hosts: tuple[str, ...] = AMAZON_API_HOSTS

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, serving: bool = True) -> Settings:
        """Settings from environment variables (os.environ by default). Serving with
        verification on needs ALEXA_SKILL_ID (or ALEXA_SKILL_ID_WAIVED=true, for tests)."""
        env = os.environ if env is None else env
        data_dir = Path(_given(env, "DATA_DIR") or PROJECT_ROOT / "var")
        verify = _flag(env, "ALEXA_VERIFY_REQUESTS", default=True)
        places, places_name = _place_retention(env)
        return cls(
            redis_url=_redis_url(env),
            user_hash_secret=_secret(env),
            verify_requests=verify,
            skill_id=_skill_id(env, verify, required=serving),
            content_dir=Path(_given(env, "CONTENT_DIR") or PROJECT_ROOT / "content"),
            data_dir=data_dir,
            host=_host(env),
            port=_int(env, "PORT", 5000, 1, 65535),
            place_retention_days=places,
            log_level=log_level(env),
            topology=RedisTopology.from_env(env),
            person_retention_days=_person_retention(env, places, places_name),
            alexa_api_hosts=_api_hosts(env),
        )

    def hash_secret(self) -> bytes:
        """The key for hashing Alexa ids: USER_ID_HASH_SECRET, else the one kept in DATA_DIR.

        Reading settings never writes a file; serving (the app) asks for this once."""
        return self.user_hash_secret or kept_secret(self.data_dir)


def _secret(env: Mapping[str, str]) -> bytes | None:
    """USER_ID_HASH_SECRET, checked; None when unset (Settings.hash_secret then keeps one)."""
    configured = env.get("USER_ID_HASH_SECRET")
    if not configured:
        return None
    if len(configured) < 16:
        raise ConfigError("USER_ID_HASH_SECRET must be at least 16 characters")
    return configured.encode()


# Serving and Redis beyond one server (README: Deployment). Read with the other settings.


@dataclass(frozen=True)
class RedisTopology:
    """Redis Sentinel or Redis Cluster; neither means REDIS_URL names the one server."""

    sentinels: tuple[tuple[str, int], ...] = ()
    sentinel_master: str | None = None
    cluster: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RedisTopology:
        """REDIS_SENTINELS, REDIS_SENTINEL_MASTER and REDIS_CLUSTER, checked together."""
        sentinels = tuple(
            _address(item, "REDIS_SENTINELS") for item in _list(env.get("REDIS_SENTINELS"))
        )
        master = _given(env, "REDIS_SENTINEL_MASTER") or None
        cluster = _flag(env, "REDIS_CLUSTER", default=False)
        if sentinels and master is None:
            raise ConfigError(
                "REDIS_SENTINEL_MASTER must name the primary when REDIS_SENTINELS is set"
            )
        if master is not None and not sentinels:
            raise ConfigError("REDIS_SENTINEL_MASTER is set but REDIS_SENTINELS is not")
        if cluster and sentinels:
            raise ConfigError("REDIS_CLUSTER and REDIS_SENTINELS cannot both be set")
        if cluster and not _given(env, "REDIS_URL"):
            raise ConfigError(
                "REDIS_CLUSTER=true needs REDIS_URL set to one of the cluster's nodes"
            )
        return cls(sentinels=sentinels, sentinel_master=master, cluster=cluster)

    @property
    def external(self) -> bool:
        """Whether Sentinel names the server (so REDIS_URL may be unset)."""
        return bool(self.sentinels)


@dataclass(frozen=True)
class Serving:
    """gunicorn's settings for `make serve` and the container (skill/gunicorn_conf.py)."""

    workers: int = 2
    threads: int = 4
    graceful_timeout: int = 10

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Serving:
        """WEB_CONCURRENCY, WEB_THREADS and GRACEFUL_TIMEOUT."""
        env = os.environ if env is None else env
        return cls(
            workers=_int(env, "WEB_CONCURRENCY", 2, 1, 64),
            threads=_int(env, "WEB_THREADS", 4, 1, 64),
            graceful_timeout=_int(env, "GRACEFUL_TIMEOUT", 10, 1, 300),
        )


def _list(raw: str | None) -> list[str]:
    return [item.strip() for item in (raw or "").split(",") if item.strip()]


def _address(text: str, name: str) -> tuple[str, int]:
    """host:port or [v6]:port."""
    host, sep, port = text.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ConfigError(f"{name} must be host:port pairs separated by commas, not {text!r}")
    return host, int(port)
