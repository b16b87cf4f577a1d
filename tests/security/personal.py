"""Builders for tests of personal data: calls, applications and roster rows holding real-looking ID numbers."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from shenbao.applications.models import Application, RosterRow
from shenbao.calls.models import Call
from shenbao.domain.person_review import row_digest
from shenbao.organisations.models import Organisation
from tests import factories
from tests.rosters import valid_id

_serial = itertools.count(1)


def make_call(year: int, *, closes_on: date | None = None) -> Call:
    closes = closes_on or date(year, 6, 30)
    return Call.objects.create(
        year=year,
        opens_on=closes - timedelta(days=60),
        closes_on=closes,
        hired_from=date(year - 1, 1, 1),
        hired_to=closes,
        reference_date=closes,
    )


def make_application(organisation: Organisation, call: Call, *, persons: int = 0) -> Application:
    return Application.objects.create(
        call=call,
        organisation=organisation,
        kind="employees",
        authority=organisation.authority,
        reference=f"SEC{call.year}-{next(_serial):05d}",
        status="approved",
        persons=persons,
        eligible_persons=persons,
        amount=4500 * persons,
    )


def add_rows(application: Application, count: int, *, start: int = 1) -> list[str]:
    """``count`` roster rows stored the way the upload path stores them; returns the plain numbers."""
    numbers = []
    for i in range(start, start + count):
        number = valid_id(i, birth=f"19{80 + i % 19:02d}0{1 + i % 9}1{i % 10}")
        numbers.append(number)
        RosterRow.objects.create(
            application=application,
            number=i + 1,
            name=f"员工{i}",
            **factories.protected_id(number),
            values=(values := {"姓名": f"员工{i}", "岗位": "软件工程师"}),
            digest=row_digest(values),
        )
    return numbers
