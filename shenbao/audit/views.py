"""The security auditor's audit log page: filter by period, actor and action; page through; export as .xlsx.

Only the security auditor (安全审计员) reads it: the city admin, whose actions it records, does not.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from shenbao.accounts.access import security_auditor_required
from shenbao.audit.forms import AuditFilterForm
from shenbao.audit.models import Action, AuditRecord
from shenbao.audit.selectors import detail_text, filtered_records
from shenbao.exports import Table, table_xlsx, xlsx_response

PAGE_SIZE = 50
HEADERS = ["时间", "操作人账号", "角色", "操作", "对象类型", "对象编号", "申报编号", "IP 地址", "详情"]


@security_auditor_required
def record_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    records = filtered_records(form) if request.GET else AuditRecord.objects.order_by("-at", "-pk")
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    lines = [(record, detail_text(record)) for record in page]
    return render(
        request,
        "audit/record_list.html",
        {
            "form": form,
            "page": page,
            "lines": lines,
            "query": query.urlencode(),
            "title": gettext("审计日志"),
        },
    )


@security_auditor_required
def record_export(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    records = filtered_records(form) if request.GET else AuditRecord.objects.order_by("-at", "-pk")
    # The filter as the form read it: the raw query may hold anything (a NUL cannot be stored as JSON).
    valid = form.is_bound and form.is_valid()
    filters = {key: str(value) for key, value in form.cleaned_data.items() if value} if valid else {}
    count = records.count()
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
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(
        table_xlsx(table),
        f"审计日志-{stamp}.xlsx",
        request=request,
        action=Action.AUDIT_EXPORT,
        filters=filters,
        count=count,
    )
