"""Load benchmark: the skill against a bare Flask + Redis endpoint, under the same gunicorn.

Both run with skill/gunicorn_conf.py (2 workers x 4 threads) on loopback against one Debian
redis-server. The skill verifies every request (signed by a throwaway CA it trusts) and answers
a mid-routine "repeat"; the bare endpoint does one Redis GET and one SET. wrk drives them in
alternating runs. Prints the throughput ratio, the p99 ratio, start-up time to the first answer
and Redis memory per person. Run with `make bench-load`; needs redis-server and wrk
(sudo apt-get install redis-server wrk). Nothing here is a test; figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from tests.sockets.serving.signing import TEMPLATE_SKILL_ID, make_pki  # noqa: E402
from tests.support.alexa import carried_step, envelope  # noqa: E402
from tests.support.servers import free_port, stop  # noqa: E402
from tests.support.settings import SECRET  # noqa: E402

GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "python:skill.gunicorn_conf"]
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def tool(name: str, package: str) -> str:
    """The path of a command, or exit saying how to install it."""
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} is not installed: sudo apt-get install {package}")
    return found


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    """POST and parse the JSON answer."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return response.status, json.loads(response.read())


def start(
    app: str, env: dict[str, str], log: Path, probe: Any
) -> tuple[subprocess.Popen[bytes], float]:
    """Start gunicorn serving app; the process and seconds until probe() first succeeds."""
    began = time.perf_counter()
    process = subprocess.Popen([*GUNICORN, app], env=env, stderr=log.open("wb"), cwd=ROOT)
    deadline = began + 30
    while True:
        try:
            if probe():
                return process, time.perf_counter() - began
        except OSError:
            pass
        if process.poll() is not None or time.perf_counter() > deadline:
            sys.exit(f"{app} did not start: {log.read_text()[-2000:]}")
        time.sleep(0.005)


def wrk_script(folder: Path, name: str, body: bytes, headers: dict[str, str]) -> Path:
    """A wrk Lua script POSTing body with headers."""
    lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(body.decode())}"]
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    path = folder / f"{name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


def wrk_pool_script(folder: Path, name: str, signed: list[tuple[bytes, dict[str, str]]]) -> Path:
    """A wrk Lua script POSTing each signed request once: replays are refused, so every request
    is its own (a fresh request id, signed). wrk's threads take alternate ones; the pool is
    sized to outlast a run, and a run that wraps around shows up as non-2xx answers."""
    requests = [
        "wrk.format('POST', nil, {"
        + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
        + f"}}, {json.dumps(body.decode())})"
        for body, headers in signed
    ]
    lua = [
        "local threads = 0",
        "function setup(thread) thread:set('id', threads); threads = threads + 1 end",
        "local made = {}",
        "function init(args)",
        "  local all = {",
        *(f"    function() return {r} end," for r in requests),
        "  }",
        "  for j = id + 1, #all, 2 do made[#made + 1] = all[j]() end",
        "end",
        "local i = 0",
        "function request() i = i % #made + 1; return made[i] end",
    ]
    path = folder / f"{name}.lua"
    path.write_text("\n".join(lua) + "\n")
    return path


def cpu_seconds(master: int) -> float:
    """CPU time used so far by a gunicorn master and its workers (from /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def run_wrk(
    wrk: str, url: str, script: Path, seconds: int, connections: int, server: int
) -> dict[str, float]:
    """One wrk run: requests per second, p50 and p99 in ms, server CPU ms per request, errors."""
    cpu_before = cpu_seconds(server)
    out = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def pct(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)$", out, re.M).groups()  # type: ignore[union-attr]
        return float(value) * UNITS[unit]

    cpu = cpu_seconds(server) - cpu_before
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: .*", out)
    return {
        "rps": rps,
        "p50_ms": pct("50"),
        "p99_ms": pct("99"),
        "cpu_ms_per_request": 1000 * cpu / requests,
        "non_2xx": float(bad.group(1)) if bad else 0.0,
        "socket_errors": 1.0 if errors else 0.0,
    }


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    parser.add_argument(
        "--pool",
        type=int,
        default=6000,
        help="distinct signed requests per skill run (more than a run sends: replays are refused)",
    )
    parser.add_argument("--rounds", type=int, default=6, help="alternating runs of each side")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--people", type=int, default=2000, help="for Redis memory per person")
    parser.add_argument("--starts", type=int, default=3, help="server starts timed (median)")
    args = parser.parse_args()
    wrk = tool("wrk", "wrk")
    redis_server = tool("redis-server", "redis-server")
    folder = Path(tempfile.mkdtemp(prefix="bsc-bench-"))
    redis_port, skill_port, bare_port = free_port(), free_port(), free_port()
    redis_proc = subprocess.Popen(
        [
            redis_server,
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    processes = [redis_proc]
    try:
        store = redis.Redis(port=redis_port)
        for _ in range(100):
            try:
                store.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
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
        skill_url = f"http://127.0.0.1:{skill_port}/alexa"
        start_body, start_headers = pki.signed(
            envelope(
                "start_routine_request",
                routine=("lower back", "lower-back"),
                user_id="amzn1.ask.account.bench",
            )
        )
        first: list[Any] = []

        def skill_answers() -> bool:
            status, reply = post(skill_url, start_body, start_headers)
            first.append(reply)
            return status == 200 and "sessionAttributes" in reply

        skill_env = common | {
            "PORT": str(skill_port),
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "ALEXA_VERIFY_REQUESTS": "true",
            "ALEXA_SKILL_ID": TEMPLATE_SKILL_ID,
            "TEST_ROOT_PEM": str(folder / "root.pem"),
            "TEST_CHAIN_PEM": str(folder / "chain.pem"),
            "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics-skill"),
        }
        (folder / "metrics-skill").mkdir()
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
                stop(skill)
        startup = statistics.median(startups)
        processes.append(skill)
        attributes = first[-1]["sessionAttributes"]

        def repeat_script() -> Path:
            def repeat() -> tuple[bytes, dict[str, str]]:
                return pki.signed(
                    envelope(
                        "intent_request",
                        intent="AMAZON.RepeatIntent",
                        new=False,
                        attributes=attributes,
                        user_id="amzn1.ask.account.bench",
                    )
                )

            body, headers = repeat()
            status, reply = post(skill_url, body, headers)
            assert status == 200
            assert carried_step(reply["sessionAttributes"]) >= 0
            pool = [repeat() for _ in range(args.pool)]  # a fresh request id each: no replays
            return wrk_pool_script(folder, "skill", pool)

        bare_url = f"http://127.0.0.1:{bare_port}/alexa"
        bare_body = start_body
        bare_env = common | {
            "PORT": str(bare_port),
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/1",
            "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics-bare"),
        }
        (folder / "metrics-bare").mkdir()
        bare, bare_startup = start(
            "bench.bare:application()",
            bare_env,
            folder / "bare.log",
            lambda: post(bare_url, bare_body, {"Content-Type": "application/json"})[0] == 200,
        )
        processes.append(bare)
        bare_script = wrk_script(folder, "bare", bare_body, {"Content-Type": "application/json"})

        runs: dict[str, list[dict[str, float]]] = {"skill": [], "bare": []}
        run_wrk(wrk, bare_url, bare_script, 1, args.connections, bare.pid)  # warm up both
        run_wrk(wrk, skill_url, repeat_script(), 1, args.connections, skill.pid)
        for _ in range(args.rounds):
            runs["bare"].append(
                run_wrk(wrk, bare_url, bare_script, args.seconds, args.connections, bare.pid)
            )
            # Signed afresh before each run: Alexa's timestamps are good for 150 s.
            runs["skill"].append(
                run_wrk(wrk, skill_url, repeat_script(), args.seconds, args.connections, skill.pid)
            )

        before = store.info("memory")["used_memory"]
        keys_before = store.dbsize()

        def one_person(_: int) -> None:
            body, headers = pki.signed(
                envelope(
                    "start_routine_request",
                    routine=("lower back", "lower-back"),
                    user_id=f"amzn1.ask.account.{uuid.uuid4().hex}",
                )
            )
            assert post(skill_url, body, headers)[0] == 200

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(one_person, range(args.people)))
        people = store.dbsize() - keys_before
        per_person = (store.info("memory")["used_memory"] - before) / people
        sample_key = next(k for k in store.scan_iter(match="bsc:v1:person:*", count=100))
    finally:
        for process in reversed(processes):
            stop(process)  # type: ignore[arg-type]
        shutil.rmtree(folder, ignore_errors=True)

    def median(side: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[side])

    figures = {
        "runs_each": args.rounds,
        "seconds_per_run": args.seconds,
        "connections": args.connections,
        "skill_rps_median": round(median("skill", "rps")),
        "bare_rps_median": round(median("bare", "rps")),
        "throughput_ratio": round(median("skill", "rps") / median("bare", "rps"), 2),
        "skill_p50_ms": round(median("skill", "p50_ms"), 2),
        "bare_p50_ms": round(median("bare", "p50_ms"), 2),
        "skill_p99_ms": round(median("skill", "p99_ms"), 2),
        "bare_p99_ms": round(median("bare", "p99_ms"), 2),
        "p99_ratio": round(median("skill", "p99_ms") / median("bare", "p99_ms"), 2),
        "skill_cpu_ms_per_request": round(median("skill", "cpu_ms_per_request"), 3),
        "bare_cpu_ms_per_request": round(median("bare", "cpu_ms_per_request"), 3),
        "cpu_per_request_ratio": round(
            median("skill", "cpu_ms_per_request") / median("bare", "cpu_ms_per_request"), 2
        ),
        "best_throughput_ratio": round(
            max(r["rps"] for r in runs["skill"]) / max(r["rps"] for r in runs["bare"]), 2
        ),
        "best_p99_ratio": round(
            min(r["p99_ms"] for r in runs["skill"]) / min(r["p99_ms"] for r in runs["bare"]), 2
        ),
        "skill_non_2xx": sum(run["non_2xx"] for run in runs["skill"]),
        "load_average_after": os.getloadavg()[0],
        "startup_to_first_answer_s": round(startup, 2),
        "startups_s": [round(x, 2) for x in startups],
        "bare_startup_to_first_answer_s": round(bare_startup, 2),
        "redis_bytes_per_person": round(per_person),
        "people_measured": people,
        "sample_key_length": len(sample_key),
        "runs": runs,
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
