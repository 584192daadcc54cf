"""The JSON log lines as configure_logging sets them up."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from skill.logs import configure_logging


class Kept(logging.Handler):
    """Keeps every record it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def configured() -> Iterator[tuple[io.StringIO, Kept]]:
    """configure_logging for one test, writing to a buffer instead of stderr, with pytest's own
    handlers and settings put back after."""
    root = logging.getLogger()
    handlers, level, srcfile = root.handlers[:], root.level, logging._srcfile
    try:
        configure_logging("INFO")
        (handler,) = root.handlers
        assert isinstance(handler, logging.StreamHandler)
        written, kept = io.StringIO(), Kept()
        handler.setStream(written)
        root.addHandler(kept)
        yield written, kept
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        logging._srcfile = srcfile


def test_a_record_is_one_json_line_made_without_looking_up_its_caller(
    configured: tuple[io.StringIO, Kept],
) -> None:
    written, kept = configured
    logging.getLogger("skill.requests").info("alexa request", extra={"latency_ms": 1.5})
    (line,) = written.getvalue().splitlines()
    entry = json.loads(line)
    assert (entry["logger"], entry["message"], entry["latency_ms"]) == (
        "skill.requests",
        "alexa request",
        1.5,
    )
    # No line prints the caller, so it is not looked up (a stack walk on every record).
    (record,) = kept.records
    assert (record.funcName, record.lineno) == ("(unknown function)", 0)
