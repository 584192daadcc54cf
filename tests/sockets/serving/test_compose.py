"""docker-compose.yml checked by a real compose implementation, and the Dockerfile's command run.

No Docker engine runs here: Debian's docker-compose validates and resolves the file, and the
command the container runs (its CMD, with its ENV) is started against a real redis-server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml

from skill.simulator.transport import over_http
from tests.support.alexa import AlexaSession, carried_step
from tests.support.checks import checked
from tests.support.servers import LOOPBACK, ROOT, free_port, gunicorn, http_get, need
from tests.support.settings import SECRET

pytestmark = pytest.mark.servers
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def compose_config(**env: str) -> subprocess.CompletedProcess[str]:
    """`docker-compose -f docker-compose.yml config` with only these variables set."""
    compose = need("docker-compose", "docker-compose")
    base = {
        k: v for k, v in os.environ.items() if k not in {"ALEXA_SKILL_ID", "USER_ID_HASH_SECRET"}
    }
    return subprocess.run(
        [compose, "-f", str(ROOT / "docker-compose.yml"), "config"],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_compose_resolves_redis_durable_and_healthy_and_the_app_wired_to_it() -> None:
    result = compose_config(ALEXA_SKILL_ID="amzn1.ask.skill.test", USER_ID_HASH_SECRET="x" * 32)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    redis = services["redis"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command
    assert "--appendfsync everysec" in command
    assert any(volume.startswith("redis-data:/data") for volume in redis["volumes"])
    assert "ping" in redis["healthcheck"]["test"]
    app = services["app"]
    assert app["build"]["context"] == str(ROOT)
    assert app["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert app["environment"]["ALEXA_SKILL_ID"] == "amzn1.ask.skill.test"
    assert app["environment"]["ALEXA_VERIFY_REQUESTS"] == "true"
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert all(port.startswith("127.0.0.1:") for port in app["ports"])


@pytest.mark.parametrize("missing", ["ALEXA_SKILL_ID", "USER_ID_HASH_SECRET"])
def test_compose_refuses_to_start_without_a_required_setting(missing: str) -> None:
    given = {"ALEXA_SKILL_ID": "amzn1.ask.skill.test", "USER_ID_HASH_SECRET": "x" * 32}
    del given[missing]
    result = compose_config(**given)
    assert result.returncode != 0
    assert missing in result.stderr


def dockerfile_instruction(name: str) -> str:
    """The (last) instruction of that name, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    found = re.findall(rf"^{name}\s+(.*)$", joined, flags=re.MULTILINE)
    assert found, f"Dockerfile has no {name}"
    return str(found[-1])


def dockerfile_env() -> dict[str, str]:
    """The ENV the container starts with."""
    pairs = re.findall(r"(\w+)=(\S+)", dockerfile_instruction("ENV"))
    return dict(pairs)


def test_the_image_is_slim_runs_as_a_user_and_checks_readiness() -> None:
    assert re.match(r"python:3\.\d+-slim$", dockerfile_instruction("FROM"))
    assert dockerfile_instruction("USER") not in {"root", "0"}
    assert "/readyz" in dockerfile_instruction("HEALTHCHECK")
    assert json.loads(dockerfile_instruction("CMD"))[0] == "gunicorn"


def test_the_containers_command_serves_a_dialog_and_passes_its_health_check(
    debian_redis: str, tmp_path: Path
) -> None:
    command = json.loads(dockerfile_instruction("CMD"))
    env = dockerfile_env() | {
        "HOST": LOOPBACK,  # the container listens on 0.0.0.0; tests stay on loopback
        "PORT": str(free_port()),
        "REDIS_URL": debian_redis,
        "USER_ID_HASH_SECRET": SECRET.decode(),
        "ALEXA_VERIFY_REQUESTS": "false",  # nobody here can sign as Amazon
        "CONTENT_DIR": str(ROOT / "content"),
        "DATA_DIR": str(tmp_path),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    health = json.loads(dockerfile_instruction("HEALTHCHECK").split("CMD", 1)[1])
    with gunicorn(env, tmp_path / "server.log", command=command) as (_, url):
        person = AlexaSession(
            checked(over_http(f"{url}/alexa")), user_id=f"amzn1.ask.account.{uuid.uuid4().hex}"
        )
        person.start()
        person.say("AMAZON.NextIntent")
        assert carried_step(person.attributes) == 1
        assert http_get(f"{url}/readyz")[0] == 200
        check = subprocess.run(health, env=env, capture_output=True, timeout=10, check=False)
        assert check.returncode == 0, check.stderr
