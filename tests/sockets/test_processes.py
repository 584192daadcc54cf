"""Issue 10, one machine, several processes: nobody stops a Redis someone else uses (the last
one out saves and stops it), and bad settings end in one clear line and exit status 2."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

from skill.__main__ import main
from skill.config import ConfigError, Settings, log_level
from skill.store.redis_server import EmbeddedRedis, _alive
from tests.support.served import serve_env, served
from tests.support.servers import wait_for

SETTINGS = (
    "LOG_LEVEL",
    "REDIS_URL",
    "HOST",
    "PORT",
    "ALEXA_SKILL_ID",
    "ALEXA_SKILL_ID_WAIVED",
    "ALEXA_VERIFY_REQUESTS",
)


def run_skill(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "skill", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def main_with(command: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> int:
    """`python -m skill command` run in this process with exactly env's settings (the root
    logger it configures is put back after)."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        return main([command])
    finally:
        root.handlers[:], root.level = handlers, level


def redis_health(url: str) -> str:
    """Whether the server's Redis answers, as its readiness check says ("ok" or "unavailable")."""
    try:
        with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as unready:  # 503 while Redis does not answer
        body = unready.read()
    return str(json.loads(body)["redis"])


def one_clear_line(result: subprocess.CompletedProcess[str], variable: str) -> str:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "listening" not in result.stderr
    assert variable in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LOG_LEVEL", "loud"),
        ("REDIS_URL", "notaurl"),
        ("HOST", "999.1.1.1"),
        ("PORT", "http"),
        ("ALEXA_SKILL_ID", None),
    ],
)
def test_each_bad_setting_is_named_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str | None,
) -> None:
    changes: dict[str, str | None] = {variable: value}
    if variable == "ALEXA_SKILL_ID":  # verification on (the default) and no skill id
        changes |= {"ALEXA_VERIFY_REQUESTS": None, "ALEXA_SKILL_ID_WAIVED": None}
    # In-process: refused before anything starts. As a program, the same one line and status 2
    # are what test_say_and_a_second_serve_... checks of a second serve.
    assert main_with("serve", serve_env(tmp_path, **changes), monkeypatch) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("configuration error:")
    assert variable in lines[0]


def test_lower_case_log_level_simply_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert log_level({"LOG_LEVEL": "debug"}) == "DEBUG"
    assert main_with("check", serve_env(tmp_path, LOG_LEVEL="debug"), monkeypatch) == 0
    with pytest.raises(ConfigError, match="LOG_LEVEL"):
        log_level({"LOG_LEVEL": "loud"})


def test_the_skill_id_can_be_waived_for_testing_only_explicitly() -> None:
    env = {"USER_ID_HASH_SECRET": "x" * 32, "ALEXA_SKILL_ID_WAIVED": "true"}
    assert Settings.from_env(env).skill_id is None
    with pytest.raises(ConfigError, match="ALEXA_SKILL_ID"):
        Settings.from_env({"USER_ID_HASH_SECRET": "x" * 32, "ALEXA_SKILL_ID": "  "})
    assert Settings.from_env({"USER_ID_HASH_SECRET": "x" * 32}, serving=False).skill_id is None


def test_two_users_of_one_embedded_redis_the_last_one_out_stops_it(tmp_path: Path) -> None:
    first = EmbeddedRedis(tmp_path)
    second = EmbeddedRedis(tmp_path)
    assert (second.socket_file, second.pid) == (first.socket_file, first.pid)
    redis.Redis.from_url(first.url).set("kept", "yes")
    first.close()  # the one that started it leaves first: the other still uses it
    assert redis.Redis.from_url(second.url).get("kept") == b"yes"
    second.close()
    wait_for(lambda: not _alive(first.pid), "the last user out to stop it", timeout=10)
    assert not Path(first.socket_file).parent.exists()  # its socket's temporary folder too
    third = EmbeddedRedis(tmp_path)  # a new start finds the saved data
    try:
        assert redis.Redis.from_url(third.url).get("kept") == b"yes"
    finally:
        third.close()


def test_a_new_start_after_the_server_died_removes_the_dead_ones_socket_folder(
    tmp_path: Path,
) -> None:
    first = EmbeddedRedis(tmp_path)
    os.kill(first.pid, signal.SIGKILL)  # the server dies; its user is still there
    wait_for(lambda: not _alive(first.pid), "redis-server to die of SIGKILL", timeout=10)
    assert Path(first.socket_file).parent.is_dir()  # a killed server cannot tidy up
    second = EmbeddedRedis(tmp_path)
    try:
        assert second.pid != first.pid
        assert not Path(first.socket_file).parent.exists()
        assert redis.Redis.from_url(second.url).ping()
    finally:
        first.close()
        second.close()
    assert not Path(second.socket_file).parent.exists()


def test_say_and_a_second_serve_leave_the_servers_redis_alone_and_stopping_it_saves_it(
    tmp_path: Path,
) -> None:
    with served(tmp_path) as server:  # its own embedded Redis: no REDIS_URL
        assert redis_health(server.url) == "ok"
        said = run_skill(  # `python -m skill say` as a program (test_cli.py runs it in-process)
            "say",
            "--user",
            "neighbour",
            "open",
            "help",
            "start my lower back stretches",
            env=serve_env(tmp_path),
        )
        assert said.returncode == 0, said.stderr
        assert "→ new session · LaunchRequest" in said.stdout
        assert "→ AMAZON.HelpIntent" in said.stdout
        assert '→ StartRoutineIntent {routine: "lower back stretches" → lower-back}' in said.stdout
        assert redis_health(server.url) == "ok"

        second = run_skill("serve", env=serve_env(tmp_path, PORT=str(server.port)))
        line = one_clear_line(second, "PORT")
        assert "already in use" in line
        assert redis_health(server.url) == "ok"
        assert server.log.read_text().count("listening on") == 1  # printed once, once bound
        pid = json.loads((tmp_path / "redis-server.json").read_text())["pid"]
    assert server.process.returncode == 0  # SIGTERM, as docker stop sends, is a clean exit
    # The server was the last user: it saves and stops its Redis.
    wait_for(lambda: not _alive(pid), "embedded redis to stop after its last user", timeout=15)
    assert (tmp_path / "progress.rdb").exists()
