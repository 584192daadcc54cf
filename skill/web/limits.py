"""A WSGI wrapper refusing request bodies over a size, before the app reads them.

gunicorn caps request lines and headers but not bodies. A declared Content-Length over the cap is
refused without reading a byte; a chunked body is read up to the cap and refused past it. Either
way the answer is a short JSON 413 and the connection is closed (the rest is never drained)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class BodyLimit:
    """Wraps app so that no request body over max_bytes reaches it."""

    def __init__(self, app: WSGIApplication, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Pass the request on, or answer 413."""
        declared = _cgi(environ, "CONTENT_LENGTH")
        if declared.strip():
            try:
                length = int(declared)
            except ValueError:
                return _refuse(start_response, "400 BAD REQUEST", "bad request")
            if length > self.max_bytes:
                return _refuse(start_response, "413 REQUEST ENTITY TOO LARGE", "request too large")
        elif "chunked" in _cgi(environ, "HTTP_TRANSFER_ENCODING").lower():
            body = _read(environ["wsgi.input"], self.max_bytes + 1)
            if len(body) > self.max_bytes:
                return _refuse(start_response, "413 REQUEST ENTITY TOO LARGE", "request too large")
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)


def _cgi(environ: WSGIEnvironment, name: str) -> str:
    """A CGI variable of the request (not the process's environment), '' when absent."""
    value = environ.get(name, "")
    return value if isinstance(value, str) else ""


def _read(stream: Any, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(64 * 1024, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _refuse(start_response: StartResponse, status: str, message: str) -> list[bytes]:
    body = json.dumps({"error": message}).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
        ],
    )
    return [body]
