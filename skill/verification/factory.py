"""Wire the verifiers together with production defaults; tests inject the seams."""

from __future__ import annotations

from collections.abc import Sequence

from cryptography import x509

from skill.verification.cert_cache import CertChainCache, Clock
from skill.verification.envelope import ApplicationIdVerifier, TimestampVerifier, utc_now
from skill.verification.fetch import CertFetcher, UrllibFetcher
from skill.verification.protocol import RequestVerifier
from skill.verification.signature import SignatureVerifier
from skill.verification.trust import load_default_roots


def build_verifiers(
    skill_id: str | None,
    *,
    roots: Sequence[x509.Certificate] | None = None,
    fetcher: CertFetcher | None = None,
    clock: Clock | None = None,
) -> list[RequestVerifier]:
    """Signature, timestamp and (unless skill_id is None) application-id verifiers, in order.

    The first must run on the raw body bytes before the JSON is parsed; the others take the
    parsed envelope. Loading the default trust store happens here, so a bad SSL_CERT_FILE
    fails at start-up (OSError or ValueError), not on the first request.
    """
    now = clock if clock is not None else utc_now
    trusted = list(roots) if roots is not None else load_default_roots()
    cache = CertChainCache(fetcher if fetcher is not None else UrllibFetcher(), now)
    verifiers: list[RequestVerifier] = [
        SignatureVerifier(trusted, cache, now),
        TimestampVerifier(now),
    ]
    if skill_id is not None:
        verifiers.append(ApplicationIdVerifier(skill_id))
    return verifiers
