"""The Redis client the app uses: one server, Redis Sentinel or Redis Cluster, by configuration.

REDIS_URL may be redis://, rediss:// (TLS; add ?ssl_ca_certs=/path/ca.pem for a private CA) or
unix://. With REDIS_SENTINELS the Sentinels name the primary (REDIS_URL then only lends its
password, database and TLS). With REDIS_CLUSTER=true, REDIS_URL is any one node of the Cluster.
Nothing connects until the first command, in the process that sends it (after gunicorn forks).
Every command, and building the client, goes through one circuit breaker (skill.store.breaker).

On one server or through Sentinel, each thread sends its commands over a connection of its own,
kept between commands (`_own_connection`, decision 0011). redis-py's pool lends a connection for
each command and checks it over each time: 15-25 us of CPU a command here, nearly as much as
sending the command and reading its answer (a turn 3-6 % cheaper without it: bench/README.md,
"Figures, 2026-12-07, 10:50-12:28").
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import redis
from redis.backoff import NoBackoff
from redis.cluster import RedisCluster
from redis.connection import parse_url
from redis.exceptions import NoScriptError, RedisClusterException
from redis.retry import Retry
from redis.sentinel import Sentinel, SentinelManagedSSLConnection

from skill.config import RedisTopology
from skill.store.breaker import CircuitBreaker
from skill.store.redis_server import CONNECT_TIMEOUT, SOCKET_TIMEOUT, connect
from skill.store.resp import packed


class RedisClient(Protocol):
    """The commands the skill sends; redis.Redis and RedisCluster both have them."""

    def getex(self, name: str, ex: int | None = None) -> Any: ...

    def set(self, name: str, value: str, ex: int | None = None, *, nx: bool = False) -> Any: ...

    def delete(self, *names: str) -> Any: ...

    def ping(self) -> Any: ...

    def register_script(self, script: str) -> Any: ...

    def smembers(self, name: str) -> Any: ...

    def scan_iter(self, match: str, count: int) -> Any: ...


def _ignore(operation: str) -> None:
    return None


class ObservedRedis:
    """A RedisClient built on first use, behind a circuit breaker, whose failures are reported to
    on_error(operation).

    RedisCluster connects as it is built, so building it lazily lets a worker start (and say it is
    not ready) while the cluster is unreachable; a failed build is retried on the next command,
    or failed fast while the breaker is open."""

    def __init__(
        self,
        build: Callable[[], RedisClient],
        on_error: Callable[[str], None] = _ignore,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self._build = build
        self._on_error = on_error
        self.breaker = breaker or CircuitBreaker()
        self._client: RedisClient | None = None
        self._lock = threading.Lock()
        self._threads = threading.local()  # each thread's (process id, own client)

    def client(self) -> RedisClient:
        """The underlying client, built now if it is not yet."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._build()
        return self._client

    def _own(self) -> RedisClient:
        """This thread's client: on one server or through Sentinel, one that keeps a connection
        of its own (made on first use, in this process); on a Cluster, the shared client."""
        own: tuple[int, RedisClient] | None = getattr(self._threads, "own", None)
        if own is None or own[0] != os.getpid():
            own = self._threads.own = (os.getpid(), _own_connection(self.client()))
        return own[1]

    def _guarded(self, operation: str, command: Callable[[], Any]) -> Any:
        """command's result, through the breaker; a failure reported and raised as a RedisError."""
        try:
            return self.breaker.call(command)
        except RedisClusterException as exc:  # not a RedisError: the cluster could not be mapped
            self._on_error(operation)
            raise redis.ConnectionError(f"redis cluster unavailable: {exc}") from exc
        except redis.RedisError:
            self._on_error(operation)
            raise

    def _call(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(operation, lambda: getattr(self._own(), operation)(*args, **kwargs))

    def getex(self, name: str, ex: int | None = None) -> Any:
        """GETEX name EX ex."""
        return self._call("getex", name, ex=ex)

    def set(self, name: str, value: str, ex: int | None = None, *, nx: bool = False) -> Any:
        """SET name value EX ex [NX]."""
        return self._call("set", name, value, ex=ex, nx=nx)

    def delete(self, *names: str) -> Any:
        """DEL names."""
        return self._call("delete", *names)

    def ping(self) -> Any:
        """PING (on a Cluster: every primary)."""
        return self._call("ping")

    def smembers(self, name: str) -> Any:
        """SMEMBERS name."""
        return self._call("smembers", name)

    def scan_iter(self, match: str, count: int) -> Any:
        """Every key matching the pattern (SCAN to the end, on a Cluster every primary), as a
        list: one call through the breaker. For rare work only (forgetting a person)."""
        return self._guarded("scan", lambda: list(self._own().scan_iter(match=match, count=count)))

    def register_script(self, script: str) -> Callable[..., Any]:
        """A Lua script to run with keys and args, as redis-py's Script runs one (registering
        sends nothing): EVALSHA, and on a server that does not know it yet, SCRIPT LOAD and
        EVALSHA again. On this thread's client, without Script's checks for a pipeline."""
        # The SHA-1 Redis names it by (of its UTF-8, as the client encodes it), then whatever
        # SCRIPT LOAD answers, as Script keeps it.
        sha = hashlib.sha1(script.encode("utf-8")).hexdigest()  # noqa: S324 (Redis's name)

        def run(keys: list[str], args: list[Any]) -> Any:
            def command() -> Any:
                nonlocal sha
                own: Any = self._own()  # redis.Redis or RedisCluster: both have these two
                try:
                    return own.evalsha(sha, len(keys), *keys, *args)
                except NoScriptError:  # a new or restarted server, or one that flushed them
                    sha = own.script_load(script)
                    return own.evalsha(sha, len(keys), *keys, *args)

            return self._guarded("eval", command)

        return run


def _own_connection(shared: RedisClient) -> RedisClient:
    """A client sharing shared's pool that keeps one connection out of it for good, or shared
    itself on a Cluster (its connections are per node, and lent by node)."""
    if not isinstance(shared, redis.Redis):
        return shared
    return _OwnConnection(connection_pool=shared.connection_pool, single_connection_client=True)


class _OwnConnection(redis.Redis):
    """A client that keeps its one connection (single_connection_client).

    The pool checks a connection over each time it lends one, and replaces one the server has
    closed (a restart, a failover) before anything is sent on it. A kept connection is not lent
    again, so it is not checked: instead, a command that fails with a connection error is tried
    once more at once, on a connection made the way the pool makes one. Through Sentinel, that
    asks the Sentinels for the primary: redis-py's own reconnection in the middle of a command
    goes back to the address it had, which after a failover is a replica. The retry is safe for
    every command the skill sends (reads, expiries, deletes, claims that compare their own token,
    a compare-and-set that finds its own write made). A timeout is never retried here: a Redis
    that does not answer is waited out once. Any failure but an error reply closes the
    connection, so nothing half read is left for the next command."""

    def execute_command(self, *args: Any, **options: Any) -> Any:
        """The command on this client's connection, once more on a new one if it was closed."""
        run: Callable[..., Any] = redis.Redis.execute_command  # untyped in redis-py
        return self._twice(lambda: run(self, *args, **options))

    def evalsha(self, sha: str, numkeys: int, *keys_and_args: Any) -> Any:
        """EVALSHA, the command every saving turn sends, written and read straight on this
        client's connection: the same bytes out and the same reply back as through
        execute_command, without redis-py's general command path around them (its pool, lock,
        retry wrapper and instrumentation, all idle for a kept connection: about 20 us a turn),
        packed in one piece (skill.store.resp).
        A failure is handled as execute_command handles one; an unknown script's NoScriptError
        is raised for the script's runner (register_script) to load it."""
        args = ("EVALSHA", sha, numkeys, *keys_and_args)

        def sent() -> Any:
            connection: Any = self.connection
            try:
                encoder = connection.encoder
                command = packed(args, encoder.encoding, encoder.encoding_errors)
                if command is None:
                    connection.send_command(*args)
                else:
                    _send(connection, command)
                return connection.read_response()  # an error reply is raised, read whole
            finally:
                if connection.should_reconnect():  # the server's notice of maintenance
                    connection.disconnect()  # the next command connects afresh

        return self._twice(sent)

    def _twice(self, command: Callable[[], Any]) -> Any:
        connection = self.connection
        assert connection is not None  # made (and connected) by single_connection_client
        try:
            return self._on(connection, command)
        except redis.ConnectionError:  # _on has closed it: the retry connects afresh
            return self._on(connection, command)

    def _on(self, connection: Any, command: Callable[[], Any]) -> Any:
        try:
            connection.connect()  # as the pool connects one it lends (through the Sentinels)
            return command()
        except redis.ResponseError:
            raise  # an error reply, read whole: the connection is as good as before
        except BaseException:
            connection.disconnect()
            raise


_write = os.write  # the one system call a command goes out in (a test can cap what it takes)


def _send(connection: Any, command: bytes) -> None:
    """command sent on connection, as send_packed_command sends it, in one system call where
    one does: a socket with a timeout is non-blocking underneath, and Python's own send first
    waits on poll() for room to write (a second system call, and a second time this thread gives
    the interpreter up to any other waiting for it, on every turn; a turn's command fits the
    room a socket has unless the connection has stalled). So the bytes are written straight to
    a plain socket's descriptor; anything they do not all go in at once for (no room yet, a
    closed connection, a TLS socket, no socket, a health check due), and whatever is left, is
    sent by redis-py as it sends any command: waiting with its timeout, failing with its
    errors."""
    sock = connection._sock
    due = connection.health_check_interval and time.monotonic() > connection.next_health_check
    written = 0
    if type(sock) is socket.socket and not due:
        try:
            written = _write(sock.fileno(), command)
        except OSError:  # no room yet, or a broken connection: redis-py's send says which
            written = 0
    if written < len(command):  # the rest right after what went: no health check between
        connection.send_packed_command([command[written:]], check_health=written == 0)


def builder(url: str | None, topology: RedisTopology) -> Callable[[], RedisClient]:
    """How to build the client for REDIS_URL and the topology settings (nothing connects here)."""
    if topology.cluster:
        assert url is not None  # Settings refuse REDIS_CLUSTER without REDIS_URL
        return lambda: RedisCluster.from_url(
            url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=CONNECT_TIMEOUT
        )
    if topology.sentinels:
        return lambda: _sentinel_primary(url, topology)
    assert url is not None
    return lambda: connect(url)


def _sentinel_primary(url: str | None, topology: RedisTopology) -> redis.Redis:
    options: dict[str, Any] = parse_url(url) if url else {}  # type: ignore[no-untyped-call]
    for placed_by_sentinel in ("host", "port", "path"):
        options.pop(placed_by_sentinel, None)
    if options.pop("connection_class", None) is redis.SSLConnection:
        options["connection_class"] = SentinelManagedSSLConnection
    timeouts = {"socket_timeout": SOCKET_TIMEOUT, "socket_connect_timeout": CONNECT_TIMEOUT}
    # redis-py retries ten times with backoff by default: seconds when a Sentinel is down. A
    # Sentinel that does not answer is skipped at once; a command gets one immediate retry (on
    # the address it had; a kept connection then tries once more through the Sentinels, which
    # is what finds a new primary after a failover: _OwnConnection).
    options["retry"] = Retry(NoBackoff(), 1)
    sentinel = Sentinel(  # type: ignore[no-untyped-call]
        list(topology.sentinels),
        sentinel_kwargs=timeouts | {"retry": Retry(NoBackoff(), 0)},
        **timeouts,
    )
    assert topology.sentinel_master is not None
    primary: redis.Redis = sentinel.master_for(  # type: ignore[no-untyped-call]
        topology.sentinel_master, **options
    )
    return primary
