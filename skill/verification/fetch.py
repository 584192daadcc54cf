"""Download a certificate chain over HTTPS with a timeout, a size cap and no redirects."""

from __future__ import annotations

import functools
import http.client
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from email.message import Message
from typing import IO, Protocol

from skill.deadline import Watchdog as _Watchdog
from skill.deadline import WatchedHTTPSHandler as _WatchedHTTPSHandler
from skill.verification.constants import CERT_DOWNLOAD_MAX_BYTES, CERT_DOWNLOAD_TIMEOUT_S

CertFetcher = Callable[[str], bytes]
"""Takes a validated https URL, returns the PEM bytes or raises."""

_CHUNK = 8 * 1024


class CertificateDownloadError(OSError):
    """The chain could not be downloaded within the limits (turned into VerificationError)."""


class RepeatableDownloadError(CertificateDownloadError):
    """The server's answer would be the same if asked again soon (too large, not there)."""


class CertificateMissingError(RepeatableDownloadError):
    """The server answered that nothing is there (HTTP 403, 404 or 410)."""


# What S3 answers for a name nobody uploaded (403: the bucket cannot be listed), or one removed.
# Other 4xx (400 RequestTimeout, 408, 429) can pass, so they are not taken as an answer.
_MISSING = frozenset({403, 404, 410})


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


@functools.cache
def default_tls_context() -> ssl.SSLContext:
    """The system's trust store for certificate downloads and Alexa's APIs (honours SSL_CERT_FILE
    / SSL_CERT_DIR), loaded once per process (reading the whole store is slow next to a request),
    which gunicorn's master does for all its workers before forking (skill.web.serving.preload)."""
    return ssl.create_default_context()


def build_default_opener(context: ssl.SSLContext | None = None) -> urllib.request.OpenerDirector:
    """An opener with urllib's defaults (so HTTPS_PROXY/NO_PROXY apply) minus redirects, whose
    connections a download's deadline can cut."""
    if context is None:
        context = default_tls_context()
    return urllib.request.build_opener(_RefuseRedirects(), _WatchedHTTPSHandler(context))


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
        # The socket timeout bounds each connect/read; the watchdog (default opener) cuts the
        # connection when the deadline passes, and the check between reads covers any opener,
        # so a server trickling bytes cannot hold a request past Alexa's 8 s budget.
        with _Watchdog(self._timeout) as watchdog:
            try:
                body = self._read(url, deadline)
            except urllib.error.HTTPError as exc:
                exc.close()  # it holds the response, and with it the connection
                if exc.code in _MISSING:
                    raise CertificateMissingError(f"certificate URL answered {exc.code}") from exc
                raise
            except (OSError, http.client.HTTPException) as exc:
                if watchdog.fired:
                    raise CertificateDownloadError("certificate download too slow") from exc
                raise
            if watchdog.fired:  # cut mid-headers, http.client may take the EOF as an empty body
                raise CertificateDownloadError("certificate download too slow")
            return body

    def _read(self, url: str, deadline: float) -> bytes:
        with self._opener.open(url, timeout=self._timeout) as response:
            body = bytearray()
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    return bytes(body)
                body += chunk
                if len(body) > self._max_bytes:
                    raise RepeatableDownloadError(
                        f"certificate chain larger than {self._max_bytes} bytes"
                    )
                if self._monotonic() > deadline:
                    raise CertificateDownloadError("certificate download too slow")
