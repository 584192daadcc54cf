"""JSON-lines logging, configured by the entry point (never at import time)."""

from __future__ import annotations

import json
import logging
import math
import sys
from datetime import UTC, datetime

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


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": clip(record.getMessage()),
        }
        entry |= {k: clip(v) for k, v in vars(record).items() if k not in _STANDARD}
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        try:
            return orjson.dumps(entry, default=str).decode()
        except orjson.JSONEncodeError:  # a lone surrogate (which json escapes), a huge integer
            finite = {k: None if _not_finite(v) else v for k, v in entry.items()}
            return json.dumps(finite, default=str, separators=(",", ":"))


def configure_logging(level: str = "INFO") -> None:
    """Send every log record to stderr as JSON lines.

    Records are made without the caller's file, function and line, nor the thread's or the
    process's name: no line prints them (gunicorn's own lines print the process id, which is
    kept), and finding the caller walks the stack on every record (the logging HOWTO's
    "Optimization")."""
    logging._srcfile = None
    logging.logThreads = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
