"""Where a server listens: whether it can listen on HOST and PORT, and one way to say why not."""

from __future__ import annotations

import errno
import socket


def family(host: str) -> socket.AddressFamily:
    """The address family of a HOST setting (an IP address or localhost)."""
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def bind_problem(host: str, port: int, exc: OSError) -> str:
    """Why binding host:port failed, in words naming the setting to change."""
    where = f"HOST={host} PORT={port}"
    if exc.errno == errno.EADDRINUSE:
        return f"PORT {port} is already in use on {host} ({where})"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"HOST {host} is not an address of this machine ({where})"
    if exc.errno == errno.EACCES:
        return f"PORT {port} needs privileges to listen on ({where})"
    return f"cannot listen on {where}: {exc.strerror or exc}"


def listen_problem(host: str, port: int) -> str | None:
    """Why a server could not listen on host:port, found by binding a probe socket (and closing
    it), or None. The probe has no SO_REUSEPORT, so any listener already there refuses it, a
    server whose workers each bind the port with SO_REUSEPORT included; connections left in
    TIME_WAIT do not (SO_REUSEADDR)."""
    try:
        with socket.socket(family(host), socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        return bind_problem(host, port, exc)
    return None
