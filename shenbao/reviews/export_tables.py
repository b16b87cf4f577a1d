"""The reviews app's large exports, built from parameters alone so the worker can build them
(registered in ReviewsConfig.ready; shenbao.exports decides where each is built)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from shenbao.calls.models import Call
from shenbao.directory.models import Authority
from shenbao.domain.money import per_person
from shenbao.exports import Table
from shenbao.reviews import selectors
from shenbao.reviews.models import Summary

APPROVED_PERSONS = "approved_persons"
SUMMARY_TABLES = "summary_tables"
SUMMARY_WIDTHS = (6, 40, 18, 18, 30)

PAYMENT_HEADERS = (
    "序号",
    "受理部门",
    "申报单位",
    "申报类型",
    "表格行号",
    "姓名",
    "证件类型",
    "证件号码",
    "支持金额（元）",
)


def approved_tables(params: Mapping[str, Any]) -> list[Table]:
    """The city-wide payment list: approved persons and amounts (Decimal, to the fen), ID numbers masked."""
    call = Call.objects.get(pk=params["call"])
    rows = []
    total = Decimal("0.00")
    for index, row in enumerate(selectors.approved_persons(call), start=1):
        application = row.application
        share = per_person(application.amount or Decimal("0.00"), application.eligible_persons or 0)
        total += share
        rows.append(
            (
                index,
                application.authority.name,
                application.organisation.name,
                application.get_kind_display(),
                row.number,
                row.name,
                row.id_type,
                row.id_masked,
                share,
            )
        )
    table = Table(
        f"{call.year}年度服务外包培训支持审定人员名单",
        PAYMENT_HEADERS,
        rows,
        sheet_name="审定名单",
        widths=(6, 10, 36, 24, 8, 10, 8, 22, 14),
        total=("总计", "", "", "", "", len(rows), "", "", total),
    )
    return [table]


def summary_sheets(params: Mapping[str, Any]) -> list[Table]:
    """附件2 as a workbook: a reported summary, or the next one of an authority and call."""
    if "reported" in params:
        reported = Summary.objects.get(pk=params["reported"])
        applications = reported.applications.select_related("organisation")
        tables = selectors.summary_tables(reported.authority, applications)
    else:
        authority = Authority.objects.get(pk=params["authority"])
        call = Call.objects.get(pk=params["call"])
        tables = selectors.summary_tables(authority, selectors.accepted_for_summary(authority, call))
    return [
        Table(
            t.title,
            t.headers,
            t.rows,
            sheet_name="企业" if t.kind == "employees" else "培训机构",
            widths=SUMMARY_WIDTHS,
            total=t.total,
        )
        for t in tables
    ]
