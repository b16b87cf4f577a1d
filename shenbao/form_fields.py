"""Form fields shared by the apps: numbers and dates a database and the calendar can hold.

A version or row number of 99999999999999999999999 is "too large to convert to SQLite
INTEGER" (and out of range in PostgreSQL) and 9999-12-31 has no next day: such values are
refused by the form, in Chinese, before they reach a query or a date sum.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

# PostgreSQL's integer, the narrowest column an id, a version or a row number is kept in.
DB_INT_MAX = 2**31 - 1
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
DATE_RANGE_MESSAGE = _("请填写 1900-01-01 至 2999-12-31 之间的日期。")


def version_field() -> forms.IntegerField:
    """The hidden version of what the page showed (optimistic locking)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=DB_INT_MAX)


def date_field(**kwargs: Any) -> forms.DateField:
    """A DateField limited to dates the system can compute with (a day before and after included)."""
    validators = [
        MinValueValidator(EARLIEST, message=DATE_RANGE_MESSAGE),
        MaxValueValidator(LATEST, message=DATE_RANGE_MESSAGE),
    ]
    return forms.DateField(validators=validators, **kwargs)
