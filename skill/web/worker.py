"""gunicorn's asyncio worker, with a deadline on a connection's first request head.

The worker reads request heads on its event loop, so a slow client holds no thread, but it keeps
a connection that never finishes its first head (or never sends one) open for ever: enough of
them and the process runs out of sockets. Here a connection must complete its first head within
HEAD_DEADLINE_S of opening, or it is closed. Every later head is bounded by gunicorn's own
keep-alive timer, armed when a response is sent and cancelled when the next head is complete;
bodies are bounded by skill.web.asgi. Nothing here runs once the first head is in, so a long
request or a reused keep-alive connection is never cut.

Checked against gunicorn 27.0.1 (pinned in pyproject.toml, CHECKED_WITH below): the worker
builds its connections from the module name `gunicorn.workers.gasgi.ASGIProtocol`, which this
worker points at a subclass that only adds to asyncio's public Protocol methods.
tests/sockets/serving/test_slow_clients.py fails if a release stops honouring it
(docs/decisions/0003-slow-clients.md)."""

from __future__ import annotations

import asyncio
from typing import Any

from gunicorn.asgi.protocol import ASGIProtocol
from gunicorn.workers import gasgi

CHECKED_WITH = "27.0.1"  # gunicorn: pinned in pyproject.toml, checked by tests/unit/test_asgi.py
HEAD_DEADLINE_S = 10.0
_HEAD_END = b"\r\n\r\n"


class HeadDeadlineProtocol(ASGIProtocol):  # type: ignore[misc]
    """A connection that is closed when its first request head takes over HEAD_DEADLINE_S."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start the clock on the first head."""
        self._head = b""  # the first head's bytes so far, until its end is seen
        loop = asyncio.get_running_loop()
        self._timer: asyncio.TimerHandle | None = loop.call_later(
            HEAD_DEADLINE_S, _close, transport
        )
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        """The first head's end (its blank line) stops the clock, for good."""
        if self._timer is not None:
            # Only the last bytes are kept: the end may straddle two reads.
            seen = self._head + data
            if _HEAD_END in seen:
                self._stop_clock()
            else:
                self._head = seen[-(len(_HEAD_END) - 1) :]
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock with the connection."""
        self._stop_clock()
        super().connection_lost(exc)

    def _stop_clock(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _close(transport: asyncio.BaseTransport) -> None:
    if not transport.is_closing():
        transport.close()


class DeadlineWorker(gasgi.ASGIWorker):  # type: ignore[misc]
    """gunicorn's ASGI worker whose connections have a head deadline."""

    def init_process(self) -> Any:
        """Point the worker's connection factory at the deadline protocol, then serve."""
        gasgi.ASGIProtocol = HeadDeadlineProtocol
        return super().init_process()
