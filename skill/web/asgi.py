"""The Flask app served by an event loop: a slow client costs a socket, never a thread.

gunicorn's asyncio worker reads every request head; this adapter (the ASGI 3 interface only)
reads the whole body on the event loop too, bounded in size and time, and only then runs the WSGI
app on one of a fixed number of threads. A client trickling its head or body, or sitting idle,
holds no thread, so ordinary requests are answered while hundreds of them wait
(docs/decisions/0003-slow-clients.md)."""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

BODY_DEADLINE_S = 10.0  # from the head to the body's last byte; Alexa sends it at once
_TOO_LARGE = (413, b'{"error": "request too large"}')
_TOO_SLOW = (408, b'{"error": "request timeout"}')
_BAD = (400, b'{"error": "bad request"}')


class WsgiOnAsgi:
    """An ASGI app that serves a WSGI app once each request is read in full."""

    def __init__(
        self,
        app: WSGIApplication,
        *,
        threads: int,
        max_body: int,
        body_deadline_s: float = BODY_DEADLINE_S,
    ) -> None:
        self._app = app
        self._threads = threads
        self._max_body = max_body
        self._body_deadline_s = body_deadline_s
        self._pool: ThreadPoolExecutor | None = None

    @property
    def pool(self) -> ThreadPoolExecutor:
        """The threads the app runs on, made in the worker that serves (after the fork)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="wsgi")
        return self._pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """One HTTP request, or the server's start and stop."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        # Anything else (a WebSocket) is not served: returning closes it.

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._pool is not None:  # the requests under way finish first
                    await asyncio.get_running_loop().run_in_executor(None, self._pool.shutdown)
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal, body = await self._body(scope, receive)
        if refusal is not None:
            await _answer(send, *refusal)
            return
        if body is None:  # the client went away
            return
        environ = wsgi_environ(scope, body)
        loop = asyncio.get_running_loop()
        status, headers, content = await loop.run_in_executor(self.pool, self._run, environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def _body(
        self, scope: Scope, receive: Receive
    ) -> tuple[tuple[int, bytes] | None, bytes | None]:
        """The whole body, or why not: too large (declared or sent), too slow, or malformed."""
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                return _BAD, None
            if int(declared) > self._max_body:
                return _TOO_LARGE, None  # refused before a byte of it is read
        body = bytearray()
        try:
            async with asyncio.timeout(self._body_deadline_s):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return None, None
                    body += message.get("body", b"")
                    if len(body) > self._max_body:
                        return _TOO_LARGE, None
                    if not message.get("more_body", False):
                        return None, bytes(body)
        except TimeoutError:
            return _TOO_SLOW, None

    def _run(self, environ: WSGIEnvironment) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Call the WSGI app on a pool thread: its status, headers and whole body."""
        started: list[Any] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            started[:] = [status, headers]
            return lambda data: None  # the legacy write() callable; Flask never uses it

        result: Iterable[bytes] = self._app(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = started
        encoded = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
        return int(status.split(" ", 1)[0]), encoded, content


def wsgi_environ(scope: Scope, body: bytes) -> dict[str, Any]:
    """The PEP 3333 environ of an ASGI HTTP scope and its body."""
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] if server[1] is not None else 80),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if client:
        environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = str(client[0]), str(client[1])
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        if name in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
            continue  # the body is whole, de-chunked: its length is what was read
        key = "CONTENT_TYPE" if name == "CONTENT_TYPE" else f"HTTP_{name}"
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1")).strip()
    return None


async def _answer(send: Send, status: int, body: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
