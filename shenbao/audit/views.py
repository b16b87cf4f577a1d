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
from shenbao.audit.export_tables import AUDIT_RECORDS, audit_tables, records_of
from shenbao.audit.forms import AuditFilterForm
from shenbao.audit.models import Action, AuditRecord
from shenbao.audit.selectors import detail_text, filtered_records
from shenbao.exports import export

PAGE_SIZE = 50


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
    # The filter as the form read it: the raw query may hold anything (a NUL cannot be stored as JSON).
    valid = form.is_bound and form.is_valid()
    filters = {key: str(value) for key, value in form.cleaned_data.items() if value} if valid else {}
    # What the worker filters by: the form's own fields (an invalid filter matches nothing, so it
    # is answered at once and never stored).
    query = {name: request.GET[name] for name in AuditFilterForm.base_fields if name in request.GET}
    count = records_of(query, bound=bool(request.GET)).count()
    stamp = timezone.localdate().strftime("%Y%m%d")
    return export(
        request,
        kind=AUDIT_RECORDS,
        tables=audit_tables,
        params={"query": query, "bound": bool(request.GET)},
        rows=count,
        filename=f"审计日志-{stamp}.xlsx",
        action=Action.AUDIT_EXPORT,
        filters=filters,
        count=count,
    )
