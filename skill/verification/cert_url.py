"""Validate the SignatureCertChainUrl header and rebuild the only URL we will fetch (pure)."""

from __future__ import annotations

import functools
import posixpath
import string
from urllib.parse import urlsplit

from skill.verification.constants import (
    CERT_URL_HOST,
    CERT_URL_PATH_PREFIX,
    CERT_URL_PORT,
    CERT_URL_SCHEME,
)
from skill.verification.errors import VerificationError

# Characters a genuine certificate URL is made of. Everything else (spaces and control
# characters that urlsplit silently strips, backslashes that some clients read as "/",
# "%" escapes that a server may decode into "..", "@" userinfo, "?" and "#", non-ASCII) is
# refused outright rather than normalised, because each is a way to make the string we
# check differ from the resource that gets fetched.
_ALLOWED_CHARS = frozenset(string.ascii_letters + string.digits + "-._~/:")


@functools.lru_cache(maxsize=64)  # Alexa sends one URL for months; a refusal is never kept
def validate_cert_url(raw: str) -> str:
    """Return the canonical https URL for a valid certificate-chain URL, else raise."""
    if not raw:
        raise VerificationError("certificate URL is empty")
    bad = sorted(set(raw) - _ALLOWED_CHARS)
    if bad:
        raise VerificationError(f"certificate URL contains disallowed characters {bad!r}")

    parts = urlsplit(raw)
    if parts.scheme.lower() != CERT_URL_SCHEME:
        raise VerificationError(f"certificate URL scheme is {parts.scheme!r}, not https")
    if (parts.hostname or "").lower() != CERT_URL_HOST:
        raise VerificationError(f"certificate URL host is {parts.hostname!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise VerificationError("certificate URL port is not a number") from exc
    if port is not None and port != CERT_URL_PORT:
        raise VerificationError(f"certificate URL port is {port}")
    if parts.netloc.lower() not in {CERT_URL_HOST, f"{CERT_URL_HOST}:{CERT_URL_PORT}"}:
        # Catches what the checks above let through, such as an empty port ("host:").
        raise VerificationError("certificate URL authority is not s3.amazonaws.com")

    if not parts.path.startswith("/"):
        raise VerificationError("certificate URL has no absolute path")
    # Resolve "." and ".." as URL path segments; POSIX keeps a leading "//", which then
    # fails the prefix test below.
    path = posixpath.normpath(parts.path)
    if not path.startswith(CERT_URL_PATH_PREFIX):
        raise VerificationError(f"certificate URL path {path!r} is outside /echo.api/")

    # Rebuilt from validated parts only: port 443 dropped, host and scheme in canonical case.
    return f"{CERT_URL_SCHEME}://{CERT_URL_HOST}{path}"
