"""wrk for bench/load.py: request scripts, one bounded run, and its figures.

The skill refuses a replayed request (its id is remembered for 300 s), so it cannot be driven by
wrk's usual single body sent over and over. `pool_script` writes a POOL of distinct signed
requests to a data file, one a line, and a small Lua script that reads it: each wrk thread takes
every other line, once. Lua compiles a few lines, not megabytes of literals, in each of wrk's Lua
states. A run that sends more requests than the pool holds is refused (PoolExhaustedError),
never measured.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
THREADS = 2
SIGNATURE_HEADER = "Signature-256"

# Each wrk thread reads the pool file and keeps every THREADS-th request, from its own offset.
# Past its share it wraps around: those are replays, which the skill refuses (and which
# `run` reports as an exhausted pool, not as figures).
_POOL_LUA = """\
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local made = {}
size, sent = 0, 0  -- globals: done() reads them from each thread
function init(args)
  local n = 0
  for line in io.lines(args[1]) do
    if n %% %(threads)d == id then
      local tab = line:find("\\t", 1, true)
      local headers = %(headers)s  -- a new table each time: wrk.format adds to it
      headers["%(signature)s"] = line:sub(1, tab - 1)
      made[#made + 1] = wrk.format("POST", nil, headers, line:sub(tab + 1))
    end
    n = n + 1
  end
  size = #made
  if size == 0 then error("empty request pool: " .. args[1]) end
end

function request()
  sent = sent + 1
  return made[(sent - 1) %% size + 1]
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("pool thread %%d: sent %%d of %%d\\n",
      thread:get("id"), thread:get("sent"), thread:get("size")))
  end
end
"""


class PoolExhaustedError(Exception):
    """A run sent more requests than its pool of distinct signed requests held."""


class WrkError(Exception):
    """wrk failed, overran its time, or printed something unreadable."""


def _lua_table(values: dict[str, str]) -> str:
    return "{" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in values.items()) + "}"


def body_script(folder: Path, name: str, body: bytes, headers: dict[str, str]) -> Path:
    """A wrk Lua script POSTing the same body with headers (for the bare endpoint)."""
    lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(body.decode())}"]
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    path = folder / f"{name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


def paced(script: Path, delay_ms: int) -> Path:
    """A copy of a script whose connections each wait delay_ms after every answer before they
    send again: a request rate set by the delay (about connections / (delay + latency)) rather
    than by how fast the server answers."""
    path = script.with_name(f"{script.stem}-paced-{delay_ms}ms.lua")
    path.write_text(f"{script.read_text()}\nfunction delay()\n  return {delay_ms}\nend\n")
    return path


def pool_script(
    folder: Path, name: str, signed: list[tuple[bytes, dict[str, str]]]
) -> tuple[Path, Path]:
    """A Lua script and its pool file sending each signed request at most once per run.

    Every request shares its headers but the signature, which goes first on its line."""
    if not signed:
        raise ValueError("an empty pool")
    common = {k: v for k, v in signed[0][1].items() if k != SIGNATURE_HEADER}
    pool = folder / f"{name}.pool"
    with pool.open("w") as out:
        for body, headers in signed:
            if {k: v for k, v in headers.items() if k != SIGNATURE_HEADER} != common:
                raise ValueError("pooled requests must share every header but the signature")
            text = body.decode()
            if "\n" in text or "\t" in headers[SIGNATURE_HEADER]:
                raise ValueError("a pooled body must be one line")
            out.write(f"{headers[SIGNATURE_HEADER]}\t{text}\n")
    script = folder / f"{name}.lua"
    script.write_text(
        _POOL_LUA
        % {"headers": _lua_table(common), "threads": THREADS, "signature": SIGNATURE_HEADER}
    )
    return script, pool


def run(
    wrk: str,
    url: str,
    script: Path,
    seconds: int,
    connections: int,
    *,
    pool: tuple[Path, int] | None = None,
) -> dict[str, float]:
    """One wrk run: requests, requests/s, p50 and p99 in ms, non-2xx answers, socket errors.

    pool is the pool file and how many requests it holds, when script is a pool_script: a run
    that would have wrapped around it raises PoolExhaustedError. wrk is killed (WrkError) if it
    outlives its run by 30 s; its output is read whole, so no pipe can fill."""
    command = [wrk, f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "5s", "-s", str(script), url]
    if pool is not None:
        command += ["--", str(pool[0])]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 30, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise WrkError(f"wrk ran {seconds + 30} s for a {seconds} s run: killed") from exc
    if done.returncode != 0:
        raise WrkError(f"wrk exited {done.returncode}: {done.stderr.strip()[-500:]}")
    out = done.stdout
    figures = parse(out)
    if pool is not None:
        shares = [
            (int(s), int(n))
            for s, n in re.findall(r"^pool thread \d+: sent (\d+) of (\d+)$", out, re.M)
        ]
        if len(shares) != THREADS:
            raise WrkError(f"the pool script did not report its threads:\n{out[-1000:]}")
        if any(sent > size for sent, size in shares):
            raise PoolExhaustedError(
                f"a wrk thread sent more requests than its share of the pool of {pool[1]} "
                f"distinct signed requests ({shares}: sent, share): the rest were replays, "
                "which the skill refuses. Raise --pool or lower --seconds."
            )
        figures["pool_used"] = max(sent / size for sent, size in shares)
    return figures


def parse(out: str) -> dict[str, float]:
    """The figures of wrk's --latency report."""

    def find(pattern: str) -> re.Match[str]:
        found = re.search(pattern, out, re.M)
        if found is None:
            raise WrkError(f"no {pattern!r} in wrk's output:\n{out[-1000:]}")
        return found

    def pct(p: str) -> float:
        value, unit = find(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)$").groups()
        return float(value) * UNITS[unit]

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": float(find(r"(\d+) requests in").group(1)),
        "rps": float(find(r"Requests/sec:\s+([\d.]+)").group(1)),
        "p50_ms": pct("50"),
        "p99_ms": pct("99"),
        "non_2xx": float(bad.group(1)) if bad else 0.0,
        "socket_errors": float(sum(map(int, errors.groups()[:3]))) if errors else 0.0,
        "timeouts": float(errors.group(4)) if errors else 0.0,
    }
