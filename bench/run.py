"""Request latency and memory of the skill, measured in-process on a real (embedded) Redis.

Run with `make bench`. Prints figures; the targets are in bench/README.md. Nothing here is a test.
"""

from __future__ import annotations

import json
import logging
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skill.catalog import load_catalog  # noqa: E402
from skill.config import Settings  # noqa: E402
from skill.domain.replies import Lead  # noqa: E402
from skill.voice.narration import narrate_step  # noqa: E402
from skill.voice.ssml import render  # noqa: E402
from skill.web import create_app  # noqa: E402
from tests.support.alexa import AlexaSession  # noqa: E402

TURNS = 300


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    """Measure and print."""
    logging.disable(logging.WARNING)  # the skill warns on every unverified request; figures only
    data = Path(tempfile.mkdtemp())
    settings = Settings.from_env({"ALEXA_VERIFY_REQUESTS": "false", "DATA_DIR": str(data)})
    catalog = load_catalog(settings.content_dir)

    started = time.perf_counter()
    steps = [s for r in catalog.routines for s in r.steps]
    for step in steps:
        render(narrate_step(step, Lead.NEXT))
    narration_ms = (time.perf_counter() - started) * 1000 / len(steps)

    tracemalloc.start()
    app = create_app(settings)
    client = app.test_client()

    def post(body: bytes) -> tuple[int, object]:
        response = client.post("/alexa", data=body, content_type="application/json")
        return response.status_code, response.get_json()

    latencies: list[float] = []
    person = AlexaSession(post, user_id=f"amzn1.ask.account.{uuid.uuid4().hex}")
    person.start()
    intents = ["AMAZON.NextIntent", "AMAZON.RepeatIntent", "HoldDurationIntent", "WhereAmIIntent"]
    for turn in range(TURNS):
        t0 = time.perf_counter()
        reply = person.say(intents[turn % len(intents)])
        latencies.append((time.perf_counter() - t0) * 1000)
        if reply.ends_session:
            person.start()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    figures = {
        "turns": TURNS,
        "latency_ms_p50": round(statistics.median(latencies), 2),
        "latency_ms_p95": round(percentile(latencies, 95), 2),
        "latency_ms_max": round(max(latencies), 2),
        "narration_ms_per_step": round(narration_ms, 3),
        "steps_in_catalog": len(steps),
        "python_peak_mib_app_and_turns": round(peak / 2**20, 1),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
