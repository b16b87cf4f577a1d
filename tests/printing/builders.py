"""Applications built directly in the database, for the printing and dashboard tests."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from shenbao.applications.models import Application, ApplicationKind, RosterRow
from shenbao.calls.models import Call
from shenbao.organisations.models import Organisation
from tests import factories

_serial = itertools.count(1)


def make_call(year: int = 2026) -> Call:
    call, _ = Call.objects.get_or_create(
        year=year,
        defaults={
            "opens_on": date(year, 3, 1),
            "closes_on": date(year, 4, 30),
            "hired_from": date(year - 1, 1, 1),
            "hired_to": date(year - 1, 12, 31),
            "reference_date": date(year - 1, 12, 31),
        },
    )
    return call


def make_application(
    organisation: Organisation,
    *,
    call: Call | None = None,
    status: str = "submitted",
    kind: str | None = None,
    persons: int = 0,
    eligible_persons: int | None = None,
    amount: Decimal | None = None,
    **fields: object,
) -> Application:
    call = call or make_call()
    kind = kind or (
        ApplicationKind.EMPLOYEES if organisation.kind == "enterprise" else ApplicationKind.TRAINEES
    )
    return Application.objects.create(
        call=call,
        organisation=organisation,
        kind=kind,
        authority=organisation.authority,
        reference=f"SB{call.year}-{organisation.authority.number:02d}-{next(_serial):06d}",
        status=status,
        persons=persons,
        eligible_persons=eligible_persons,
        amount=amount,
        **fields,
    )


def add_row(application: Application, number: int, *, name: str, id_number: str, **values: str) -> RosterRow:
    return RosterRow.objects.create(
        application=application,
        number=number,
        name=name,
        **factories.protected_id(id_number),
        values={"姓名": name, "性别": "男", "证件类型": "身份证", **values},
    )
