"""How big a person's document is after a year of daily use: its JSON as stored, and the memory
Redis gives it (MEMORY USAGE), on the embedded Redis. Run with `make bench`; figures go in
bench/README.md. Nothing here is a test (tests/unit/test_codec.py bounds it)."""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skill.domain.delivery import Holds, Pace  # noqa: E402
from skill.domain.history import History  # noqa: E402
from skill.domain.state import Place, Profile, Status  # noqa: E402
from skill.store.codec import profile_to_doc  # noqa: E402
from skill.store.redis_server import EmbeddedRedis, connect  # noqa: E402
from skill.strict_json import dumps  # noqa: E402

ROUTINES = ("lower-back", "gentle-back-core", "spine-mobility", "upper-back", "back-core")


def a_year_of_daily_use() -> Profile:
    """Every day for a year, a routine finished (in turn), six places kept, every preference set."""
    history, first = History(), date(2026, 1, 1).toordinal()
    for n in range(365):
        history = history.finished_one(first + n, ROUTINES[n % len(ROUTINES)])
    places = tuple(
        Place(r, 9, Status.PAUSED, 1_800_000_000.0 + i, anchor=("a-move-id", "left", 3))
        for i, r in enumerate((*ROUTINES, "neck-shoulders"))
    )
    return Profile(places, True, history, "America/Los_Angeles", 1.8e9, Pace.SLOWER, Holds.LONGER)


def main() -> int:
    body = dumps(profile_to_doc(a_year_of_daily_use(), revision=10_000))
    with tempfile.TemporaryDirectory() as folder:
        server = EmbeddedRedis(Path(folder))
        try:
            client = connect(server.url)
            client.set("bsc:v1:person:" + "0" * 64, body)
            memory = client.memory_usage("bsc:v1:person:" + "0" * 64)
        finally:
            server.close()
    print(f"document after a year of daily use: {len(body)} bytes of JSON (target < 2048)")
    print(f"Redis MEMORY USAGE of its key: {memory} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
