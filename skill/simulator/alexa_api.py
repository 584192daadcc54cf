"""A stand-in for Alexa's APIs on loopback, for the simulator (`back-coach chat` can set and cancel
reminders against it) and the tests: it answers as Amazon documents, and checks what it is sent
as Amazon would (method, path, bearer token, Accept).

Settings API: GET /v2/devices/{deviceId}/settings/System.timeZone answers 200 with the zone as a
JSON string ("Europe/London"); 401 without the bearer token it expects, 404 for a device it does
not know (https://developer.amazon.com/en-US/docs/alexa/smapi/alexa-settings-api-reference.html).
Reminders API: POST /v1/alerts/reminders (201 with an alertToken; 400 for a body not in Amazon's
shape), GET /v1/alerts/reminders (200, {"totalCount", "alerts"}), DELETE
/v1/alerts/reminders/{alertToken} (200; 404 for an unknown one); 401 when the person has not
granted the reminders permission
(https://developer.amazon.com/en-US/docs/alexa/smapi/alexa-reminders-api-reference.html).

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

TIME_ZONE = re.compile(r"^/v2/devices/([^/]+)/settings/System\.timeZone$")
REMINDERS = "/v1/alerts/reminders"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any = None


@dataclass
class AlexaApiStandIn:
    """What the stand-in knows and how it is to answer; every request it was sent."""

    token: str  # the bearer token requests must carry
    zones: dict[str, str] = field(default_factory=dict)  # device id -> its time zone
    status: int | None = None  # answer every request with this status instead
    delay: float = 0.0  # seconds to wait before answering
    trickle: float = 0.0  # seconds between each byte of the answer (a peer that trickles)
    seen: list[Seen] = field(default_factory=list)
    port: int = 0
    reminders_granted: bool = True
    reminders: dict[str, Any] = field(default_factory=dict)  # alertToken -> the reminder

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}"

    def answer(
        self, method: str, path: str, headers: dict[str, str], body: Any = None
    ) -> tuple[int, Any]:
        self.seen.append(Seen(method, path, headers, body))
        if self.delay:
            time.sleep(self.delay)
        if self.status is not None:
            return self.status, {"message": f"stand-in answers {self.status}"}
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"message": "Request is not authorized."}
        if path.startswith(REMINDERS):
            return self._reminders(method, path, body)
        zone = TIME_ZONE.match(path)
        if method != "GET" or zone is None:
            return 404, {"message": "Not found."}
        if "application/json" not in headers.get("Accept", ""):
            return 406, {"message": "Not acceptable."}
        device = zone.group(1)
        if device not in self.zones:
            return 404, {"message": "Device not found."}
        return 200, self.zones[device]

    def _reminders(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        if not self.reminders_granted:
            return 401, {"code": "UNAUTHORIZED", "message": "Permission not granted."}
        if method == "POST" and path == REMINDERS:
            problem = reminder_problem(body)
            if problem:
                return 400, {"code": "INVALID_REQUEST", "message": problem}
            token = f"alert-{len(self.reminders) + 1}"
            self.reminders[token] = body | {"alertToken": token, "status": "ON"}
            return 201, {"alertToken": token, "status": "ON", "version": "1"}
        if method == "GET" and path == REMINDERS:
            alerts = list(self.reminders.values())
            return 200, {"totalCount": str(len(alerts)), "alerts": alerts}
        token = path.removeprefix(REMINDERS + "/")
        if method == "DELETE" and token in self.reminders:
            del self.reminders[token]
            return 200, {}
        return 404, {"code": "NOT_FOUND", "message": "Alert not found."}


def reminder_problem(body: Any) -> str | None:
    """What is wrong with a reminder as the API takes it, if anything (Amazon's required fields:
    requestTime, trigger.type, alertInfo.spokenInfo.content[].locale and text, pushNotification)."""
    if not isinstance(body, dict):
        return "body is not an object"
    trigger = body.get("trigger") or {}
    if trigger.get("type") not in ("SCHEDULED_ABSOLUTE", "SCHEDULED_RELATIVE"):
        return "trigger.type"
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")
    if not stamp.match(str(body.get("requestTime", ""))):
        return "requestTime"
    recurrence = trigger.get("recurrence")
    if recurrence is not None:
        if "startDateTime" in recurrence and not stamp.match(str(recurrence["startDateTime"])):
            return "trigger.recurrence.startDateTime"
        if not recurrence.get("recurrenceRules"):
            return "trigger.recurrence.recurrenceRules"
    content = ((body.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or []
    if not content or not all(c.get("locale") and c.get("text") for c in content):
        return "alertInfo.spokenInfo.content"
    if (body.get("pushNotification") or {}).get("status") not in ("ENABLED", "DISABLED"):
        return "pushNotification.status"
    return None


def serve(token: str, zones: dict[str, str] | None = None) -> tuple[AlexaApiStandIn, Any]:
    """The stand-in, listening on a free loopback port from now on (a daemon thread, gone with
    the process), and the server, to shut down when done."""
    stand_in = AlexaApiStandIn(token, zones or {})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def do_DELETE(self) -> None:
            self._answer("DELETE")

        def _answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            sent = json.loads(self.rfile.read(length)) if length else None
            status, body = stand_in.answer(method, self.path, dict(self.headers.items()), sent)
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            if not stand_in.trickle:
                self.wfile.write(raw)
                return
            try:
                for byte in raw:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(stand_in.trickle)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the skill hung up on a slow answer, as its deadline says it must

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stand_in.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stand_in, server


@contextmanager
def alexa_api(token: str, zones: dict[str, str] | None = None) -> Iterator[AlexaApiStandIn]:
    """The stand-in, listening on a free loopback port while the block runs."""
    stand_in, server = serve(token, zones)
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
