"""The city admin's conflicts view across the city, its export, and the history import."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from shenbao.accounts.access import city_admin_required, current_user
from shenbao.applications.facts import today
from shenbao.crosschecks import selectors, services
from shenbao.crosschecks.export_tables import CONFLICTS, conflict_tables, filtered_conflicts
from shenbao.crosschecks.forms import ConflictFilterForm, HistoryImportForm
from shenbao.crosschecks.models import CrossFinding, HistoryImport
from shenbao.exports import export

PAGE_SIZE = 100


def _filtered(request: HttpRequest) -> tuple[ConflictFilterForm, QuerySet[CrossFinding]]:
    return filtered_conflicts(request.GET)


@city_admin_required
def conflicts(request: HttpRequest) -> HttpResponse:
    form, query = _filtered(request)
    page = Paginator(query, PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [selectors.conflict_line(finding) for finding in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "crosschecks/conflicts.html",
        {
            "form": form,
            "page": page,
            "lines": lines,
            "headers": selectors.CONFLICT_HEADERS,
            "query": params.urlencode(),
        },
    )


@city_admin_required
def conflicts_export(request: HttpRequest) -> HttpResponse:
    form, query = _filtered(request)
    # The worker filters by the form's own fields; an invalid filter shows every conflict, as the page does.
    params = (
        {name: request.GET[name] for name in form.fields if name in request.GET} if form.is_valid() else {}
    )
    return export(
        request,
        kind=CONFLICTS,
        tables=conflict_tables,
        params={"query": params},
        rows=query.count(),
        filename="跨单位核查结果.xlsx",
    )


@city_admin_required
def history(request: HttpRequest) -> HttpResponse:
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    problems: tuple[object, ...] = ()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = services.import_history(
            by=current_user(request), file=upload, file_name=upload.name or "", today=today()
        )
        if outcome.is_ok:
            messages.success(
                request,
                gettext("已读取 %(records)s 条记录，新增 %(added)s 条。")
                % {"records": outcome.records, "added": outcome.added},
            )
            return redirect("crosschecks:history")
        problems = outcome.problems
    imports = HistoryImport.objects.select_related("imported_by")[:50]
    return render(
        request, "crosschecks/history.html", {"form": form, "problems": problems, "imports": imports}
    )
