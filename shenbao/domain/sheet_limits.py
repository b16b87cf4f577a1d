"""How big a spreadsheet may be, and the error for one that cannot be used."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from shenbao.domain.problems import ProblemCode

log = logging.getLogger("shenbao.domain.sheets")

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 200_000
MAX_COLUMNS = 100
# Title and header rows on top of the data rows that the row limit counts.
HEADER_ALLOWANCE = 20


class UnreadableFile(Exception):
    """The file cannot be used; ``code`` and ``details`` fill the problem message."""

    def __init__(self, code: ProblemCode, **details: object) -> None:
        super().__init__(f"{code}: {details}")
        self.code = code
        self.details = details


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_rows: int = DEFAULT_MAX_ROWS
    max_columns: int = MAX_COLUMNS


DEFAULT_LIMITS = Limits()


def brief(exc: BaseException) -> str:
    """The first line of what a reading library said, short enough for a problem message."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:80]


# What a reading library says may quote a cell, and a cell may hold an ID number.
_DIGITS = re.compile(r"\d{6,}")


def unreadable(exc: BaseException, detail: str) -> UnreadableFile:
    """FILE_UNREADABLE with a Chinese ``detail`` for the user; what the library said goes to the
    log only (a user cannot act on "calamine error: Xlsx error: …"), long digit runs masked."""
    log.warning(
        "unreadable spreadsheet (%s): %s: %s", detail, type(exc).__name__, _DIGITS.sub("…", brief(exc))
    )
    return UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=detail)
