"""Checks 1-4 end to end with a throwaway PKI: headers, URL, chain, signature, and caching."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from skill.verification.cert_cache import CertChain, CertChainCache
from skill.verification.errors import VerificationError
from skill.verification.signature import SignatureVerifier
from tests.support.pki import CERT_URL, NOW, FakeClock, FakeFetcher, Pki, make_leaf, pem, sign


def _verifier(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock, **cache: object
) -> SignatureVerifier:
    return SignatureVerifier([pki.root], CertChainCache(fetcher, clock, **cache), clock)  # type: ignore[arg-type]


def _reason(verifier: SignatureVerifier, headers: dict[str, str], body: bytes) -> str:
    with pytest.raises(VerificationError) as info:
        verifier.verify(headers, body, None)
    return info.value.reason


def test_genuine_request_passes(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes
) -> None:
    verifier.verify(signed_headers, body, None)


def test_text_body_is_checked_as_its_utf8_bytes(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes
) -> None:
    verifier.verify(signed_headers, body.decode("utf-8"), None)


def test_header_names_are_case_insensitive(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes
) -> None:
    headers = {name.upper(): value for name, value in signed_headers.items()}
    verifier.verify(headers, body, None)


@pytest.mark.parametrize("missing", ["SignatureCertChainUrl", "Signature-256"])
def test_missing_header_is_refused(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes, missing: str
) -> None:
    del signed_headers[missing]
    assert missing in _reason(verifier, signed_headers, body)


def test_old_sha1_signature_header_is_not_accepted(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes
) -> None:
    signed_headers["Signature"] = signed_headers.pop("Signature-256")
    assert "Signature-256" in _reason(verifier, signed_headers, body)


def test_duplicate_header_in_different_case_is_refused(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes
) -> None:
    signed_headers["signature-256"] = signed_headers["Signature-256"]
    assert "more than once" in _reason(verifier, signed_headers, body)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s + "!",
        lambda s: s[:-2],  # padding broken
        lambda s: s[:10] + "\n" + s[10:],
        lambda s: s.replace("=", "") + "A",
        lambda s: "é" + s,
        lambda s: "",
    ],
    ids=["bad-char", "bad-padding", "newline", "length", "non-ascii", "empty"],
)
def test_signature_that_is_not_strict_base64_is_refused(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes, mangle: object
) -> None:
    signed_headers["Signature-256"] = mangle(signed_headers["Signature-256"])  # type: ignore[operator]
    reason = _reason(verifier, signed_headers, body)
    assert "base64" in reason or "empty" in reason


def test_tampered_body_is_refused(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes
) -> None:
    tampered = body.replace(b"LaunchRequest", b"LaunchRequesT")
    assert "does not match" in _reason(verifier, signed_headers, tampered)


def test_reserialised_body_is_refused(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes
) -> None:
    import json

    reserialised = json.dumps(json.loads(body)).encode()
    assert reserialised != body
    assert "does not match" in _reason(verifier, signed_headers, reserialised)


def test_signature_by_another_key_is_refused(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes, pki: Pki
) -> None:
    signed_headers["Signature-256"] = sign(pki.other_key, body)
    assert "does not match" in _reason(verifier, signed_headers, body)


def test_signature_over_sha1_is_refused(
    verifier: SignatureVerifier, signed_headers: dict[str, str], body: bytes, pki: Pki
) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    sha1 = pki.leaf_key.sign(body, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    signed_headers["Signature-256"] = base64.b64encode(sha1).decode()
    assert "does not match" in _reason(verifier, signed_headers, body)


@pytest.mark.parametrize(
    ("not_before", "not_after"),
    [
        (NOW - timedelta(days=60), NOW - timedelta(seconds=1)),
        (NOW + timedelta(seconds=1), NOW + timedelta(days=60)),
    ],
    ids=["expired", "not-yet-valid"],
)
def test_leaf_outside_its_validity_dates_is_refused(
    pki: Pki,
    fetcher: FakeFetcher,
    clock: FakeClock,
    signed_headers: dict[str, str],
    body: bytes,
    not_before: object,
    not_after: object,
) -> None:
    fetcher.responses[CERT_URL] = pki.leaf_pem(not_before=not_before, not_after=not_after)
    with pytest.raises(VerificationError):
        _verifier(pki, fetcher, clock).verify(signed_headers, body, None)


def test_expiry_is_rechecked_while_the_chain_is_cached(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock, signed_headers: dict[str, str], body: bytes
) -> None:
    fetcher.responses[CERT_URL] = pki.leaf_pem(not_after=NOW + timedelta(minutes=10))
    verifier = _verifier(pki, fetcher, clock)
    verifier.verify(signed_headers, body, None)
    clock.advance(10 * 60 + 1)
    with pytest.raises(VerificationError):
        verifier.verify(signed_headers, body, None)


class _EverlastingCache(CertChainCache):
    """A cache that would hand out a chain forever: only the verifier's own check can refuse."""

    def __init__(self, chain: CertChain, clock: FakeClock) -> None:
        super().__init__(FakeFetcher(), clock)
        self._chain = chain

    def get(self, url: str) -> CertChain:
        return self._chain


def test_chain_verdict_uses_the_current_clock_on_every_request(
    pki: Pki, clock: FakeClock, signed_headers: dict[str, str], body: bytes
) -> None:
    cache = _EverlastingCache(CertChain(pki.leaf, [pki.intermediate]), clock)
    verifier = SignatureVerifier([pki.root], cache, clock)
    clock.now = pki.leaf.not_valid_after_utc
    verifier.verify(signed_headers, body, None)
    clock.advance(1)
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        verifier.verify(signed_headers, body, None)


def test_not_yet_valid_leaf_is_refused_even_from_cache(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock, signed_headers: dict[str, str], body: bytes
) -> None:
    fetcher.responses[CERT_URL] = pki.leaf_pem(not_before=NOW + timedelta(minutes=5))
    verifier = _verifier(pki, fetcher, clock)
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        verifier.verify(signed_headers, body, None)
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        verifier.verify(signed_headers, body, None)
    clock.advance(5 * 60)
    verifier.verify(signed_headers, body, None)
    assert fetcher.calls == [CERT_URL]


def test_leaf_for_another_name_is_refused(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock, signed_headers: dict[str, str], body: bytes
) -> None:
    fetcher.responses[CERT_URL] = pki.leaf_pem(dns_name="echo-api.amazon.com.evil.com")
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        _verifier(pki, fetcher, clock).verify(signed_headers, body, None)


def test_chain_without_intermediate_is_refused(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock, signed_headers: dict[str, str], body: bytes
) -> None:
    fetcher.responses[CERT_URL] = pem(pki.leaf)
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        _verifier(pki, fetcher, clock).verify(signed_headers, body, None)


def test_chain_to_untrusted_root_is_refused(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock, body: bytes
) -> None:
    # Same subject names as the real PKI, different keys: an attacker's look-alike chain.
    from tests.support.pki import make_ca

    fake_intermediate = make_ca(
        pki.other_key, "Test Intermediate CA", pki.untrusted_root, pki.other_key
    )
    fake_leaf = make_leaf(pki.other_key, fake_intermediate, pki.other_key)
    fetcher.responses[CERT_URL] = pem(fake_leaf, fake_intermediate, pki.untrusted_root)
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.other_key, body)}
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        _verifier(pki, fetcher, clock).verify(headers, body, None)


def test_garbage_instead_of_pem_is_refused(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock, signed_headers: dict[str, str], body: bytes
) -> None:
    fetcher.responses[CERT_URL] = b"<Error><Code>AccessDenied</Code></Error>"
    with pytest.raises(VerificationError, match="not valid PEM"):
        _verifier(pki, fetcher, clock).verify(signed_headers, body, None)


def test_invalid_url_is_refused_before_any_download(
    verifier: SignatureVerifier,
    fetcher: FakeFetcher,
    signed_headers: dict[str, str],
    body: bytes,
) -> None:
    signed_headers["SignatureCertChainUrl"] = "https://evil@s3.amazonaws.com/echo.api/cert.pem"
    with pytest.raises(VerificationError):
        verifier.verify(signed_headers, body, None)
    assert fetcher.calls == []


def test_download_uses_the_rebuilt_url(
    verifier: SignatureVerifier, fetcher: FakeFetcher, signed_headers: dict[str, str], body: bytes
) -> None:
    signed_headers["SignatureCertChainUrl"] = (
        "HTTPS://S3.AmazonAWS.com:443/echo.api/../echo.api/./echo-api-cert.pem"
    )
    verifier.verify(signed_headers, body, None)
    assert fetcher.calls == [CERT_URL]


def test_chain_is_fetched_once_per_url_while_cached(
    verifier: SignatureVerifier,
    fetcher: FakeFetcher,
    clock: FakeClock,
    signed_headers: dict[str, str],
    body: bytes,
) -> None:
    verifier.verify(signed_headers, body, None)
    clock.advance(60)
    signed_headers["SignatureCertChainUrl"] = (
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem"
    )
    verifier.verify(signed_headers, body, None)
    clock.advance(3600 - 60 - 1)
    verifier.verify(signed_headers, body, None)
    assert fetcher.calls == [CERT_URL]
    clock.advance(1)  # the hour is up
    verifier.verify(signed_headers, body, None)
    assert fetcher.calls == [CERT_URL, CERT_URL]


def test_renewed_certificate_is_fetched_once_the_cached_leaf_expires(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock, signed_headers: dict[str, str], body: bytes
) -> None:
    fetcher.responses[CERT_URL] = pki.leaf_pem(not_after=NOW + timedelta(minutes=10))
    verifier = _verifier(pki, fetcher, clock)
    verifier.verify(signed_headers, body, None)
    fetcher.responses[CERT_URL] = pki.chain_pem
    clock.advance(10 * 60)
    verifier.verify(signed_headers, body, None)
    assert fetcher.calls == [CERT_URL, CERT_URL]


def test_failed_download_is_not_retried_within_the_negative_cache_window(
    pki: Pki, clock: FakeClock, signed_headers: dict[str, str], body: bytes
) -> None:
    fetcher = FakeFetcher({CERT_URL: TimeoutError("timed out")})
    verifier = _verifier(pki, fetcher, clock)
    assert "TimeoutError" in _reason(verifier, signed_headers, body)
    clock.advance(29)
    assert "failed recently" in _reason(verifier, signed_headers, body)
    assert fetcher.calls == [CERT_URL]
    fetcher.responses[CERT_URL] = pki.chain_pem
    clock.advance(1)
    verifier.verify(signed_headers, body, None)
    assert fetcher.calls == [CERT_URL, CERT_URL]


def test_oversize_download_is_refused(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock, signed_headers: dict[str, str], body: bytes
) -> None:
    fetcher.responses[CERT_URL] = pki.chain_pem + b"\n" * (64 * 1024)
    assert "larger than" in _reason(_verifier(pki, fetcher, clock), signed_headers, body)


def test_cache_holds_at_most_max_entries_least_recently_used_first(
    pki: Pki, clock: FakeClock, body: bytes
) -> None:
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{i}.pem" for i in range(3)]
    fetcher = FakeFetcher(dict.fromkeys(urls, pki.chain_pem))
    verifier = _verifier(pki, fetcher, clock, max_entries=2)

    def hit(url: str) -> None:
        verifier.verify(
            {"SignatureCertChainUrl": url, "Signature-256": sign(pki.leaf_key, body)}, body, None
        )

    hit(urls[0])
    hit(urls[1])
    hit(urls[0])  # urls[1] is now least recently used
    hit(urls[2])  # evicts urls[1]
    hit(urls[0])
    assert fetcher.calls == [urls[0], urls[1], urls[2]]
    hit(urls[1])
    assert fetcher.calls == [urls[0], urls[1], urls[2], urls[1]]
