"""Settings are read without side effects; the kept secret is made once, by whoever needs it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from skill import config
from skill.config import ConfigError, Settings


def test_reading_settings_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings.from_env({"DATA_DIR": str(data), "ALEXA_VERIFY_REQUESTS": "false"})
    assert settings.user_hash_secret is None
    assert not data.exists()


def test_the_kept_secret_is_made_once_and_shared_by_processes_starting_together(
    tmp_path: Path,
) -> None:
    settings = Settings.from_env({"DATA_DIR": str(tmp_path), "ALEXA_VERIFY_REQUESTS": "false"})
    with ThreadPoolExecutor(8) as pool:
        secrets = set(pool.map(lambda _: settings.hash_secret(), range(16)))
    assert len(secrets) == 1
    (secret,) = secrets
    assert len(secret) == 64
    assert (tmp_path / "user-id-hash-secret").stat().st_mode & 0o777 == 0o600
    assert settings.hash_secret() == secret


def test_a_configured_secret_is_used_and_nothing_is_kept(tmp_path: Path) -> None:
    env = {
        "DATA_DIR": str(tmp_path),
        "ALEXA_VERIFY_REQUESTS": "false",
        "USER_ID_HASH_SECRET": "a-long-enough-secret",
    }
    assert Settings.from_env(env).hash_secret() == b"a-long-enough-secret"
    assert not (tmp_path / "user-id-hash-secret").exists()
    with pytest.raises(ConfigError, match="USER_ID_HASH_SECRET"):
        Settings.from_env(env | {"USER_ID_HASH_SECRET": "short"})


def test_a_person_is_kept_a_year_and_a_place_thirty_days_unless_set(tmp_path: Path) -> None:
    base = {"DATA_DIR": str(tmp_path), "ALEXA_VERIFY_REQUESTS": "false"}
    settings = Settings.from_env(base)
    assert (settings.person_retention_days, settings.place_retention_days) == (365, 30)
    longer = Settings.from_env(base | {"PERSON_RETENTION_DAYS": "730"})
    assert longer.person_retention_days == 730


def test_place_retention_is_read_by_its_name_and_by_its_old_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = {"DATA_DIR": str(tmp_path), "ALEXA_VERIFY_REQUESTS": "false"}
    assert Settings.from_env(base | {"PLACE_RETENTION_DAYS": "14"}).place_retention_days == 14
    assert not caplog.records
    monkeypatch.setattr(config, "_warned_old_name", False)
    old = Settings.from_env(base | {"POSITION_RETENTION_DAYS": "21"})
    assert old.place_retention_days == 21
    assert "PLACE_RETENTION_DAYS" in caplog.text  # told to rename it, once a process
    Settings.from_env(base | {"POSITION_RETENTION_DAYS": "21"})
    assert len(caplog.records) == 1
    # A blank value is no value, under either name (compose's ${VAR:-} gives one).
    assert (
        Settings.from_env(
            base | {"PLACE_RETENTION_DAYS": "14", "POSITION_RETENTION_DAYS": ""}
        ).place_retention_days
        == 14
    )
    assert (
        Settings.from_env(
            base | {"PLACE_RETENTION_DAYS": " ", "POSITION_RETENTION_DAYS": "21"}
        ).place_retention_days
        == 21
    )
    with pytest.raises(ConfigError, match="at least POSITION_RETENTION_DAYS"):
        Settings.from_env(base | {"POSITION_RETENTION_DAYS": "400"})  # the name that was set
    both = {"PLACE_RETENTION_DAYS": "21", "POSITION_RETENTION_DAYS": "21"}
    assert Settings.from_env(base | both).place_retention_days == 21
    with pytest.raises(ConfigError, match="disagree"):
        Settings.from_env(base | both | {"PLACE_RETENTION_DAYS": "14"})
    with pytest.raises(ConfigError, match="PLACE_RETENTION_DAYS"):
        Settings.from_env(base | {"PLACE_RETENTION_DAYS": "400"})  # longer than the person


def test_a_person_cannot_be_kept_shorter_than_their_places(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "ALEXA_VERIFY_REQUESTS": "false"}
    with pytest.raises(ConfigError, match="PERSON_RETENTION_DAYS"):
        Settings.from_env(env | {"PERSON_RETENTION_DAYS": "7"})


def test_a_blank_setting_is_an_unset_one(tmp_path: Path) -> None:
    """Compose's ${VAR:-} and a stray space give blank values: each is read as unset, so it takes
    its default, never a folder named " " or a refusal."""
    base = {"ALEXA_VERIFY_REQUESTS": "false"}
    unset = Settings.from_env(base | {"DATA_DIR": str(tmp_path)})
    names = [
        "REDIS_URL",
        "HOST",
        "PORT",
        "LOG_LEVEL",
        "CONTENT_DIR",
        "ALEXA_SKILL_ID",
        "ALEXA_API_HOSTS",
        "PLACE_RETENTION_DAYS",
        "PERSON_RETENTION_DAYS",
        "REDIS_SENTINEL_MASTER",
        "REDIS_CLUSTER",
    ]
    blank = Settings.from_env(base | {"DATA_DIR": str(tmp_path)} | dict.fromkeys(names, " \t"))
    assert blank == unset
    assert Settings.from_env(base | {"DATA_DIR": " "}).data_dir == config.PROJECT_ROOT / "var"
