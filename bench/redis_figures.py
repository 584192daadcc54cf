"""What bench/load.py reads from Redis: commands run, and memory per person."""

from __future__ import annotations

import statistics
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import redis

from bench.servers import ServerError


def redis_calls(store: redis.Redis) -> dict[str, int]:
    """Commands Redis has run so far, by name (every client's, and those scripts run)."""
    stats = store.info("commandstats")
    return {name.removeprefix("cmdstat_"): int(value["calls"]) for name, value in stats.items()}


def memory(store: redis.Redis, people: int, start_one: Callable[[str], Any]) -> dict[str, float]:
    """Redis memory for people starting a routine, run on an almost empty Redis (before the load
    runs, whose thousands of keys make used_memory move as Redis resizes its tables): bytes per
    person from used_memory, their replay keys included, and Redis's own MEMORY USAGE of a
    person's document and of a request's replay key (kept 300 s)."""
    before = store.info("memory")["used_memory"]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: start_one(f"amzn1.ask.account.{uuid.uuid4().hex}"), range(people)))
    after = store.info("memory")["used_memory"]
    documents = list(store.scan_iter(match="bsc:v1:person:*", count=1000))
    seen = list(store.scan_iter(match="{bsc:v1:person:*}:seen:*", count=1000))
    if len(documents) < people:
        raise ServerError(f"{people} people started a routine but {len(documents)} documents")

    def usage(keys: list[bytes]) -> float:
        return statistics.mean(store.memory_usage(key) or 0 for key in keys[:500])

    return {
        "redis_bytes_per_person_used_memory": round((after - before) / people),
        "redis_document_bytes": round(usage(documents)),
        "redis_replay_key_bytes": round(usage(seen)),
        "people_measured": people,
        "sample_key_length": len(documents[0]),
    }


def round_trips(store: redis.Redis, send: Callable[[], Any], requests: int) -> dict[str, Any]:
    """Redis commands per request, told apart with MONITOR: those the server's clients sent (round
    trips) and those the scripts ran inside Redis. Sampled on `requests` requests sent one at a
    time, outside the timed runs (MONITOR slows Redis down)."""
    sent: dict[str, int] = {}
    inside: dict[str, int] = {}
    mark = f"bench-{uuid.uuid4().hex}"
    with store.monitor() as monitor:  # type: ignore[no-untyped-call]
        failed: list[BaseException] = []

        def drive() -> None:
            try:
                for _ in range(requests):
                    send()
            except BaseException as exc:  # re-raised below, once the monitor has stopped
                failed.append(exc)
            finally:
                store.echo(mark)  # read up to here: every request's commands came before it

        driver = threading.Thread(target=drive)
        driver.start()
        while True:
            command = monitor.next_command()
            words = str(command["command"]).split()
            name = words[0].lower() if words else ""
            if name == "echo" and mark in words[-1]:
                break
            table = inside if command["client_type"] == "lua" else sent
            table[name] = table.get(name, 0) + 1
        driver.join()
    if failed:
        raise failed[0]
    per = {name: round(count / requests, 2) for name, count in sent.items()}
    return {
        "redis_round_trips_per_request": per,
        "redis_commands_inside_scripts_per_request": {
            name: round(count / requests, 2) for name, count in inside.items()
        },
    }
