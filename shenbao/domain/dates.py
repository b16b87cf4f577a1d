"""Dates as people write them in rosters: real spreadsheet dates and the usual text forms."""

from __future__ import annotations

import re
from datetime import date, datetime

_SEPARATED = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
# A time part that spreadsheets append to text dates ("2016-03-01 00:00:00").
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def parse_date(value: object) -> date | None:
    """Return the date a cell means, or None when it is not a real date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = _TIME_SUFFIX.sub("", value.strip())
    match = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def days_between(start: date, end: date) -> int:
    """Days from start to end, not counting both ends: 2016-03-01 to 2016-03-31 is 30."""
    return (end - start).days
