"""The certificate URL rules: what passes, what is refused, and the URL that gets rebuilt."""

from __future__ import annotations

import pytest

from skill.verification.cert_url import validate_cert_url
from skill.verification.errors import VerificationError

CANONICAL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
        "HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/./echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api//echo-api-cert.pem",
    ],
)
def test_valid_url_is_rebuilt_in_canonical_form(url: str) -> None:
    assert validate_cert_url(url) == CANONICAL


@pytest.mark.parametrize(
    "url",
    [
        # The examples in Amazon's documentation.
        "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://notamazon.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
        # Hardening.
        "",
        "https://evil@s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443@evil.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com@evil.com/echo.api/echo-api-cert.pem",
        "https://evil.com/?https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://evil.com#https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem?x=1",
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem#frag",
        "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/..",
        "https://s3.amazonaws.com/echo.api/",
        "https://s3.amazonaws.com/echo.api\\..\\evil\\cert.pem",
        "https://s3.amazonaws.com\\@evil.com/echo.api/cert.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/evil/cert.pem",
        "https://s3.amazonaws.com/echo.api%2F..%2Fevil/cert.pem",
        "https://s3.amazonaws.com/%65cho.api/cert.pem",
        "https://s3.amazonaws.cöm/echo.api/echo-api-cert.pem",
        "https://\u04553.amazonaws.com/echo.api/echo-api-cert.pem",  # Cyrillic dze for "s"
        "https://s3.amazonaws.com.evil.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com./echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:abc/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:99999/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:80/echo.api/echo-api-cert.pem",
        "https:///echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com//echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com",
        "//s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "ftp://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem\n",
        " https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amaz\tonaws.com/echo.api/echo-api-cert.pem",
        "https://[::1]/echo.api/echo-api-cert.pem",
    ],
)
def test_invalid_url_is_refused(url: str) -> None:
    with pytest.raises(VerificationError):
        validate_cert_url(url)


def test_dotdot_above_the_root_stays_inside_echo_api() -> None:
    url = "https://s3.amazonaws.com/../../echo.api/echo-api-cert.pem"
    assert validate_cert_url(url) == CANONICAL
