"""The reviews app's large exports, built from parameters alone so the worker can build them
(registered in ReviewsConfig.ready; shenbao.exports decides where each is built)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from shenbao.calls.models import Call
from shenbao.domain.money import per_person
from shenbao.exports import Table
from shenbao.reviews import selectors

APPROVED_PERSONS = "approved_persons"

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
