"""gunicorn's settings for the skill, in one place: `make serve` and the container run
`gunicorn --config python:skill.gunicorn_conf`.

asyncio workers (skill.web.worker) answering on WEB_THREADS threads each. The master imports the
code (not the app) before forking, so workers start fast; each worker then builds its own app,
and so its own Redis connections, after the fork. SIGTERM stops accepting and answers the
requests under way for up to GRACEFUL_TIMEOUT. Settings are checked here, in the master, so a bad
variable is one line and exit status 2.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

# Before anything imports prometheus_client: every worker writes its metrics here.
_metrics_dir_created = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _metrics_dir_created:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="back-coach-metrics-")
METRICS_DIR = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])

from skill.config import ConfigError, Serving, Settings  # noqa: E402
from skill.listening import listen_problem  # noqa: E402


def _refuse(message: str, status: int) -> NoReturn:
    """Say why in one line and exit, leaving no metrics directory behind."""
    if _metrics_dir_created:
        shutil.rmtree(METRICS_DIR, ignore_errors=True)
    print(message, file=sys.stderr)
    sys.exit(status)


def _checked() -> tuple[Settings, Serving]:
    try:
        return Settings.from_env(), Serving.from_env()
    except ConfigError as exc:
        _refuse(f"configuration error: {exc}", 2)


def _served(settings: Settings) -> None:
    if settings.redis_url is None and not settings.topology.external:
        _refuse(
            "configuration error: REDIS_URL (or REDIS_SENTINELS) must be set to serve with "
            "gunicorn; `make run` is the one that starts an embedded Redis",
            2,
        )


_settings, _serving = _checked()
_served(_settings)
# Each worker binds the port itself (reuse_port below), so a second server would share the port
# with the first instead of failing, and a worker that cannot bind it would be started again for
# ever: the master tries it first. (It tries HOST and PORT; a --bind given to gunicorn on its
# command line is not checked.)
_problem = listen_problem(_settings.host, _settings.port)
if _problem:
    _refuse(f"configuration error: {_problem}", 2)

# Content next, before the web stack is imported: a refusal costs a fraction of a second.
from skill.catalog import ContentError, load_catalog  # noqa: E402

try:
    _catalog = load_catalog(_settings.content_dir)
except ContentError as _exc:
    _refuse(f"refusing to start: {_exc}", 1)

from prometheus_client import multiprocess  # noqa: E402

from skill.web import serving  # noqa: E402  (the code; the app itself is built in each worker)

serving.preload(_settings.content_dir, _catalog)

# The asyncio worker reads every request (head and body) on its event loop, with deadlines, and
# only then takes one of WEB_THREADS threads: slow or idle clients hold no thread (decision 0003).
wsgi_app = "skill.web.serving:asgi_application()"
bind = [
    f"[{_settings.host}]:{_settings.port}"
    if ":" in _settings.host
    else f"{_settings.host}:{_settings.port}"
]
worker_class = "skill.web.worker.DeadlineWorker"
# Each worker listens on its own socket (SO_REUSEPORT), and the kernel spreads new connections
# over them. On one shared socket the first worker to wake accepts every connection waiting, so
# a client that opens its keep-alive connections together (a proxy, a load generator) can land
# them all on one worker, which then serves on one core while the other idles
# (docs/decisions/0010-a-socket-per-worker.md).
reuse_port = True
workers = _serving.workers
threads = 1  # gunicorn's own; the app's WEB_THREADS are the adapter's pool
graceful_timeout = _serving.graceful_timeout
timeout = 30  # a worker silent this long is restarted; Alexa gives up after 8 s
keepalive = 5  # the reverse proxy reuses connections
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
proc_name = "back-coach"
accesslog = None  # the app logs every request as a JSON line
control_socket_disable = True  # gunicorn 24+: no control socket in $HOME


def on_starting(server: Any) -> None:
    """Start with an empty metrics directory: values from an earlier run would be added in."""
    for stale in METRICS_DIR.glob("*.db"):
        stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    """A worker is gone: its live-gauge files are dropped (counters keep their totals)."""
    multiprocess.mark_process_dead(worker.pid, str(METRICS_DIR))  # type: ignore[no-untyped-call]


def on_exit(server: Any) -> None:
    """Remove the metrics directory if this config made it."""
    if _metrics_dir_created:
        shutil.rmtree(METRICS_DIR, ignore_errors=True)
