"""A dialog over TLS (rediss://) to a Debian redis-server with a throwaway CA's certificate."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.sockets.redis_topologies.conftest import (
    client_for,
    pause_and_come_back,
    someone,
    step_of,
    topology_settings,
)
from tests.support.servers import LOOPBACK, free_port, redis_server, wait_for

pytestmark = pytest.mark.servers


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def write_pki(folder: Path) -> None:
    """ca.pem, and server.pem / server.key for 127.0.0.1, signed by that CA."""
    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Throwaway Redis CA"))
        .issuer_name(_name("Throwaway Redis CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("redis"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(LOOPBACK))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.pem").write_bytes(server.public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@pytest.fixture(scope="module")
def tls_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A redis-server that only speaks TLS, and its CA file."""
    folder = tmp_path_factory.mktemp("tls-redis")
    write_pki(folder)
    port = free_port()
    with redis_server(
        folder,
        "port 0",
        f"tls-port {port}",
        f"tls-cert-file {folder / 'server.pem'}",
        f"tls-key-file {folder / 'server.key'}",
        f"tls-ca-cert-file {folder / 'ca.pem'}",
        "tls-auth-clients no",
    ):
        probe = redis.Redis(host=LOOPBACK, port=port, ssl=True, ssl_ca_certs=str(folder / "ca.pem"))
        wait_for(lambda: bool(probe.ping()), "redis over TLS")
        yield port, folder / "ca.pem"


def test_a_dialog_over_tls_keeps_the_place(tls_redis: tuple[int, Path], tmp_path: Path) -> None:
    port, ca = tls_redis
    url = f"rediss://{LOOPBACK}:{port}/0?ssl_ca_certs={ca}"
    client = client_for(topology_settings(tmp_path, url))
    assert client.get("/readyz").status_code == 200
    person = someone(client)
    person.start()
    person.say("AMAZON.NextIntent")
    person.say("AMAZON.NextIntent")
    assert step_of(person) == 2
    assert pause_and_come_back(person) == 2

    plain = redis.Redis(host=LOOPBACK, port=port, ssl=True, ssl_ca_certs=str(ca))
    assert plain.dbsize() >= 1


def test_a_server_certificate_from_an_unknown_ca_is_not_ready(
    tls_redis: tuple[int, Path], tmp_path: Path
) -> None:
    port, _ = tls_redis
    client = client_for(topology_settings(tmp_path, f"rediss://{LOOPBACK}:{port}/0"))
    assert client.get("/readyz").status_code == 503
