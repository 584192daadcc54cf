"""A stand-in for Alexa's APIs on loopback, for tests: it answers as Amazon documents, and checks
what it is sent as Amazon would (method, path, bearer token, Accept).

Settings API: GET /v2/devices/{deviceId}/settings/System.timeZone answers 200 with the zone as a
JSON string ("Europe/London"); 401 without the bearer token it expects, 404 for a device it does
not know (https://developer.amazon.com/en-US/docs/alexa/smapi/alexa-settings-api-reference.html).
A test can make it answer any status, or answer late, to see how the skill takes it."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.example-token-not-real"  # the templates' token
DEVICE = "amzn1.ask.device.AEXAMPLEDEVICE"  # the templates' device
TIME_ZONE = re.compile(r"^/v2/devices/([^/]+)/settings/System\.timeZone$")


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class AlexaApiStandIn:
    """What the stand-in knows and how it is to answer; every request it was sent."""

    zones: dict[str, str] = field(default_factory=lambda: {DEVICE: "Asia/Tokyo"})
    token: str = TOKEN
    status: int | None = None  # answer every request with this status instead
    delay: float = 0.0  # seconds to wait before answering
    seen: list[Seen] = field(default_factory=list)
    port: int = 0

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}"

    def answer(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, Any]:
        self.seen.append(Seen(method, path, headers))
        if self.delay:
            time.sleep(self.delay)
        if self.status is not None:
            return self.status, {"message": f"stand-in answers {self.status}"}
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"message": "Request is not authorized."}
        zone = TIME_ZONE.match(path)
        if method != "GET" or zone is None:
            return 404, {"message": "Not found."}
        if "application/json" not in headers.get("Accept", ""):
            return 406, {"message": "Not acceptable."}
        device = zone.group(1)
        if device not in self.zones:
            return 404, {"message": "Device not found."}
        return 200, self.zones[device]


@contextmanager
def alexa_api() -> Iterator[AlexaApiStandIn]:
    """The stand-in, listening on a free loopback port while the block runs."""
    stand_in = AlexaApiStandIn()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = stand_in.answer("GET", self.path, dict(self.headers.items()))
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stand_in.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
