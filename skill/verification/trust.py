"""Find and load the trusted root certificates the signing chain must lead to."""

from __future__ import annotations

import os
import re
import ssl
import warnings
from collections.abc import Mapping
from pathlib import Path

import certifi
from cryptography import x509
from cryptography.utils import CryptographyDeprecationWarning

# Bundles Debian, Fedora/RHEL and Alpine/macOS-ish systems ship when Python reports none.
_SYSTEM_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
)
_PEM_BLOCK = re.compile(
    rb"-----BEGIN CERTIFICATE-----\r?\n.+?\r?\n-----END CERTIFICATE-----", re.DOTALL
)


def default_roots_path(environ: Mapping[str, str] | None = None) -> Path:
    """SSL_CERT_FILE if set (as OpenSSL does), else the system bundle, else certifi's."""
    env = os.environ if environ is None else environ
    configured = env.get("SSL_CERT_FILE")
    if configured:
        # Named explicitly, so a missing file is an error rather than a silent fallback.
        return Path(configured)
    cafile = ssl.get_default_verify_paths().cafile
    candidates = ([cafile] if cafile else []) + list(_SYSTEM_BUNDLES)
    for candidate in candidates:
        if Path(candidate).is_file():
            return Path(candidate)
    return Path(certifi.where())


def load_roots(path: Path) -> list[x509.Certificate]:
    """Parse every certificate in a PEM bundle, skipping any cryptography cannot read."""
    roots: list[x509.Certificate] = []
    with warnings.catch_warnings():
        # Some public bundles hold a legacy root with a non-positive serial; it is harmless to
        # load and the warning would otherwise be an error under strict warning filters.
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        for block in _PEM_BLOCK.findall(path.read_bytes()):
            try:
                roots.append(x509.load_pem_x509_certificate(block))
            except ValueError:
                continue
    if not roots:
        raise ValueError(f"no trusted root certificates could be read from {path}")
    return roots


def load_default_roots() -> list[x509.Certificate]:
    """The trust store used when none is injected."""
    return load_roots(default_roots_path())
