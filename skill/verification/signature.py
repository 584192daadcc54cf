"""Checks 1-4: headers, certificate URL, certificate chain and the body's signature."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.x509 import verification as x509v

from skill.verification.cert_cache import CertChain, CertChainCache, Clock
from skill.verification.cert_url import validate_cert_url
from skill.verification.constants import (
    CERT_SUBJECT_NAME,
    CERT_URL_HEADER,
    SIGNATURE_HEADER,
    SIGNATURE_LENGTHS,
)
from skill.verification.errors import VerificationError
from skill.verification.headers import get_header

_SIGNATURE_B64_LENGTHS = frozenset(4 * ((n + 2) // 3) for n in SIGNATURE_LENGTHS)
MAX_VERDICTS = 64  # chains remembered as verified; the certificate cache holds at most 32
_UNDER_HASHLIB_RELEASE = 2047  # CPython's hashlib lets go of the interpreter from 2048 bytes


class SignatureVerifier:
    """Verifies that Amazon signed these exact body bytes (ask-sdk RequestVerifier shape)."""

    def __init__(
        self, roots: Sequence[x509.Certificate], cache: CertChainCache, clock: Clock
    ) -> None:
        if not roots:
            raise ValueError("SignatureVerifier needs at least one trusted root")
        self._store = x509v.Store(list(roots))
        self._cache = cache
        self._clock = clock
        # id(chain) -> (chain, latest notBefore, earliest notAfter) of a chain already verified.
        self._verdicts: dict[int, tuple[CertChain, datetime, datetime]] = {}

    def verify(
        self,
        headers: Mapping[str, str],
        serialized_request_env: bytes | str,
        deserialized_request_env: Any = None,
    ) -> None:
        """Raise VerificationError unless the raw body is signed by Alexa's certificate."""
        cert_url = get_header(headers, CERT_URL_HEADER)
        signature_b64 = get_header(headers, SIGNATURE_HEADER)
        body = (
            serialized_request_env.encode("utf-8")
            if isinstance(serialized_request_env, str)
            else serialized_request_env
        )
        if not isinstance(body, bytes):
            raise VerificationError("request body is neither bytes nor text")

        # Both headers' syntax is checked before anything can trigger a certificate download.
        signature = _decode_signature(signature_b64)
        url = validate_cert_url(cert_url)
        chain = self._cache.get(url)
        self._verify_chain(chain)
        self._cache.mark_good(url)  # a chain to a trusted root for Alexa: Amazon's URL
        self._verify_signature(chain.leaf, signature, body)

    def _verify_chain(self, chain: CertChain) -> None:
        # The trust store never changes, so a chain that verified stays good while every
        # certificate in it is within its dates; those dates are checked on every request.
        now = self._clock()
        verdict = self._verdicts.get(id(chain))
        if verdict is not None and verdict[0] is chain and verdict[1] <= now < verdict[2]:
            return
        verifier = (
            x509v.PolicyBuilder()
            .store(self._store)
            .time(now)
            .build_server_verifier(x509.DNSName(CERT_SUBJECT_NAME))
        )
        try:
            built = verifier.verify(chain.leaf, chain.intermediates)
        except x509v.VerificationError as exc:
            raise VerificationError(f"certificate chain rejected: {exc}") from exc
        if len(self._verdicts) >= MAX_VERDICTS:
            self._verdicts.clear()
        self._verdicts[id(chain)] = (
            chain,
            max(cert.not_valid_before_utc for cert in built),
            min(cert.not_valid_after_utc for cert in built),
        )

    @staticmethod
    def _verify_signature(leaf: x509.Certificate, signature: bytes, body: bytes) -> None:
        """What `key.verify(signature, body, PKCS1v15(), SHA256())` checks, without letting go
        of the interpreter: verify gives it up for the RSA operation, and under load another
        thread takes it each time (one more hand-over a turn). OpenSSL checks the signature's
        PKCS #1 v1.5 padding and its SHA-256 DigestInfo, and gives back the digest signed (the
        same checks verify makes); the digest of the body is then compared with it."""
        key = leaf.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationError("signing certificate does not hold an RSA key")
        try:
            signed = key.recover_data_from_signature(signature, padding.PKCS1v15(), SHA256())
        except (InvalidSignature, ValueError) as exc:
            raise VerificationError("Signature-256 does not match the request body") from exc
        if not hmac.compare_digest(signed, sha256_holding(body)):
            raise VerificationError("Signature-256 does not match the request body")


def sha256_holding(data: bytes) -> bytes:
    """SHA-256 of data, fed to hashlib in pieces too small for it to let go of the interpreter
    (it does for 2048 bytes or more at once: a hand-over to any thread waiting, for the 2-3 us
    an Alexa request's few KiB take to hash)."""
    digest = hashlib.sha256()
    view = memoryview(data)
    for start in range(0, len(view), _UNDER_HASHLIB_RELEASE):
        digest.update(view[start : start + _UNDER_HASHLIB_RELEASE])
    return digest.digest()


def _decode_signature(value: str) -> bytes:
    if len(value) not in _SIGNATURE_B64_LENGTHS:  # checked before decoding anything large
        raise VerificationError(
            f"Signature-256 is not base64 of an RSA signature ({len(value)} chars)"
        )
    try:
        # validate=True: anything outside the base64 alphabet (including whitespace) fails.
        signature = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise VerificationError("Signature-256 is not valid base64") from exc
    if len(signature) not in SIGNATURE_LENGTHS:
        raise VerificationError(
            f"Signature-256 is base64 of {len(signature)} bytes, not a signature"
        )
    return signature
