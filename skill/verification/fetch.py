"""Download a certificate chain over HTTPS with a timeout, a size cap and no redirects."""

from __future__ import annotations

import contextlib
import functools
import http.client
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable
from email.message import Message
from typing import IO, Any, Protocol

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


class _Watchdog:
    """One real deadline for a whole download: when it passes, every socket the download opened
    is shut down, so a blocked connect, handshake or read returns at once. Socket timeouts alone
    bound each operation, and a peer trickling a byte at a time never trips them."""

    _current = threading.local()  # the watchdog of the download running on this thread

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self.fired = False
        self._over = False

    def __enter__(self) -> _Watchdog:
        _Watchdog._current.watchdog = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        _Watchdog._current.watchdog = None
        self._timer.cancel()
        with self._lock:
            self._over = True
            for sock in self._sockets:
                sock.close()  # our duplicates only; the connection closes its own
            self._sockets.clear()

    @classmethod
    def current(cls) -> _Watchdog | None:
        """The watchdog of this thread's download, if one is running."""
        found: _Watchdog | None = getattr(cls._current, "watchdog", None)
        return found

    def track(self, sock: socket.socket) -> socket.socket:
        """Watch a socket the download just connected (kept as a duplicate descriptor, so the
        watchdog never touches a descriptor number that may have been reused)."""
        with self._lock:
            if self._over:
                return sock
            self._sockets.append(sock.dup())
            if self.fired:
                self._shut(self._sockets[-1])
        return sock

    def _fire(self) -> None:
        with self._lock:
            if self._over:
                return
            self.fired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _WatchedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection whose TCP socket (to the host or a proxy) the watchdog can cut."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        watchdog = _Watchdog.current()
        if watchdog is not None:
            create = self._create_connection  # type: ignore[has-type]
            self._create_connection = lambda *a, **k: watchdog.track(create(*a, **k))


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(context=context)
        self._watched_context = context

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_WatchedHTTPSConnection, req, context=self._watched_context)


@functools.cache
def default_tls_context() -> ssl.SSLContext:
    """The system's trust store for downloads (honours SSL_CERT_FILE / SSL_CERT_DIR), loaded once
    per process: about 40 ms, which gunicorn's master spends for all its workers before forking
    (skill.web.serving.preload)."""
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
                    raise CertificateDownloadError(
                        f"certificate chain larger than {self._max_bytes} bytes"
                    )
                if self._monotonic() > deadline:
                    raise CertificateDownloadError("certificate download too slow")
