"""JSON-lines logging, configured by the entry point (never at import time)."""

from __future__ import annotations

import json
import logging
import math
import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TextIO

import orjson

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
MAX_FIELD_CHARS = 200  # a logged value longer than this is cut (requests can carry 128 KiB)


def clip(value: object, limit: int = MAX_FIELD_CHARS) -> object:
    """A value fit for one log field: numbers, booleans and None as they are, anything else as
    text of at most limit characters, saying how long it was."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} chars)"


def _not_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def json_line(
    created: float,
    level: str,
    name: str,
    message: object,
    fields: Mapping[str, object],
    traceback: tuple[str, str] | None = None,
) -> str:
    """One log line: time, level, logger, message, the fields, and an error's name and traceback."""
    entry = {
        "time": datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds"),
        "level": level.lower(),
        "logger": name,
        "message": clip(message),
    }
    entry |= {k: clip(v) for k, v in fields.items()}
    if traceback is not None:
        entry["error"], entry["traceback"] = traceback
    try:
        return orjson.dumps(entry, default=str).decode()
    except orjson.JSONEncodeError:  # a lone surrogate (which json escapes), a huge integer
        finite = {k: None if _not_finite(v) else v for k, v in entry.items()}
        return json.dumps(finite, default=str, separators=(",", ":"))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        fields = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        traceback = None
        if record.exc_info and record.exc_info[0] is not None:
            traceback = (record.exc_info[0].__name__, self.formatException(record.exc_info))
        return json_line(
            record.created, record.levelname, record.name, record.getMessage(), fields, traceback
        )


class JsonLinesHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler configure_logging puts on the root logger: JSON lines to a stream."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self.setFormatter(JsonFormatter())

    def write_line(self, make: Callable[[], str]) -> None:
        """Write the line make() makes, as emit writes a formatted record: a failure to make or
        write it is said as logging says one (handleError), never raised."""
        try:
            text = make()
            with self.lock:  # type: ignore[union-attr]  # made by Handler.__init__
                self.stream.write(text + self.terminator)
                flush = getattr(self.stream, "flush", None)
                if flush is not None:
                    flush()
        except RecursionError:  # as emit: not logging's to swallow
            raise
        except Exception:  # as emit does: a log line never breaks the request
            self.handleError(logging.makeLogRecord({"msg": "a log line could not be written"}))


def info_line(logger: logging.Logger, message: str, fields: Mapping[str, object]) -> None:
    """logger.info(message, extra=fields), for a line written on every request.

    When logging is as configure_logging left it (this one handler on the root logger with its
    JSON formatter, no other handler or filter on the way, INFO enabled and named so, logging's
    own record and logger classes), nothing but that handler would see the record, so the line
    is made and written without one: the same line, at a fraction of the cost of logging's
    record and the calls around it. Anything else (a test's capturing handler, a filter, a
    record factory, a field a record already has) goes through logging as any line."""
    handler = _sole_handler(logger)
    if handler is None or not _STANDARD.isdisjoint(fields):
        logger.info(message, extra=dict(fields))
        return
    created = time.time()
    handler.write_line(lambda: json_line(created, "INFO", logger.name, message, fields))


def _sole_handler(logger: logging.Logger) -> JsonLinesHandler | None:
    if type(logger) is not logging.Logger or not logger.isEnabledFor(logging.INFO):
        return None
    if logging.getLogRecordFactory() is not logging.LogRecord:
        return None
    if logging.getLevelName(logging.INFO) != "INFO":
        return None
    node: logging.Logger | None = logger
    while node is not None and node.parent is not None:  # up to the root
        if node.handlers or node.filters or not node.propagate:
            return None
        node = node.parent
    if node is None or node.filters or len(node.handlers) != 1:
        return None
    (handler,) = node.handlers
    if type(handler) is not JsonLinesHandler or handler.filters or handler.level > logging.INFO:
        return None
    if type(handler.formatter) is not JsonFormatter:
        return None
    return handler


def configure_logging(level: str = "INFO") -> None:
    """Send every log record to stderr as JSON lines.

    Records are made without the caller's file, function and line, nor the thread's or the
    process's name: no line prints them (gunicorn's own lines print the process id, which is
    kept), and finding the caller walks the stack on every record (the logging HOWTO's
    "Optimization")."""
    logging._srcfile = None
    logging.logThreads = False
    logging.logMultiprocessing = False
    handler = JsonLinesHandler(sys.stderr)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
