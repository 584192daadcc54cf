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
    threads, processes = logging.logThreads, logging.logMultiprocessing
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
        logging.logThreads, logging.logMultiprocessing = threads, processes


def test_a_record_is_one_json_line_made_without_looking_up_what_no_line_prints(
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
    # No line prints the caller, so it is not looked up (a stack walk on every record); nor the
    # thread's or the process's name. The process id stays: gunicorn's own lines print it.
    (record,) = caplog.records
    assert (record.funcName, record.lineno) == ("(unknown function)", 0)
    assert (record.threadName, record.processName) == (None, None)
    assert record.process is not None


@pytest.mark.parametrize(
    ("value", "read_back"),
    [
        ("caf\u00e9", "caf\u00e9"),
        ("\ud800 lone", "\ud800 lone"),  # a lone surrogate from a request: escaped, not fatal
        (2**70, 2**70),
        (float("nan"), None),  # not a number: null, so the line stays JSON
        (float("inf"), None),
    ],
)
def test_every_value_leaves_a_line_that_is_json(
    written: io.StringIO, value: object, read_back: object
) -> None:
    logging.getLogger("skill.requests").warning("request refused", extra={"reason": value})
    (line,) = written.getvalue().splitlines()
    line.encode("utf-8")  # text a UTF-8 stream can carry
    assert json.loads(line, parse_constant=lambda name: pytest.fail(name))["reason"] == read_back


def test_a_line_json_has_to_write_keeps_a_non_number_as_null(written: io.StringIO) -> None:
    extra = {"reason": "\ud800", "latency_ms": float("nan")}
    logging.getLogger("skill.requests").warning("request refused", extra=extra)
    (line,) = written.getvalue().splitlines()
    entry = json.loads(line, parse_constant=lambda name: pytest.fail(name))
    assert (entry["reason"], entry["latency_ms"]) == ("\ud800", None)
