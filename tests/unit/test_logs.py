"""The JSON log lines as configure_logging sets them up."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from skill.logs import configure_logging


@pytest.fixture
def written() -> Iterator[io.StringIO]:
    """configure_logging for one test, writing to a buffer instead of stderr, with pytest's own
    handlers and settings put back after."""
    root = logging.getLogger()
    handlers, level, srcfile = root.handlers[:], root.level, logging._srcfile
    try:
        configure_logging("INFO")
        (handler,) = root.handlers
        assert isinstance(handler, logging.StreamHandler)
        buffer = io.StringIO()
        handler.setStream(buffer)
        yield buffer
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        logging._srcfile = srcfile


def test_a_record_is_one_json_line_made_without_looking_up_its_caller(
    written: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("skill.requests").info("alexa request", extra={"latency_ms": 1.5})
    (line,) = written.getvalue().splitlines()
    entry = json.loads(line)
    assert (entry["logger"], entry["message"], entry["latency_ms"]) == (
        "skill.requests",
        "alexa request",
        1.5,
    )
    # No line prints the caller, so it is not looked up (a stack walk on every record).
    (record,) = caplog.records
    assert (record.funcName, record.lineno) == ("(unknown function)", 0)
