"""Catalog pages: the public text and self-check, the enterprise's figures, staff views, the import."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from shenbao.accounts.access import applicant_required, city_admin_required, current_user, staff_required
from shenbao.catalog import imports, services
from shenbao.catalog.forms import FiguresForm, ImportForm, initial_from
from shenbao.catalog.selectors import (
    assess_record,
    decisions_for,
    edition_or_current,
    figures_for_year,
    figures_history,
)
from shenbao.domain.catalog import assess, list_editions
from shenbao.exports import Table, table_xlsx, xlsx_response
from shenbao.organisations.models import Organisation, OrganisationKind
from shenbao.organisations.selectors import get_visible_organisation, organisations_visible_to


def text(request: HttpRequest) -> HttpResponse:
    edition = edition_or_current(request.GET.get("edition"))
    return render(request, "catalog/text.html", {"edition": edition, "editions": list_editions()})


def self_check(request: HttpRequest) -> HttpResponse:
    """Public and stateless: nothing is stored, in the database or the session."""
    data = request.POST if request.method == "POST" else None
    edition = edition_or_current((data or request.GET).get("edition"))
    form = FiguresForm(data, edition=edition, editions=list_editions(), public=True)
    decision = assess(form.cleaned_data["figures"], edition) if data is not None and form.is_valid() else None
    context = {"form": form, "edition": edition, "decision": decision}
    template = "catalog/_self_check.html" if getattr(request, "htmx", False) else "catalog/self_check.html"
    return render(request, template, context)


@applicant_required
def figures(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    organisation = user.organisation
    if organisation is None or organisation.kind != OrganisationKind.ENTERPRISE:
        raise Http404
    edition = edition_or_current(request.GET.get("edition"))
    record = figures_for_year(organisation, edition.data_year)
    form = FiguresForm(
        request.POST if request.method == "POST" else None,
        edition=edition,
        approved=record is not None and record.is_approved,
        initial=initial_from(record) if record is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        services.save_self_declared_figures(
            organisation=organisation, figures=form.cleaned_data["figures"], by=user
        )
        messages.success(request, gettext("已保存 %(year)s 年业务数据。") % {"year": edition.data_year})
        return redirect(f"{request.path}?edition={edition.code}")
    return render(
        request,
        "catalog/figures.html",
        {
            "form": form,
            "edition": edition,
            "editions": list_editions(),
            "record": record,
            "decision": assess_record(record, edition) if record is not None else None,
            "history": figures_history(organisation),
        },
    )


@staff_required
def organisations(request: HttpRequest) -> HttpResponse:
    edition = edition_or_current(request.GET.get("edition"))
    enterprises = list(
        organisations_visible_to(current_user(request))
        .filter(kind=OrganisationKind.ENTERPRISE)
        .select_related("authority")
        .order_by("authority__number", "name")
    )
    decisions = decisions_for(enterprises, edition_code=edition.code)
    rows = [(organisation, decisions.get(organisation.pk)) for organisation in enterprises]
    return render(
        request,
        "catalog/organisations.html",
        {"rows": rows, "edition": edition, "editions": list_editions()},
    )


@staff_required
def organisation_decision(request: HttpRequest, pk: int) -> HttpResponse:
    organisation: Organisation = get_visible_organisation(current_user(request), pk)
    if organisation.kind != OrganisationKind.ENTERPRISE:
        raise Http404
    edition = edition_or_current(request.GET.get("edition"))
    record = figures_for_year(organisation, edition.data_year)
    return render(
        request,
        "catalog/organisation_decision.html",
        {
            "organisation": organisation,
            "edition": edition,
            "editions": list_editions(),
            "record": record,
            "decision": assess_record(record, edition) if record is not None else None,
            "history": figures_history(organisation),
        },
    )


@city_admin_required
def import_figures(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    check = result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        check = imports.check_import(
            upload, filename=upload.name or "", max_bytes=settings.SHENBAO_UPLOAD_MAX_BYTES
        )
        if check.is_ok:
            result = services.import_approved_figures(rows=check.rows, by=current_user(request))
    return render(
        request,
        "catalog/import.html",
        {"form": form, "check": check, "result": result, "columns": imports.columns()},
    )


@city_admin_required
def import_template(request: HttpRequest) -> HttpResponse:
    names = [name for name, _, _ in imports.columns()]
    content = table_xlsx(
        Table(
            title="服务外包企业审定业务数据（商务部服务外包业务管理和统计系统）",
            headers=names,
            rows=[],
            sheet_name="审定业务数据",
            widths=[22, 30] + [16] * (len(names) - 2),
        )
    )
    return xlsx_response(content, "审定业务数据导入模板.xlsx", request=request)
