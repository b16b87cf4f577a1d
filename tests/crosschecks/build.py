"""Builders for cross-check tests: calls, applications in a given status, and rows keyed like the real ones."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import xlsxwriter

from shenbao.applications.models import Application, RosterRow
from shenbao.calls.models import Call
from shenbao.organisations.models import Organisation
from tests import factories
from tests.rosters import valid_id

_serial = itertools.count(1)


def make_call(year: int = 2026) -> Call:
    call, _ = Call.objects.get_or_create(
        year=year,
        defaults={
            "opens_on": date(year, 3, 1),
            "closes_on": date(year, 5, 31),
            "hired_from": date(year - 1, 1, 1),
            "hired_to": date(year - 1, 12, 31),
            "reference_date": date(year, 3, 31),
        },
    )
    return call


def make_application(
    organisation: Organisation,
    *,
    call: Call | None = None,
    status: str = "submitted",
    kind: str | None = None,
) -> Application:
    call = call or make_call()
    return Application.objects.create(
        call=call,
        organisation=organisation,
        kind=kind or ("trainees" if organisation.kind == "institution" else "employees"),
        authority=organisation.authority,
        reference=f"SB{call.year}-{next(_serial):05d}",
        status=status,
    )


def add_row(
    application: Application, person: int, *, name: str | None = None, hiring: str | None = None
) -> RosterRow:
    number = valid_id(person)
    values = {"姓名": name or f"员工{person}", "证件类型": "身份证"}
    if hiring is not None:
        values["录用企业名称"] = hiring
    return RosterRow.objects.create(
        application=application,
        number=application.rows.count() + 2,
        values=values,
        name=values["姓名"],
        **factories.protected_id(number),
    )


def codes(row: RosterRow) -> list[str]:
    return sorted(row.cross_findings.values_list("code", flat=True))


def write_history(path: Path, rows: list[list[object]], headers: list[str] | None = None) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for col, header in enumerate(headers or ["证件类型", "证件号码", "姓名", "单位名称", "年度", "类型"]):
        sheet.write_string(0, col, header)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    book.close()
    return path
