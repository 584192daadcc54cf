"""A verified chain's verdict lasts until its earliest expiry; dates are checked every time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from skill.verification import VerificationError
from skill.verification.cert_cache import CertChain, CertChainCache
from skill.verification.signature import SignatureVerifier
from tests.support.pki import CERT_URL, FakeClock, FakeFetcher, Pki, pem, sign


@pytest.fixture
def chain_checks(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every full chain verification the verifier runs (the expensive part)."""
    from cryptography.x509 import verification as x509v  # the module the verifier builds with

    runs: list[Any] = []
    real = x509v.PolicyBuilder

    def counting() -> Any:
        runs.append(real)
        return real()

    monkeypatch.setattr(x509v, "PolicyBuilder", counting)
    return runs


def headers(pki: Pki, body: bytes) -> dict[str, str]:
    return {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, body)}


def test_a_verified_chain_is_not_verified_again(
    verifier: SignatureVerifier, pki: Pki, chain_checks: list[Any], body: bytes
) -> None:
    for _ in range(5):
        verifier.verify(headers(pki, body), body)
    assert len(chain_checks) == 1


def test_the_signature_is_still_checked_with_a_cached_verdict(
    verifier: SignatureVerifier, pki: Pki, chain_checks: list[Any], body: bytes
) -> None:
    verifier.verify(headers(pki, body), body)
    with pytest.raises(VerificationError, match="does not match"):
        verifier.verify(headers(pki, body), body + b" ")
    assert len(chain_checks) == 1


class HeldChain:
    """A certificate cache that keeps handing out the same chain, whatever the time."""

    def __init__(self, pki: Pki) -> None:
        self.chain = CertChain(leaf=pki.leaf, intermediates=[pki.intermediate])

    def get(self, url: str) -> CertChain:
        return self.chain

    def mark_good(self, url: str) -> None:
        """The real cache remembers a URL whose chain verified; this one holds one chain."""


def test_past_the_leafs_expiry_the_cached_verdict_no_longer_counts(
    pki: Pki, clock: FakeClock, chain_checks: list[Any], body: bytes
) -> None:
    verifier = SignatureVerifier([pki.root], HeldChain(pki), clock)  # type: ignore[arg-type]
    clock.now = pki.leaf.not_valid_after_utc - timedelta(seconds=5)
    verifier.verify(headers(pki, body), body)
    verifier.verify(headers(pki, body), body)
    assert len(chain_checks) == 1
    clock.now = pki.leaf.not_valid_after_utc + timedelta(seconds=1)
    with pytest.raises(VerificationError, match="chain rejected"):
        verifier.verify(headers(pki, body), body)
    assert len(chain_checks) == 2


def test_before_the_chain_is_valid_the_cached_verdict_does_not_count(
    verifier: SignatureVerifier, pki: Pki, clock: FakeClock, chain_checks: list[Any], body: bytes
) -> None:
    verifier.verify(headers(pki, body), body)
    clock.now = pki.leaf.not_valid_before_utc - timedelta(seconds=1)
    with pytest.raises(VerificationError, match="chain rejected"):
        verifier.verify(headers(pki, body), body)
    assert len(chain_checks) == 2


def test_a_rejected_chain_is_checked_every_time(
    pki: Pki, clock: FakeClock, chain_checks: list[Any], body: bytes
) -> None:
    untrusted = FakeFetcher({CERT_URL: pem(pki.leaf, pki.intermediate)})
    verifier = SignatureVerifier([pki.untrusted_root], CertChainCache(untrusted, clock), clock)
    for _ in range(3):
        with pytest.raises(VerificationError, match="chain rejected"):
            verifier.verify(headers(pki, body), body)
    assert len(chain_checks) == 3
