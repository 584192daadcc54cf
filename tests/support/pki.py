"""A throwaway PKI (root, intermediate, leaf for echo-api.amazon.com) and fakes for the seams."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from skill.verification.cert_cache import CertChainCache
from skill.verification.signature import SignatureVerifier
from tests.support.cert_url import CERT_URL as CERT_URL

NOW = datetime(2026, 11, 21, 10, 0, 0, tzinfo=UTC)
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


_KEPT_KEYS = "pki/rsa-2048-keys"


def _keys(cache: pytest.Cache | None, count: int) -> list[rsa.RSAPrivateKey]:
    """`count` throwaway RSA-2048 keys, made once for each pytest cache folder and kept there:
    making them is most of what the PKI costs, and no test depends on which keys they are. The
    certificates and signatures made with them are made anew every run; anything kept that is
    not `count` working keys is replaced by new ones (so is everything, after --cache-clear)."""
    kept = _kept_keys(cache.get(_KEPT_KEYS, None) if cache is not None else None, count)
    if kept is not None:
        return kept
    made = [_key() for _ in range(count)]
    if cache is not None:
        pkcs8 = serialization.PrivateFormat.PKCS8
        pem_of = [
            k.private_bytes(serialization.Encoding.PEM, pkcs8, serialization.NoEncryption())
            for k in made
        ]
        cache.set(_KEPT_KEYS, [p.decode() for p in pem_of])
    return made


def _kept_keys(kept: object, count: int) -> list[rsa.RSAPrivateKey] | None:
    """The kept keys, each shown to sign and verify; None when any is missing or does not work.
    Loading skips OpenSSL's full check of the key (as slow as making one); one signature
    checked with its own public key finds a key whose numbers do not agree."""
    if not (isinstance(kept, list) and len(kept) == count):
        return None
    keys: list[rsa.RSAPrivateKey] = []
    for text in kept:
        try:
            key = serialization.load_pem_private_key(
                str(text).encode(), None, unsafe_skip_rsa_key_validation=True
            )
            if not isinstance(key, rsa.RSAPrivateKey) or key.key_size != 2048:
                return None
            signature = key.sign(b"kept", padding.PKCS1v15(), hashes.SHA256())
            key.public_key().verify(signature, b"kept", padding.PKCS1v15(), hashes.SHA256())
        except (ValueError, TypeError, InvalidSignature):
            return None
        keys.append(key)
    return keys


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_ca(
    key: rsa.RSAPrivateKey,
    common_name: str,
    issuer: x509.Certificate | None = None,
    issuer_key: rsa.RSAPrivateKey | None = None,
) -> x509.Certificate:
    """A CA certificate; self-signed when no issuer is given."""
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer.subject if issuer else _name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=365))
        .not_valid_after(NOW + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    return builder.sign(issuer_key or key, hashes.SHA256())


def make_leaf(
    key: rsa.RSAPrivateKey,
    issuer: x509.Certificate,
    issuer_key: rsa.RSAPrivateKey,
    *,
    dns_name: str = "echo-api.amazon.com",
    not_before: datetime = NOW - timedelta(days=30),
    not_after: datetime = NOW + timedelta(days=30),
) -> x509.Certificate:
    """An end-entity TLS server certificate for `dns_name`."""
    return (
        x509.CertificateBuilder()
        .subject_name(_name(dns_name))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(dns_name)]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )


def pem(*certs: x509.Certificate) -> bytes:
    """A PEM chain file, leaf first, as Amazon serves it."""
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def sign(key: rsa.RSAPrivateKey, body: bytes) -> str:
    """The Signature-256 header value for `body`."""
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


@dataclass(frozen=True)
class Pki:
    """Keys and certificates for the happy path and for each way a chain can be wrong."""

    root_key: rsa.RSAPrivateKey
    root: x509.Certificate
    intermediate_key: rsa.RSAPrivateKey
    intermediate: x509.Certificate
    leaf_key: rsa.RSAPrivateKey
    leaf: x509.Certificate
    other_key: rsa.RSAPrivateKey
    untrusted_root: x509.Certificate

    @property
    def chain_pem(self) -> bytes:
        return pem(self.leaf, self.intermediate)

    def leaf_pem(self, **kwargs: object) -> bytes:
        """A chain whose leaf is rebuilt with `kwargs` (dates, dns_name)."""
        leaf = make_leaf(self.leaf_key, self.intermediate, self.intermediate_key, **kwargs)  # type: ignore[arg-type]
        return pem(leaf, self.intermediate)


@pytest.fixture(scope="session")
def pki(pytestconfig: pytest.Config) -> Pki:
    cache = getattr(pytestconfig, "cache", None)  # None under -p no:cacheprovider
    root_key, intermediate_key, leaf_key, other_key = _keys(cache, 4)
    root = make_ca(root_key, "Test Root CA")
    intermediate = make_ca(intermediate_key, "Test Intermediate CA", root, root_key)
    return Pki(
        root_key=root_key,
        root=root,
        intermediate_key=intermediate_key,
        intermediate=intermediate,
        leaf_key=leaf_key,
        leaf=make_leaf(leaf_key, intermediate, intermediate_key),
        other_key=other_key,
        untrusted_root=make_ca(other_key, "Test Root CA"),
    )


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class FakeFetcher:
    """Serves PEM bytes (or raises) per URL and records every URL asked for."""

    responses: dict[str, bytes | Exception] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        response = self.responses.get(url, OSError(f"404 for {url}"))
        if isinstance(response, Exception):
            raise response
        return response


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fetcher(pki: Pki) -> FakeFetcher:
    return FakeFetcher({CERT_URL: pki.chain_pem})


@pytest.fixture
def verifier(pki: Pki, fetcher: FakeFetcher, clock: FakeClock) -> SignatureVerifier:
    return SignatureVerifier([pki.root], CertChainCache(fetcher, clock), clock)


def envelope(
    *,
    timestamp: datetime = NOW,
    request_type: str = "LaunchRequest",
    app_id: str = SKILL_ID,
) -> dict[str, object]:
    """A minimal Alexa request envelope."""
    return {
        "version": "1.0",
        "session": {"new": True, "application": {"applicationId": app_id}},
        "context": {"System": {"application": {"applicationId": app_id}}},
        "request": {
            "type": request_type,
            "requestId": "amzn1.echo-api.request.1",
            "timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "locale": "en-GB",
        },
    }


@pytest.fixture(scope="session")
def body() -> bytes:
    """Raw request bytes, deliberately not in json.dumps' canonical spacing."""
    return json.dumps(envelope(), separators=(",", ":")).encode("utf-8")


@pytest.fixture
def signed_headers(pki: Pki, body: bytes) -> dict[str, str]:
    return {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, body)}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything tries to open a real connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("test tried to use the network")

    monkeypatch.setattr("socket.create_connection", refuse)
