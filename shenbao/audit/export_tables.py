"""The audit log's export, built from parameters alone so the worker can build a large one
(registered in AuditConfig.ready; shenbao.exports decides where it is built)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from shenbao.audit.forms import AuditFilterForm
from shenbao.audit.models import AuditRecord
from shenbao.audit.selectors import detail_text, filtered_records
from shenbao.exports import Table

AUDIT_RECORDS = "audit_records"
HEADERS = ["时间", "操作人账号", "角色", "操作", "对象类型", "对象编号", "申报编号", "IP 地址", "详情"]


def records_of(query: Mapping[str, str], *, bound: bool) -> QuerySet[AuditRecord]:
    """The records the log page shows for this query string (every record when it has none)."""
    if not bound:
        return AuditRecord.objects.order_by("-at", "-pk")
    return filtered_records(AuditFilterForm(dict(query)))


def audit_tables(params: Mapping[str, Any]) -> list[Table]:
    records = records_of(params["query"], bound=params["bound"])
    zone = timezone.get_current_timezone()
    rows = (
        [
            r.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
            r.actor_name,
            r.role_label,
            r.action_label,
            r.object_type,
            r.object_id,
            r.application_reference,
            r.ip or "",
            detail_text(r),
        ]
        for r in records.iterator(chunk_size=2000)
    )
    table = Table(
        title="审计日志",
        headers=HEADERS,
        rows=rows,
        sheet_name="审计日志",
        widths=[20, 16, 12, 18, 20, 12, 18, 16, 40],
    )
    return [table]
