"""A three-primary Redis Cluster (Debian's redis-server) running dialogs for many people."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import redis
from ask_sdk_model.request_envelope import RequestEnvelope
from flask.testing import FlaskClient
from redis.crc import key_slot

from skill.config import RedisTopology
from skill.store.clients import ObservedRedis, builder
from skill.store.keys import replay_key
from skill.store.repository import PersonRepository, RequestReplayedError
from skill.verification.replay import ReplayClaim
from skill.web.serializer import EnvelopeSerializer
from tests.sockets.redis_topologies.conftest import (
    client_for,
    pause_and_come_back,
    someone,
    step_of,
    topology_settings,
)
from tests.support.alexa import envelope, flask_transport
from tests.support.servers import LOOPBACK, free_port, need, redis_server, wait_for
from tests.support.settings import SECRET

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
    assert welcome.offer == "resume"
    person.say("AMAZON.YesIntent")
    assert step_of(person) == 1


def test_a_save_and_its_replay_claim_share_a_slot_on_every_primary(cluster: list[int]) -> None:
    """The save script touches the person's document and the request's replay key: on a Cluster
    both must hash to one slot (else Redis refuses the script), for people on every primary."""
    url = f"redis://{LOOPBACK}:{cluster[0]}/0"
    client = ObservedRedis(builder(url, RedisTopology(cluster=True)))
    store = PersonRepository(client, SECRET, 1)
    serializer = EnvelopeSerializer()
    nodes = [redis.Redis(host=LOOPBACK, port=p) for p in cluster]
    before = [node.dbsize() for node in nodes]
    slots, made = set(), []
    for n in range(PEOPLE):
        body = envelope("intent_request", user_id=f"amzn1.ask.account.SLOT{n}")
        request = serializer.from_data(body, RequestEnvelope)
        request_id = body["request"]["requestId"]
        claim = ReplayClaim(request_id, 300)
        assert store.save(request, 0, {"rev": 1}, claim) == 1
        assert claim.fresh is True
        with pytest.raises(RequestReplayedError):
            store.save(request, 1, {"rev": 2}, ReplayClaim(request_id, 300))
        alone = ReplayClaim(f"{request_id}.alone", 300)
        store.claim(request, alone)
        store.claim(request, again := ReplayClaim(alone.request_id, 300))
        assert (alone.fresh, again.fresh) == (True, False)
        person = store.key_for(request)
        slots.add(key_slot(person.encode()))
        made += [person, *(replay_key(person, c.request_id) for c in (claim, alone))]
    added = [node.dbsize() - count for node, count in zip(nodes, before, strict=True)]
    assert sum(added) == 3 * PEOPLE  # a document and two replay keys each, none lost
    assert all(count >= 9 for count in added), f"keys per primary: {added}"  # every primary
    assert len(slots) == PEOPLE
    for key in made:  # the other tests here count the keys they make
        assert client.delete(key) == 1
