"""Properties: no byte of a signed body can change unnoticed; no header input escapes as a crash."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.verification.cert_cache import CertChainCache
from skill.verification.cert_url import validate_cert_url
from skill.verification.errors import VerificationError
from skill.verification.signature import SignatureVerifier
from tests.support.pki import CERT_URL, FakeClock, FakeFetcher, Pki

_FAST = settings(
    max_examples=60,
    deadline=None,
    # The verifier is built once and is safe to share; signed_headers is the session body's own
    # signature, the same for every example (signed once a test, not once an example).
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def shared_verifier(pki: Pki) -> SignatureVerifier:
    clock = FakeClock()
    fetcher = FakeFetcher({CERT_URL: pki.chain_pem})
    return SignatureVerifier([pki.root], CertChainCache(fetcher, clock), clock)


@_FAST
@given(data=st.data())
def test_any_single_byte_change_to_a_signed_body_is_refused(
    data: st.DataObject,
    body: bytes,
    signed_headers: dict[str, str],
    shared_verifier: SignatureVerifier,
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(body) - 1), label="index")
    delta = data.draw(st.integers(min_value=1, max_value=255), label="xor")
    changed = bytearray(body)
    changed[index] ^= delta
    with pytest.raises(VerificationError, match="does not match"):
        shared_verifier.verify(signed_headers, bytes(changed), None)


_header_names = st.one_of(
    st.sampled_from(
        [
            "SignatureCertChainUrl",
            "signaturecertchainurl",
            "Signature-256",
            "SIGNATURE-256",
            "Signature",
        ]
    ),
    st.text(max_size=20),
)
_header_values = st.one_of(
    st.sampled_from([CERT_URL, "https://s3.amazonaws.com/echo.api/other.pem", "AAAA", "===="]),
    st.text(max_size=60),
)


@_FAST
@given(
    headers=st.dictionaries(_header_names, _header_values, max_size=6), body=st.binary(max_size=64)
)
def test_arbitrary_headers_only_ever_raise_verification_error(
    headers: dict[str, str], body: bytes, shared_verifier: SignatureVerifier
) -> None:
    # No signature the test cannot forge can be valid, so every input must be refused cleanly.
    with pytest.raises(VerificationError):
        shared_verifier.verify(headers, body, None)


# After Amazon's host: up to 40 of the characters a tricky path is made of (what the regular
# expression [:/.a-z0-9%@\\-]{0,40} matches, drawn as text, which is cheaper than st.from_regex),
# or a path of segments that often start under /echo.api/ and climb out of it ("..", "%2e%2e"):
# random characters alone almost never spell "/echo.api/..", so a validator that forgot to
# resolve dot segments would pass on them.
_characters = st.text(":/.%@\\-" + string.ascii_lowercase + string.digits, max_size=40)
_SEGMENTS = ["echo.api", "..", ".", "", "%2e%2e", "ask-x.pem", "a\\b", "@x"]
_segments = st.builds(
    lambda start, segments: start + "/".join(segments),
    st.sampled_from(["/echo.api/", "/", ":443/echo.api/", ":/", "@x/"]),
    st.lists(st.sampled_from(_SEGMENTS), max_size=5),
)
_tails = st.one_of(_characters, _segments)


@settings(max_examples=200, deadline=None)
@given(raw=st.one_of(st.text(max_size=80), _tails.map("https://s3.amazonaws.com".__add__)))
def test_any_url_is_either_refused_or_rebuilt_under_echo_api(raw: str) -> None:
    try:
        rebuilt = validate_cert_url(raw)
    except VerificationError:
        return
    assert rebuilt.startswith("https://s3.amazonaws.com/echo.api/")
    assert "/../" not in rebuilt
    assert not rebuilt.endswith("/..")
