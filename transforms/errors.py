"""Dead letters: every stage turns a failure into an ``errors`` row instead of dropping or crashing.

``ERRORS`` is the output tag every stage uses for its error rows; ``error_row`` builds one; ``StageError`` is
what the pure logic raises when it knows the stable ``error_type`` of a failure.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from communique.schemas import Error

ERRORS = "errors"


class StageError(Exception):
    """A failure with a stable error_type (timeout, http_status, not_a_feed, no_text, ...)."""

    def __init__(self, error_type: str, message: str):
        super().__init__(message)
        self.error_type = error_type
        self.message = message


def one_line(text: str, limit: int = 300) -> str:
    """First line of a message, trimmed: error rows hold one line, never a traceback."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def error_row(stage: str, input_: Optional[str], error_type: str, message: str) -> Error:
    return Error(stage=stage, input=input_, error_type=error_type, message=one_line(message),
                 at=dt.datetime.now(dt.timezone.utc))


def from_exception(stage: str, input_: Optional[str], exc: BaseException) -> Error:
    """An error row for an exception: its own error_type when it is a StageError, else its class name."""
    if isinstance(exc, StageError):
        return error_row(stage, input_, exc.error_type, exc.message)
    return error_row(stage, input_, "internal:" + type(exc).__name__, str(exc) or type(exc).__name__)
