"""CPU per turn when several threads take turns at once, in-process.

The skill's WSGI app, built as bench/load.py serves it (verifying every request against a
throwaway CA, logging a JSON line per request to a file), is called on --threads threads at once
with signed mid-routine "repeat"s, each from a different person whose document is in a local
redis-server. Each round prints the process's CPU time per turn. With one thread the figure is a
turn's own cost; with several, what the threads add by handing Python's interpreter lock to each
other (each time a thread lets go of it, for a system call or in C code that gives it up, a
thread waiting for it takes it), as a served worker's threads do, without the HTTP server around
it. To compare two versions of the code, run this from each tree in turn, a few times each
(`cd TREE && python bench/threads.py`): the machine's speed moves between runs (bench/README.md).
Needs redis-server (sudo apt-get install redis-server). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# The code measured is the tree this is run from (its top folder holding skill/), so an older
# commit without this file can be measured by it too; else this file's own tree.
ROOT = Path.cwd() if (Path.cwd() / "skill").is_dir() else Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import USER, repeat_pool  # noqa: E402
from bench.servers import redis_up, tool  # noqa: E402
from tests.sockets.serving.signing import TEMPLATE_SKILL_ID, make_pki  # noqa: E402
from tests.support.alexa import envelope  # noqa: E402
from tests.support.servers import stop  # noqa: E402
from tests.support.settings import SECRET  # noqa: E402

Signed = tuple[bytes, dict[str, str]]


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=4, help="as WEB_THREADS (default 4)")
    parser.add_argument("--turns", type=int, default=3000, help="timed turns a round")
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


def main() -> int:
    """Measure and print."""
    args = arguments()
    folder = Path(tempfile.mkdtemp(prefix="bsc-threads-"))
    # Before the app's modules import prometheus_client: metrics written to files, as under
    # gunicorn (nothing imported above imports it).
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(dir=folder)
    redis_proc, store = redis_up(tool("redis-server", "redis-server"), folder)
    try:
        pki = make_pki()
        (folder / "root.pem").write_bytes(pki.root_pem)
        (folder / "chain.pem").write_bytes(pki.chain_pem)
        port = store.connection_pool.connection_kwargs["port"]
        os.environ.update(
            {
                "HOST": "127.0.0.1",
                "LOG_LEVEL": "INFO",  # as in production: a JSON line per request
                "USER_ID_HASH_SECRET": SECRET.decode(),
                "DATA_DIR": str(folder),
                "ALEXA_SKILL_ID": TEMPLATE_SKILL_ID,
                "REDIS_URL": f"redis://127.0.0.1:{port}/0",
                "ALEXA_VERIFY_REQUESTS": "true",
                "TEST_ROOT_PEM": str(folder / "root.pem"),
                "TEST_CHAIN_PEM": str(folder / "chain.pem"),
            }
        )
        figures = measure(args, pki, store, folder)
    finally:
        stop(redis_proc)
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(figures, indent=2))
    return 0


def measure(args: argparse.Namespace, pki: Any, store: Any, folder: Path) -> dict[str, Any]:
    """Every round's CPU per turn, and their median."""
    from skill.web.asgi import wsgi_environ
    from tests.sockets.serving.signed_app import application  # reads the settings set above

    adapter = application()  # the ASGI adapter gunicorn serves
    log = (folder / "skill.log").open("a")  # the server's stderr goes to a file in bench/load.py
    logging.getLogger().handlers[0].stream = log  # type: ignore[attr-defined]

    def call(signed: Signed) -> tuple[int, bytes]:
        """A turn as one of the adapter's threads takes it: the environ the adapter makes of
        the request, and the app called on this thread (WsgiOnAsgi._run)."""
        body, headers = signed
        scope = {
            "type": "http",
            "method": "POST",
            "path": "/alexa",
            "server": ("127.0.0.1", 80),
            "headers": [
                (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
            ],
        }
        status, _, answer = adapter._run(wsgi_environ(scope, body))
        return status, answer

    _, body = call(
        pki.signed(
            envelope("start_routine_request", routine=("lower back", "lower-back"), user_id=USER)
        )
    )
    attributes = json.loads(body)["sessionAttributes"]

    def turns(count: int) -> list[Signed]:
        signed, _ = repeat_pool(pki, store, attributes, count - 1)  # as bench-load signs them
        return signed

    def on_threads(batch: list[Signed]) -> None:
        failures: list[int] = []

        def run(mine: list[Signed]) -> None:
            for signed in mine:
                answered, _ = call(signed)
                if answered != 200:
                    failures.append(answered)

        threads = [
            threading.Thread(target=run, args=(batch[i :: args.threads],))
            for i in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise RuntimeError(f"{len(failures)} turns were not answered 200: {failures[0]}")

    on_threads(turns(400))  # warm: imports, caches, each thread's Redis connection
    rounds = []
    for _ in range(args.rounds):
        batch = turns(args.turns)
        began = time.process_time()
        on_threads(batch)
        rounds.append(round((time.process_time() - began) / len(batch) * 1e6, 1))
    return {
        "tree": str(ROOT),
        "threads": args.threads,
        "turns_per_round": args.turns,
        "cpu_us_per_turn": rounds,
        "median_cpu_us_per_turn": statistics.median(rounds),
    }


if __name__ == "__main__":
    sys.exit(main())
