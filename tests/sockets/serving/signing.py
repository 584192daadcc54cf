"""Requests signed by a throwaway CA, for servers running with verification on.

The PKI comes from tests/verification/conftest.py; the leaf is valid around the real time, so a
real clock accepts it. An app built with `verifiers(pki)` trusts only this CA and is handed the
chain instead of downloading it from Amazon (nothing leaves loopback); see signed_app.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from tests.support.pki import CERT_URL, SKILL_ID, make_ca, make_leaf, pem, sign

__all__ = ["CERT_URL", "SKILL_ID", "TEMPLATE_SKILL_ID", "TestPki", "make_pki"]

TEMPLATE_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"  # tests/requests/


@dataclass(frozen=True)
class TestPki:
    """A root, an intermediate and a leaf for echo-api.amazon.com valid now."""

    __test__ = False  # not a pytest test class

    root_pem: bytes
    chain_pem: bytes
    leaf_key: rsa.RSAPrivateKey

    def headers(self, body: bytes) -> dict[str, str]:
        """The signature headers Alexa would send with body."""
        return {
            "SignatureCertChainUrl": CERT_URL,
            "Signature-256": sign(self.leaf_key, body),
            "Content-Type": "application/json",
        }

    def signed(self, envelope: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        """The envelope with a fresh timestamp, as bytes, and its headers."""
        envelope["request"]["timestamp"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = json.dumps(envelope).encode()
        return body, self.headers(body)


def make_pki() -> TestPki:
    """A fresh throwaway PKI (three RSA keys: about a tenth of a second)."""
    root_key, mid_key, leaf_key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(3)
    )
    root = make_ca(root_key, "Throwaway Root CA")
    mid = make_ca(mid_key, "Throwaway Intermediate CA", root, root_key)
    now = datetime.now(UTC)
    leaf = make_leaf(
        leaf_key,
        mid,
        mid_key,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=30),
    )
    return TestPki(root_pem=pem(root), chain_pem=pem(leaf, mid), leaf_key=leaf_key)
