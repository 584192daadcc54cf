"""The JSON log lines as configure_logging sets them up."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest

from skill.logs import JsonLinesHandler, configure_logging, info_line

FIELDS = {"request_id": "amzn1.echo-api.request.1", "user": "0123abcd", "latency_ms": 2.5}


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


@contextmanager
def only_configure_loggings_handler() -> Iterator[None]:
    """The root logger as configure_logging leaves it in production: pytest's own capturing
    handlers (added for each test's run) taken off for a while."""
    root = logging.getLogger()
    others = root.handlers[:]
    root.handlers[:] = [h for h in others if isinstance(h, JsonLinesHandler)]
    try:
        yield
    finally:
        root.handlers[:] = others


@pytest.fixture
def records_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages of the log records made from here on."""
    made: list[str] = []
    make = logging.Logger.makeRecord

    def counted(self: logging.Logger, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(self, *args, **kwargs)
        made.append(record.getMessage())
        return record

    monkeypatch.setattr(logging.Logger, "makeRecord", counted)
    return made


def test_the_request_line_is_written_without_a_record_and_reads_as_loggings_own(
    written: io.StringIO, records_made: list[str]
) -> None:
    log = logging.getLogger("skill.requests")
    with only_configure_loggings_handler():
        info_line(log, "alexa request", FIELDS)
        assert records_made == []  # nothing but the line was made
        log.info("alexa request", extra=FIELDS)
    direct, through_logging = (json.loads(line) for line in written.getvalue().splitlines())
    assert abs(_seconds(direct["time"]) - _seconds(through_logging["time"])) < 5
    del direct["time"], through_logging["time"]
    assert (
        direct
        == through_logging
        == {
            "level": "info",
            "logger": "skill.requests",
            "message": "alexa request",
            **FIELDS,
        }
    )


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp).timestamp()


def test_the_request_line_reaches_every_other_handler_as_a_record(
    written: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    info_line(logging.getLogger("skill.requests"), "alexa request", FIELDS)
    (record,) = caplog.records  # pytest's handler is listening: logging made the record
    assert (record.getMessage(), record.__dict__["user"]) == ("alexa request", "0123abcd")
    assert json.loads(written.getvalue())["latency_ms"] == 2.5


def test_the_request_line_keeps_the_level_and_the_filters(
    written: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = logging.getLogger("skill.requests")
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h, JsonLinesHandler)]
    with only_configure_loggings_handler():
        monkeypatch.setattr(log, "level", logging.WARNING)
        log.manager._clear_cache()  # type: ignore[attr-defined]
        info_line(log, "alexa request", FIELDS)
        monkeypatch.setattr(log, "level", logging.NOTSET)
        log.manager._clear_cache()  # type: ignore[attr-defined]
        handler.addFilter(lambda record: "user" not in record.__dict__)
        try:
            info_line(log, "alexa request", FIELDS)
        finally:
            handler.filters.clear()
        info_line(log, "alexa request", {"reason": "kept"})
    (line,) = written.getvalue().splitlines()
    assert json.loads(line)["reason"] == "kept"


def test_a_request_field_a_record_already_has_is_refused_as_logging_refuses_it(
    written: io.StringIO,
) -> None:
    with only_configure_loggings_handler(), pytest.raises(KeyError):
        info_line(logging.getLogger("skill.requests"), "alexa request", {"message": "x"})


def test_a_stream_that_fails_never_fails_the_request(
    written: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    class FullDisk(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError("disk full")

    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h, JsonLinesHandler)]
    handler.setStream(FullDisk())
    with only_configure_loggings_handler():
        info_line(logging.getLogger("skill.requests"), "alexa request", FIELDS)
    assert "disk full" in capsys.readouterr().err  # said as logging says a failed write


def _handler() -> JsonLinesHandler:
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h, JsonLinesHandler)]
    return handler


class _Subclassed(JsonLinesHandler):
    """configure_logging's handler, as a subclass might change it."""


def _record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    return logging.LogRecord(*args, **kwargs)


class _OwnLogger(logging.Logger):
    """A logger class of the application's own (logging.setLoggerClass)."""


# Each way logging can be set up differently from configure_logging's, where a line written
# straight to the handler could differ from logging's: each must send the line through logging.
SETUPS = {
    "the logger does not propagate": lambda mp: mp.setattr(
        logging.getLogger("skill.requests"), "propagate", False
    ),
    "the logger has a filter": lambda mp: mp.setattr(
        logging.getLogger("skill.requests"), "filters", [lambda record: True]
    ),
    "a logger between has a handler": lambda mp: mp.setattr(
        logging.getLogger("skill"), "handlers", [logging.NullHandler()]
    ),
    "the root has a filter": lambda mp: mp.setattr(
        logging.getLogger(), "filters", [lambda record: True]
    ),
    "the handler's level is above INFO": lambda mp: mp.setattr(_handler(), "level", logging.ERROR),
    "the handler is another class": lambda mp: mp.setattr(_handler(), "__class__", _Subclassed),
    "the handler has another formatter": lambda mp: mp.setattr(
        _handler(), "formatter", logging.Formatter()
    ),
    "records come from a factory": lambda mp: mp.setattr(
        logging, "getLogRecordFactory", lambda: _record_factory
    ),
    "INFO is named otherwise": lambda mp: mp.setattr(
        logging, "getLevelName", lambda level: "NOTICE" if level == logging.INFO else "X"
    ),
}


@pytest.mark.parametrize("setup", SETUPS)
def test_the_request_line_goes_through_logging_whenever_logging_is_set_up_otherwise(
    written: io.StringIO, records_made: list[str], monkeypatch: pytest.MonkeyPatch, setup: str
) -> None:
    with only_configure_loggings_handler():
        SETUPS[setup](monkeypatch)
        info_line(logging.getLogger("skill.requests"), "alexa request", FIELDS)
        monkeypatch.undo()
    assert records_made == ["alexa request"]


def test_a_logger_of_another_class_sends_the_line_through_logging(
    written: io.StringIO, records_made: list[str]
) -> None:
    own = _OwnLogger("skill.requests.own")
    own.parent = logging.getLogger("skill.requests")
    with only_configure_loggings_handler():
        info_line(own, "alexa request", FIELDS)
    assert records_made == ["alexa request"]
    assert json.loads(written.getvalue())["logger"] == "skill.requests.own"


def test_a_line_that_cannot_be_made_is_said_as_logging_says_it_never_raised(
    written: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    with only_configure_loggings_handler():
        info_line(logging.getLogger("skill.requests"), "alexa request", {"odd": Unprintable()})
    assert "no text" in capsys.readouterr().err
    assert written.getvalue() == ""


def test_a_disabled_logger_writes_no_line(
    written: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging.getLogger("skill.requests"), "disabled", True)
    with only_configure_loggings_handler():
        info_line(logging.getLogger("skill.requests"), "alexa request", FIELDS)
    assert written.getvalue() == ""
