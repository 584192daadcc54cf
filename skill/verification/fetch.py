"""Download a certificate chain over HTTPS with a timeout, a size cap and no redirects."""

from __future__ import annotations

import ssl
import time
import urllib.request
from collections.abc import Callable
from email.message import Message
from typing import IO, Protocol

from skill.verification.constants import CERT_DOWNLOAD_MAX_BYTES, CERT_DOWNLOAD_TIMEOUT_S

CertFetcher = Callable[[str], bytes]
"""Takes a validated https URL, returns the PEM bytes or raises."""

_CHUNK = 8 * 1024


class CertificateDownloadError(OSError):
    """The chain could not be downloaded within the limits (turned into VerificationError)."""


class _Opener(Protocol):
    def open(self, fullurl: str, data: None = None, timeout: float = ...) -> IO[bytes]: ...


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Amazon serves the chain directly; a redirect could lead off https or off S3."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        raise CertificateDownloadError(f"certificate download redirected ({code})")


def build_default_opener(context: ssl.SSLContext | None = None) -> urllib.request.OpenerDirector:
    """An opener with urllib's defaults (so HTTPS_PROXY/NO_PROXY apply) minus redirects."""
    if context is None:
        context = ssl.create_default_context()  # honours SSL_CERT_FILE / SSL_CERT_DIR
    return urllib.request.build_opener(
        _RefuseRedirects(), urllib.request.HTTPSHandler(context=context)
    )


class UrllibFetcher:
    """The production CertFetcher: HTTPS only, bounded in time and size."""

    def __init__(
        self,
        opener: _Opener | None = None,
        *,
        timeout: float = CERT_DOWNLOAD_TIMEOUT_S,
        max_bytes: int = CERT_DOWNLOAD_MAX_BYTES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._opener: _Opener = opener if opener is not None else build_default_opener()
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._monotonic = monotonic

    def __call__(self, url: str) -> bytes:
        """Return the body at `url`, refusing non-https URLs and anything over the limits."""
        if not url.startswith("https://"):
            raise CertificateDownloadError("certificate URL is not https")
        deadline = self._monotonic() + self._timeout
        # The socket timeout bounds each connect/read; the deadline bounds the whole body,
        # so a server trickling bytes cannot hold a request past Alexa's 8 s budget.
        with self._opener.open(url, timeout=self._timeout) as response:
            body = bytearray()
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    return bytes(body)
                body += chunk
                if len(body) > self._max_bytes:
                    raise CertificateDownloadError(
                        f"certificate chain larger than {self._max_bytes} bytes"
                    )
                if self._monotonic() > deadline:
                    raise CertificateDownloadError("certificate download too slow")
