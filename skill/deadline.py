"""One real deadline for a whole HTTP exchange: when it passes, every socket the exchange opened
is shut down, so a blocked connect, handshake or read returns at once. Socket timeouts alone bound
each operation, and a peer trickling a byte at a time never trips them. Used by the certificate
download (skill/verification/fetch.py) and the Alexa API client (skill/alexa/apis.py)."""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import urllib.request
from typing import Any


class Watchdog:
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

    def __enter__(self) -> Watchdog:
        Watchdog._current.watchdog = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        Watchdog._current.watchdog = None
        self._timer.cancel()
        with self._lock:
            self._over = True
            for sock in self._sockets:
                sock.close()  # our duplicates only; the connection closes its own
            self._sockets.clear()

    @classmethod
    def current(cls) -> Watchdog | None:
        """The watchdog of this thread's download, if one is running."""
        found: Watchdog | None = getattr(cls._current, "watchdog", None)
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


def _watch(connection: http.client.HTTPConnection) -> None:
    """Let this thread's watchdog, if one is running, cut the sockets the connection opens."""
    watchdog = Watchdog.current()
    if watchdog is not None:
        create = connection._create_connection  # type: ignore[attr-defined]
        connection._create_connection = lambda *a, **k: watchdog.track(create(*a, **k))  # type: ignore[attr-defined]


class WatchedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection whose TCP socket (to the host or a proxy) the watchdog can cut."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _watch(self)


class WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(context=context)
        self._watched_context = context

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(WatchedHTTPSConnection, req, context=self._watched_context)


class WatchedHTTPConnection(http.client.HTTPConnection):
    """A plain HTTP connection (a stand-in on loopback) the watchdog can cut."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _watch(self)


class WatchedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(WatchedHTTPConnection, req)
