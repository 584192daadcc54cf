"""gunicorn's asyncio worker, with a deadline on every request head.

The worker reads request heads on its event loop, so a slow client holds no thread, but it keeps
a connection that never finishes its head (or never sends one) open for ever: enough of them and
the process runs out of sockets. Here every connection must complete a request head within
HEAD_DEADLINE_S of opening, and of its previous head, or it is closed. Keep-alive connections
between requests are closed by gunicorn's own `keepalive` first.

Checked against gunicorn 27.0.1 (the lock pins it): the worker builds its connections from the
module name `gunicorn.workers.gasgi.ASGIProtocol`, which this worker points at a subclass that
only adds to asyncio's public Protocol methods. tests/sockets/serving/test_slow_clients.py fails
if a gunicorn release stops honouring it (docs/decisions/0003-slow-clients.md)."""

from __future__ import annotations

import asyncio
from typing import Any

from gunicorn.asgi.protocol import ASGIProtocol
from gunicorn.workers import gasgi

CHECKED_WITH = "27.0.1"  # gunicorn: pinned in pyproject.toml, checked by tests/unit/test_asgi.py
HEAD_DEADLINE_S = 10.0
_HEAD_END = b"\r\n\r\n"


class HeadDeadlineProtocol(ASGIProtocol):  # type: ignore[misc]
    """A connection that is closed when a request head takes longer than HEAD_DEADLINE_S."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start the clock on the first head."""
        self._tail = b""
        self._timer: asyncio.TimerHandle | None = None
        self._restart_clock(transport)
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        """A complete head (a blank line) restarts the clock for the next one."""
        seen = self._tail + data
        if _HEAD_END in seen and self.transport is not None:
            self._restart_clock(self.transport)
        self._tail = seen[-(len(_HEAD_END) - 1) :]
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock with the connection."""
        if self._timer is not None:
            self._timer.cancel()
        super().connection_lost(exc)

    def _restart_clock(self, transport: asyncio.BaseTransport) -> None:
        if self._timer is not None:
            self._timer.cancel()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(HEAD_DEADLINE_S, _close, transport)


def _close(transport: asyncio.BaseTransport) -> None:
    if not transport.is_closing():
        transport.close()


class DeadlineWorker(gasgi.ASGIWorker):  # type: ignore[misc]
    """gunicorn's ASGI worker whose connections have a head deadline."""

    def init_process(self) -> Any:
        """Point the worker's connection factory at the deadline protocol, then serve."""
        gasgi.ASGIProtocol = HeadDeadlineProtocol
        return super().init_process()
