"""Dates and money as people write them: 2026年3月1日 (roster values are stored as ISO text), 121,500.00 元."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext

from shenbao.applications.labels import words_of
from shenbao.domain.money import yuan as written_yuan

register = template.Library()

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@register.filter
def zh_date(value: object) -> object:
    """``2025-09-02`` or a date → ``2025年9月2日``; anything else (a wrong date the check flagged) unchanged."""
    if isinstance(value, datetime):
        return value  # a moment, not a day: its page formats it with the time zone
    if isinstance(value, date):
        return _day(value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            return value
        return _day(day)
    return value


def _day(day: date) -> str:
    return gettext("%(year)s年%(month)s月%(day)s日") % {"year": day.year, "month": day.month, "day": day.day}


@register.filter
def yuan(value: object) -> str:
    """An amount of money the one way the system writes it (domain.money.yuan); blank for none."""
    if value is None or value == "":
        return ""
    try:
        return written_yuan(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


@register.filter
def problem_words(problem: object) -> str:
    """A problem (or one stored as code and params) in the page's language."""
    return words_of(problem)


@register.filter
def thousands(value: object) -> str:
    """A count of persons with thousands separators: 3,120."""
    try:
        return f"{int(str(value)):,}"
    except ValueError:
        return str(value)
