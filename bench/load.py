"""Load benchmark: the skill against a bare Flask + Redis endpoint and an ask-sdk peer.

Both run with skill/gunicorn_conf.py (2 workers x 4 threads) on loopback against one Debian
redis-server. The skill verifies every request (signed by a throwaway CA it trusts) and answers
a mid-routine "repeat"; the bare endpoint does one Redis GET and one SET; the peer (bench/peer.py)
is what a Python skill builder writes with ask-sdk-core, verifying nothing. wrk drives them in
alternating runs. Prints the machine, the ratios to both, start-up time to the first answer, the
Redis round trips per turn, Redis memory per person, and each target's verdict (bench/targets.py:
"busy" or "unsteady", never "met", when something else was using the machine). Run with
`make bench-load`; needs redis-server and wrk (sudo apt-get install redis-server wrk). Nothing
here is a test; figures go in bench/README.md.

Every wait is bounded: a server that does not answer within 30 s, a wrk run that overruns by
30 s, or the whole benchmark passing --deadline stops everything it started and says why.
"""

from __future__ import annotations

import argparse
import compileall
import faulthandler
import functools
import json
import math
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from bench import wrk as wrk_runs  # noqa: E402
from bench.redis_figures import memory, redis_calls, round_trips  # noqa: E402
from bench.servers import ServerError, post, redis_up, start, stop_server, tool, with_cpu  # noqa: E402
from bench.targets import machine, spread, verdicts  # noqa: E402
from skill.store.keys import person_key  # noqa: E402
from tests.sockets.serving.signing import TEMPLATE_SKILL_ID, TestPki, make_pki  # noqa: E402
from tests.support.alexa import carried_step, envelope  # noqa: E402
from tests.support.servers import free_port  # noqa: E402
from tests.support.settings import SECRET  # noqa: E402

USER = "amzn1.ask.account.bench"


def on_deadline(signum: int, frame: FrameType | None) -> None:
    """--deadline passed: show where everything is, then unwind (stopping every server)."""
    faulthandler.dump_traceback(all_threads=True)
    raise TimeoutError("the benchmark passed its --deadline; stacks above")


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=6, help="alternating runs of each side")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--pool",
        type=int,
        default=0,
        help="distinct signed requests per skill run (replays are refused); 0 (default): "
        "three times what the fastest run so far sent in --seconds",
    )
    parser.add_argument(
        "--paced-rounds",
        type=int,
        default=0,
        help="after the timed runs, this many more of each side with all three at one rate "
        "(figures only, no targets: see bench/README.md)",
    )
    parser.add_argument(
        "--paced-delay",
        type=int,
        default=10,
        metavar="MS",
        help="in paced runs, each connection's wait after an answer (sets the rate for all three)",
    )
    parser.add_argument("--people", type=int, default=2000, help="for Redis memory per person")
    parser.add_argument("--starts", type=int, default=3, help="server starts timed (median)")
    parser.add_argument("--deadline", type=int, default=360, help="seconds before giving up")
    return parser.parse_args()


def repeat_pool(
    pki: TestPki, store: redis.Redis, attributes: Any, size: int
) -> tuple[list[tuple[bytes, dict[str, str]]], list[str]]:
    """size + 1 signed mid-routine "repeat"s, each from a different person whose saved document
    is the bench person's, at the revision their session carries: each turn is one
    compare-and-set that succeeds, as when people take turns in their own sessions. (One person
    sending them all would carry a revision already written over: every turn would conflict and
    merge, a round trip no real session makes.) Also the people's keys, to delete after."""
    document = store.get(person_key(SECRET, USER))
    if document is None:
        raise ServerError("the bench person's document is not in Redis")
    people = [f"amzn1.ask.account.bench-{uuid.uuid4().hex}" for _ in range(size + 1)]
    keys = [person_key(SECRET, person) for person in people]
    with store.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.set(key, document, ex=3600)
        pipe.execute()
    signed = [
        pki.signed(
            envelope(
                "intent_request",
                intent="AMAZON.RepeatIntent",
                new=False,
                attributes=attributes,
                user_id=person,
            )
        )
        for person in people
    ]
    return signed, keys


def main() -> int:
    """Measure and print."""
    args = arguments()
    signal.signal(signal.SIGALRM, on_deadline)
    signal.alarm(args.deadline)
    wrk = tool("wrk", "wrk")
    redis_server = tool("redis-server", "redis-server")
    folder = Path(tempfile.mkdtemp(prefix="bsc-bench-"))
    keep = False  # the logs, when a server stopped answering
    began = time.perf_counter()
    processes: list[Any] = []
    try:
        redis_proc, store = redis_up(redis_server, folder)
        processes.append(redis_proc)
        figures = measure(args, wrk, folder, store, processes)
    except (ServerError, wrk_runs.WrkError, wrk_runs.PoolExhaustedError, TimeoutError) as exc:
        print(f"bench/load.py: {exc}", file=sys.stderr)
        return 1
    except OSError:  # a server stopped answering: whether it runs, its log, then the traceback
        for process in processes:
            code = process.poll()
            state = "running" if code is None else f"exited {code}"
            if code is not None and code < 0:
                state = f"killed by signal {-code}"
            print(
                f"--- {Path(process.args[0]).name} {process.args[-1]} (pid {process.pid}): {state}",
                file=sys.stderr,
            )
        for log in sorted(folder.glob("*.log")):
            print(f"--- the end of {log.name}:\n{log.read_text()[-3000:]}", file=sys.stderr)
        print(f"--- the logs are kept in {folder}", file=sys.stderr)
        keep = True
        raise
    finally:
        signal.alarm(0)
        for process in reversed(processes):
            stop_server(process)
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    figures["benchmark_seconds"] = round(time.perf_counter() - began)
    print(json.dumps(figures, indent=2))
    return 0


def measure(
    args: argparse.Namespace, wrk: str, folder: Path, store: redis.Redis, processes: list[Any]
) -> dict[str, Any]:
    """Start both servers (timing the skill's starts), run wrk on them in turn, measure memory."""
    redis_port = store.connection_pool.connection_kwargs["port"]
    # Bytecode for what the servers import, as the image has it (Dockerfile: compileall); this
    # machine's PYTHONDONTWRITEBYTECODE would otherwise recompile it at every start.
    for package in ("skill", "bench", "tests/support", "tests/sockets/serving"):
        compileall.compile_dir(ROOT / package, quiet=1, maxlevels=3)
    pki = make_pki()
    (folder / "root.pem").write_bytes(pki.root_pem)
    (folder / "chain.pem").write_bytes(pki.chain_pem)
    common = os.environ | {
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "4",
        "LOG_LEVEL": "INFO",  # as in production: one JSON line per request
        "USER_ID_HASH_SECRET": SECRET.decode(),
        "DATA_DIR": str(folder),
        "ALEXA_SKILL_ID": TEMPLATE_SKILL_ID,  # the settings refuse to serve without one
    }
    skill_port, bare_port, peer_port = free_port(), free_port(), free_port()
    skill_url = f"http://127.0.0.1:{skill_port}/alexa"
    bare_url = f"http://127.0.0.1:{bare_port}/alexa"
    peer_url = f"http://127.0.0.1:{peer_port}/alexa"
    skill_env = common | {
        "PORT": str(skill_port),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "ALEXA_VERIFY_REQUESTS": "true",
        "TEST_ROOT_PEM": str(folder / "root.pem"),
        "TEST_CHAIN_PEM": str(folder / "chain.pem"),
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics-skill"),
    }
    bare_env = common | {
        "PORT": str(bare_port),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/1",
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics-bare"),
    }
    peer_env = common | {
        "PORT": str(peer_port),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/2",
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics-peer"),
    }
    for side in ("skill", "bare", "peer"):
        (folder / f"metrics-{side}").mkdir()

    def start_routine(user: str = USER) -> tuple[bytes, dict[str, str]]:
        routine = ("lower back", "lower-back")
        return pki.signed(envelope("start_routine_request", routine=routine, user_id=user))

    first: list[Any] = []

    def skill_answers() -> None:
        # A new request each time: the skill refuses one it has seen, even after a restart.
        reply = post(skill_url, start_routine())
        if "sessionAttributes" not in reply:
            raise ServerError(f"the skill answered without a session: {reply}")
        first.append(reply)

    startups = []
    for attempt in range(args.starts):  # the last start stays up for the load runs
        skill, seconds = start(
            "tests.sockets.serving.signed_app:application()",
            skill_env,
            folder / "skill.log",
            skill_answers,
        )
        startups.append(seconds)
        if attempt < args.starts - 1:
            stop_server(skill)
    processes.append(skill)
    attributes = first[-1]["sessionAttributes"]
    figures: dict[str, Any] = memory(
        store, args.people, lambda user: post(skill_url, start_routine(user))
    )

    bare_request = (start_routine()[0], {"Content-Type": "application/json"})
    bare, bare_startup = start(
        "bench.bare:application()",
        bare_env,
        folder / "bare.log",
        lambda: post(bare_url, bare_request),
    )
    processes.append(bare)
    bare_script = wrk_runs.body_script(folder, "bare", *bare_request)
    peer, _ = start(
        "bench.peer:application()",
        peer_env,
        folder / "peer.log",
        lambda: post(peer_url, bare_request),
    )
    processes.append(peer)
    peer_script = wrk_runs.body_script(folder, "peer", *bare_request)
    pool_used: list[float] = []

    def skill_run(seconds: int, size: int, delay_ms: int = 0) -> dict[str, float]:
        # Signed just before the run: Alexa's timestamps are good for 150 s.
        signed, keys = repeat_pool(pki, store, attributes, size)
        reply = post(skill_url, signed.pop())  # the request the pool repeats is answered well
        if carried_step(reply["sessionAttributes"]) < 0:
            raise ServerError(f"the repeat lost its place: {reply}")
        script, pool = wrk_runs.pool_script(folder, "skill", signed)
        script = wrk_runs.paced(script, delay_ms) if delay_ms else script
        before = redis_calls(store)
        try:
            run = wrk_runs.run(wrk, skill_url, script, seconds, args.connections, pool=(pool, size))
        finally:
            after = redis_calls(store)
            store.delete(*keys)
        for name in ("evalsha", "set", "get", "getex"):
            run[f"redis_{name}_per_request"] = (after.get(name, 0) - before.get(name, 0)) / run[
                "requests"
            ]
        pool_used.append(run.pop("pool_used"))
        return run

    def skill_run_sized(
        measured: Callable[[Callable[[], dict[str, float]]], dict[str, float]],
        seconds: int,
        size: int,
        delay_ms: int = 0,
    ) -> tuple[dict[str, float], int]:
        """skill_run through measured, and the pool's size: a pool that runs out (the skill or
        the machine got faster) is signed again, twice the size, and the run redone."""
        attempts = 1
        while True:
            try:
                return measured(functools.partial(skill_run, seconds, size, delay_ms)), size
            except wrk_runs.PoolExhaustedError:
                if args.pool or attempts == 3:
                    raise
                size, attempts = size * 2, attempts + 1

    def bare_run(seconds: int, delay_ms: int = 0) -> dict[str, float]:
        script = wrk_runs.paced(bare_script, delay_ms) if delay_ms else bare_script
        return wrk_runs.run(wrk, bare_url, script, seconds, args.connections)

    def peer_run(seconds: int, delay_ms: int = 0) -> dict[str, float]:
        script = wrk_runs.paced(peer_script, delay_ms) if delay_ms else peer_script
        return wrk_runs.run(wrk, peer_url, script, seconds, args.connections)

    # Commands per turn, told apart with MONITOR on a sample, before anything is timed.
    sample, sample_keys = repeat_pool(pki, store, attributes, 50)
    figures |= round_trips(store, lambda: post(skill_url, sample.pop()), 50)
    store.delete(*sample_keys)
    bare_run(1)  # warm up all three; the skill's warm-up run sizes its pool
    peer_run(1)
    fastest = skill_run_sized(lambda run: run(), 1, args.pool or 3000)[0]["rps"]
    before = machine()  # just before the timed runs, every server idle
    runs: dict[str, list[dict[str, float]]] = {"skill": [], "bare": [], "peer": []}
    paced: dict[str, list[dict[str, float]]] = {"skill": [], "bare": [], "peer": []}
    size = args.pool or 1000

    def round_of(into: dict[str, list[dict[str, float]]], delay_ms: int) -> None:
        nonlocal fastest, size
        into["bare"].append(with_cpu(bare.pid, lambda: bare_run(args.seconds, delay_ms)))
        into["peer"].append(with_cpu(peer.pid, lambda: peer_run(args.seconds, delay_ms)))
        # wrk's two threads rarely share the load evenly (2:1 is seen), and each has half the
        # pool: three times what the fastest run so far would send.
        size = args.pool or max(1000, math.ceil(3 * fastest * args.seconds))
        run, size = skill_run_sized(
            functools.partial(with_cpu, skill.pid), args.seconds, size, delay_ms
        )
        into["skill"].append(run)
        fastest = max(fastest, run["rps"])

    for _ in range(args.rounds):  # each as fast as it can answer
        round_of(runs, 0)
    # The CPU a request costs falls as the rate rises (for all three), so the timed runs compare
    # each side at its own top rate; paced runs (asked for) compare them at one rate, each
    # connection waiting the same delay after every answer.
    for _ in range(args.paced_rounds):
        round_of(paced, args.paced_delay)
    if any(
        run["non_2xx"] or run["socket_errors"] or run["timeouts"]
        for kind in (runs, paced)
        for side in kind.values()
        for run in side
    ):
        raise ServerError(f"errors under load (see the runs): {json.dumps([runs, paced])}")

    after = machine()  # the runs over, every server idle again
    figures = report(args, runs) | paced_report(args, paced) | figures
    figures["skill_pool_size"] = size
    figures["skill_pool_most_used"] = round(max(pool_used), 2)
    figures["startup_to_first_answer_s"] = round(statistics.median(startups), 2)
    figures["startups_s"] = [round(x, 2) for x in startups]
    figures["bare_startup_to_first_answer_s"] = round(bare_startup, 2)
    figures["machine_before"], figures["machine_after"] = before, after
    # Judged on the figures before rounding: a ratio of 1.504 is not within 1.5.
    exact = ratios(runs) | {"startup_to_first_answer_s": statistics.median(startups)}
    # Judged unrounded too; infinite only for a run that measured no CPU.
    moved = spread([run["cpu_ms_per_request"] for run in runs["bare"]])
    figures["bare_cpu_spread"] = round(moved, 4) if math.isfinite(moved) else None
    figures["targets"] = verdicts(figures | exact, before, after, moved)
    figures["runs"] = runs
    if args.paced_rounds:
        figures["paced_runs"] = paced
    return figures


def paced_report(
    args: argparse.Namespace, paced: dict[str, list[dict[str, float]]]
) -> dict[str, Any]:
    """CPU per request with all three driven at one rate (medians of the paced runs). The skill
    answers a little slower, so at one delay its rate is a little lower: if anything, its CPU
    per request is overstated."""
    if not args.paced_rounds:
        return {}
    ratio = ratios(paced)
    return {
        "paced_delay_ms": args.paced_delay,
        "paced_rps": {side: round(median_of(paced, side, "rps")) for side in paced},
        "paced_cpu_ms_per_request": {
            side: round(median_of(paced, side, "cpu_ms_per_request"), 3) for side in paced
        },
        "paced_cpu_per_request_ratio": round(ratio["cpu_per_request_ratio"], 2),
        "paced_cpu_vs_peer": round(ratio["cpu_vs_peer"], 2),
    }


def median_of(runs: dict[str, list[dict[str, float]]], side: str, key: str) -> float:
    """The median of one figure over one side's runs."""
    return statistics.median(run[key] for run in runs[side])


def ratios(runs: dict[str, list[dict[str, float]]]) -> dict[str, float]:
    """The skill's medians against the bare endpoint's and the peer's, unrounded."""

    def median(side: str, key: str) -> float:
        return median_of(runs, side, key)

    return {
        "throughput_ratio": median("skill", "rps") / median("bare", "rps"),
        "p99_ratio": median("skill", "p99_ms") / median("bare", "p99_ms"),
        "cpu_per_request_ratio": median("skill", "cpu_ms_per_request")
        / median("bare", "cpu_ms_per_request"),
        "throughput_vs_peer": median("skill", "rps") / median("peer", "rps"),
        "cpu_vs_peer": median("skill", "cpu_ms_per_request") / median("peer", "cpu_ms_per_request"),
    }


def report(args: argparse.Namespace, runs: dict[str, list[dict[str, float]]]) -> dict[str, Any]:
    """Medians and ratios of the runs."""

    def median(side: str, key: str) -> float:
        return median_of(runs, side, key)

    ratio = {name: round(value, 3) for name, value in ratios(runs).items()}

    def low_mid_high(side: str, key: str, digits: int) -> list[float]:
        values = [run[key] for run in runs[side]]
        return [min(values), round(statistics.median(values), digits), max(values)]

    return {
        "runs_each": args.rounds,
        "seconds_per_run": args.seconds,
        "connections": args.connections,
        "skill_rps_median": round(median("skill", "rps")),
        "bare_rps_median": round(median("bare", "rps")),
        "throughput_ratio": ratio["throughput_ratio"],
        "skill_p50_ms": round(median("skill", "p50_ms"), 2),
        "bare_p50_ms": round(median("bare", "p50_ms"), 2),
        "skill_p99_ms": round(median("skill", "p99_ms"), 2),
        "bare_p99_ms": round(median("bare", "p99_ms"), 2),
        "p99_ratio": ratio["p99_ratio"],
        # Every command Redis ran per request, those its scripts ran included (INFO
        # commandstats); the round trips alone are redis_round_trips_per_request (MONITOR).
        "skill_redis_commands_per_request": {
            name: round(median("skill", f"redis_{name}_per_request"), 2)
            for name in ("evalsha", "set", "get", "getex")
        },
        "skill_cpu_ms_per_request": round(median("skill", "cpu_ms_per_request"), 3),
        "bare_cpu_ms_per_request": round(median("bare", "cpu_ms_per_request"), 3),
        "cpu_per_request_ratio": ratio["cpu_per_request_ratio"],
        "peer_rps_median": round(median("peer", "rps")),
        "peer_p99_ms": round(median("peer", "p99_ms"), 2),
        "peer_cpu_ms_per_request": round(median("peer", "cpu_ms_per_request"), 3),
        "throughput_vs_peer": ratio["throughput_vs_peer"],
        "cpu_vs_peer": ratio["cpu_vs_peer"],
        "best_throughput_ratio": round(
            max(r["rps"] for r in runs["skill"]) / max(r["rps"] for r in runs["bare"]), 2
        ),
        "best_p99_ratio": round(
            min(r["p99_ms"] for r in runs["skill"]) / min(r["p99_ms"] for r in runs["bare"]), 2
        ),
        # The busiest worker's share of the work in each side's runs (lowest, median, highest):
        # near 0.5 the two workers shared it; a run near 1.0 was served on one core.
        "busiest_worker_share": {
            side: low_mid_high(side, "busiest_worker_share", 2) for side in runs
        },
        # The hypervisor's share of the machine's CPU during each side's runs (the same three):
        # a run's CPU per request rises with it.
        "steal_during_runs": {side: low_mid_high(side, "steal", 3) for side in runs},
    }


if __name__ == "__main__":
    sys.exit(main())
