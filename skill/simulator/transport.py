"""Getting an envelope to the skill: in-process through Flask's test client, or HTTP to --url."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the app is built by the caller; the CLI's other commands never load Flask
    from flask import Flask

Transport = Callable[[bytes], tuple[int, Any]]
HTTP_TIMEOUT = 10.0  # seconds; Alexa itself gives up after 8


class TransportError(Exception):
    """The skill could not be reached."""


def in_process(app: Flask, path: str = "/alexa") -> Transport:
    """Posts to the app's endpoint without a socket."""
    client = app.test_client()

    def post(body: bytes) -> tuple[int, Any]:
        response = client.post(path, data=body, content_type="application/json")
        return response.status_code, response.get_json(silent=True)

    return post


def over_http(url: str, timeout: float = HTTP_TIMEOUT) -> Transport:
    """POSTs to a running skill server at url (e.g. http://127.0.0.1:5000/alexa)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise TransportError(f"--url must be http:// or https://, not {url!r}")

    def post(body: bytes) -> tuple[int, Any]:
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, _json(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, _json(exc.read())
        except (urllib.error.URLError, OSError) as exc:
            raise TransportError(f"cannot reach {url}: {exc}") from exc

    return post


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return {"error": raw.decode("utf-8", "replace")[:200]}
