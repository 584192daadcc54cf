"""A three-primary Redis Cluster (Debian's redis-server) running dialogs for many people."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient

from skill.config import RedisTopology
from tests.sockets.redis_topologies.conftest import (
    client_for,
    pause_and_come_back,
    someone,
    step_of,
    topology_settings,
)
from tests.support.alexa import flask_transport
from tests.support.servers import LOOPBACK, free_port, need, redis_server, wait_for

pytestmark = pytest.mark.servers
PEOPLE = 30


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[int]]:
    """Three primaries sharing the 16384 slots, no replicas; their ports."""
    cli = need("redis-cli", "redis-tools")
    folder = tmp_path_factory.mktemp("cluster")
    with ExitStack() as stack:
        ports = []
        for n in range(3):
            _, port = stack.enter_context(
                redis_server(
                    folder / f"node{n}",
                    "cluster-enabled yes",
                    "cluster-config-file nodes.conf",
                    f"cluster-port {free_port()}",
                    "cluster-node-timeout 2000",
                )
            )
            ports.append(port)
        subprocess.run(
            [cli, "--cluster", "create", *(f"{LOOPBACK}:{p}" for p in ports), "--cluster-yes"],
            check=True,
            capture_output=True,
            timeout=30,
        )
        nodes = [redis.Redis(host=LOOPBACK, port=p) for p in ports]
        wait_for(
            lambda: all(n.cluster("info")["cluster_state"] == "ok" for n in nodes), "cluster ok"
        )
        yield ports


def test_many_people_talk_through_a_cluster_and_keep_their_places(
    cluster: list[int], tmp_path: Path
) -> None:
    settings = topology_settings(
        tmp_path, f"redis://{LOOPBACK}:{cluster[0]}/0", RedisTopology(cluster=True)
    )
    client = client_for(settings)
    assert client.get("/readyz").status_code == 200
    people = [someone(client) for _ in range(PEOPLE)]
    for n, person in enumerate(people):
        person.start()
        for _ in range(n % 4):
            person.say("AMAZON.NextIntent")
        person.say("AMAZON.RepeatIntent")
    assert [step_of(p) for p in people] == [n % 4 for n in range(PEOPLE)]
    assert [pause_and_come_back(p) for p in people] == [n % 4 for n in range(PEOPLE)]

    keys = [redis.Redis(host=LOOPBACK, port=p).dbsize() for p in cluster]
    assert sum(keys) == PEOPLE
    assert all(count > 0 for count in keys), f"keys per primary: {keys}"


def test_a_new_app_finds_the_place_through_another_node(cluster: list[int], tmp_path: Path) -> None:
    def app_on(port: int) -> FlaskClient:
        url = f"redis://{LOOPBACK}:{port}/0"
        return client_for(topology_settings(tmp_path, url, RedisTopology(cluster=True)))

    person = someone(app_on(cluster[0]))
    person.start()
    person.say("AMAZON.NextIntent")
    assert person.say("AMAZON.PauseIntent").ends_session
    person.post = flask_transport(app_on(cluster[2]))
    welcome = person.launch()
    assert welcome.body["sessionAttributes"]["coach"]["offer"]["kind"] == "resume"
    person.say("AMAZON.YesIntent")
    assert step_of(person) == 1
