"""Dates as people write them in Chinese (2026年3月1日): roster values are stored as ISO text."""

from __future__ import annotations

import re
from datetime import date, datetime

from django import template

register = template.Library()

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@register.filter
def zh_date(value: object) -> object:
    """``2025-09-02`` or a date → ``2025年9月2日``; anything else (a wrong date the check flagged) unchanged."""
    if isinstance(value, datetime):
        return value  # a moment, not a day: its page formats it with the time zone
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            return value
        return f"{day.year}年{day.month}月{day.day}日"
    return value
