"""The applicant's pages: the applications, the roster check, corrections, materials, submit and withdraw."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from shenbao.accounts.access import applicant_required, current_user
from shenbao.applications import corrections, selectors, services, uploads
from shenbao.applications import report as roster_report
from shenbao.applications import rows as stored_rows
from shenbao.applications.forms import (
    AttachmentForm,
    DetailsForm,
    RosterUploadForm,
    RowForm,
    SubmitForm,
    VersionForm,
)
from shenbao.applications.models import Application, RosterRow, RosterUpload
from shenbao.audit.models import Action as AuditAction
from shenbao.audit.services import record
from shenbao.domain.roster import ROSTER_COLUMNS, RosterKind
from shenbao.domain.workbook import write_template
from shenbao.domain.workflow import EDITABLE_STATUSES, Status, TransitionNotAllowed
from shenbao.downloads import stored_file_response

ROWS_PER_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FINISHED = {RosterUpload.State.DONE, RosterUpload.State.UNUSABLE, RosterUpload.State.FAILED}
TEMPLATE_NAMES = {
    RosterKind.EMPLOYEES: "附件3 服务外包企业新录用员工培训支持申请表.xlsx",
    RosterKind.TRAINEES: "附件4 培训机构培训人员支持申请表.xlsx",
}


@applicant_required
def application_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    today = services.today()
    applications = list(selectors.applications_visible_to(user))
    call = selectors.open_call(today)
    steps = [(application, selectors.next_step(application, today)) for application in applications]
    can_create = call is not None and not any(a.call_id == call.pk for a in applications)
    return render(
        request,
        "applications/list.html",
        {"steps": steps, "call": call, "can_create": can_create, "title": gettext("我的申报")},
    )


@require_POST
@applicant_required
def create(request: HttpRequest) -> HttpResponse:
    call = selectors.open_call(services.today())
    if call is None:
        messages.error(request, gettext("当前没有正在受理的申报批次。"))
        return redirect("applications:list")
    try:
        application = services.create_application(by=current_user(request), call=call)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("applications:list")
    return redirect("applications:detail", pk=application.pk)


@require_GET
def blank_template(request: HttpRequest, kind: str) -> FileResponse:
    try:
        roster_kind = RosterKind(kind)
    except ValueError:
        raise Http404 from None
    buffer = io.BytesIO()
    write_template(buffer, roster_kind)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=TEMPLATE_NAMES[roster_kind], content_type=XLSX)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _own_application(request: HttpRequest, pk: int) -> Application:
    return selectors.get_visible_application(current_user(request), pk)


def _render_detail(request: HttpRequest, application: Application, **forms_: Any) -> HttpResponse:
    editable = Status(application.status) in EDITABLE_STATUSES
    returned, reasons = selectors.latest_return(application)
    context = {
        "application": application,
        "title": gettext("申报 %(reference)s") % {"reference": application.reference},
        "next_step": selectors.next_step(application, services.today()),
        "editable": editable,
        "upload": selectors.latest_upload(application),
        "outcome": selectors.roster_outcome(application, selectors.latest_upload(application)),
        "warning_rows": selectors.warning_rows(application),
        "attachments": application.attachments.all(),
        "history": selectors.history(application),
        "returned": returned,
        "reasons": reasons,
        "blockers": services.submission_blockers(application) if editable else [],
        "can_withdraw": application.status == Status.SUBMITTED,
        "upload_form": forms_.get("upload_form") or RosterUploadForm(),
        "attachment_form": forms_.get("attachment_form") or AttachmentForm(),
        "details_form": forms_.get("details_form")
        or DetailsForm(
            initial={"paper_volumes": application.paper_volumes_declared, "remarks": application.remarks}
        ),
        "submit_form": forms_.get("submit_form") or SubmitForm(initial={"version": application.version}),
        "withdraw_form": forms_.get("withdraw_form") or VersionForm(initial={"version": application.version}),
        "template_kind": application.kind,
    }
    return render(request, "applications/detail.html", context)


@require_GET
@applicant_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _own_application(request, pk))


@require_GET
@applicant_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    upload = selectors.latest_upload(application)
    outcome = selectors.roster_outcome(application, upload)
    show = request.GET.get("show") or ("problems" if outcome == "problems" else "all")
    page = Paginator(
        selectors.roster_rows(application, only_problems=show == "problems"), ROWS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/roster.html",
        {
            "application": application,
            "title": gettext("花名册检查结果 · %(reference)s") % {"reference": application.reference},
            "upload": upload,
            "outcome": outcome,
            "page": page,
            "row_views": [selectors.row_view(r, _columns(application)) for r in page],
            "show": show,
            "columns": _columns(application),
            "warning_rows": selectors.warning_rows(application),
            "editable": Status(application.status) in EDITABLE_STATUSES,
            "upload_form": RosterUploadForm(),
        },
    )


def _columns(application: Application) -> list[str]:
    return [c.name for c in ROSTER_COLUMNS[RosterKind(application.kind)] if c.name != "序号"]


@require_POST
@applicant_required
def upload_roster(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = RosterUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = uploads.start_roster_upload(
                by=current_user(request), application=application, upload=form.cleaned_data["file"]
            )
        except TransitionNotAllowed as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("applications:progress", pk=application.pk, upload_pk=job.pk)
    return _render_detail(request, application, upload_form=form)


@require_GET
@applicant_required
def upload_progress(request: HttpRequest, pk: int, upload_pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    job = application.uploads.filter(pk=upload_pk).first()
    if job is None:
        raise Http404
    if job.state in FINISHED:
        target = reverse("applications:roster", args=[application.pk])
        return HttpResponseClientRedirect(target) if _is_htmx(request) else redirect(target)
    now = timezone.now()
    if uploads.restart_if_stalled(job, now):
        job.refresh_from_db()
    template = "applications/_progress.html" if _is_htmx(request) else "applications/progress.html"
    context = {"application": application, "job": job, "title": gettext("正在检查花名册")}
    return render(request, template, {**context, "stalled": job.is_stalled(now)})


def _row_context(application: Application, row: RosterRow) -> dict[str, Any]:
    columns = _columns(application)
    return {
        "application": application,
        "view": selectors.row_view(row, columns),
        "columns": columns,
        "editable": True,
    }


@require_GET
@applicant_required
def row(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    stored = application.rows.filter(pk=row_pk).first()
    if stored is None:
        raise Http404
    editable = Status(application.status) in EDITABLE_STATUSES
    return render(
        request, "applications/_row.html", {**_row_context(application, stored), "editable": editable}
    )


@never_cache  # the form holds the full ID number: never kept in a browser or proxy cache
@applicant_required
def edit_row(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    user = current_user(request)
    application = _own_application(request, pk)
    stored = application.rows.filter(pk=row_pk).first()
    if stored is None:
        raise Http404
    kind = RosterKind(application.kind)
    shown = stored_rows.domain_row(stored).values
    if not selectors.can_see_full_ids(user, application):
        shown["证件号码"] = stored.id_masked
    form = RowForm(request.POST or None, kind=kind, initial={**shown, "version": stored.version})
    if request.method == "POST" and form.is_valid():
        changes = form.changed_values(shown)
        try:
            if changes:
                stored = corrections.edit_row(
                    by=user,
                    application=application,
                    row_id=stored.pk,
                    values=changes,
                    expected_version=form.cleaned_data["version"],
                )
        except TransitionNotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            if _is_htmx(request):
                return render(
                    request,
                    "applications/_row.html",
                    {**_row_context(application, stored), "rechecked": True},
                )
            messages.success(
                request, gettext("第 %(number)s 行已保存并重新检查。") % {"number": stored.number}
            )
            return redirect(reverse("applications:roster", args=[application.pk]) + f"#row-{stored.number}")
    template = "applications/_row_form.html" if _is_htmx(request) else "applications/row_edit.html"
    return render(
        request,
        template,
        {
            **_row_context(application, stored),
            "form": form,
            "title": gettext("修改第 %(number)s 行") % {"number": stored.number},
        },
    )


@require_GET
@login_required
def report(request: HttpRequest, pk: int) -> FileResponse:
    user = current_user(request)
    application = selectors.get_visible_application(user, pk)
    if not selectors.can_see_full_ids(user, application):
        raise Http404
    record(request=request, action=AuditAction.EXPORT, target=application, file="report.xlsx")
    buffer = io.BytesIO()
    roster_report.write_stored_report(buffer, application)
    buffer.seek(0)
    response = FileResponse(
        buffer,
        as_attachment=True,
        filename=f"{application.reference} 花名册检查结果.xlsx",
        content_type=XLSX,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@applicant_required
def add_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                by=current_user(request), application=application, upload=form.cleaned_data["file"]
            )
        except forms.ValidationError as exc:
            form.add_error("file", exc)
        except TransitionNotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("电子版材料已上传。"))
            return redirect(reverse("applications:detail", args=[application.pk]) + "#materials")
    return _render_detail(request, application, attachment_form=form)


@require_GET
@login_required
def download_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    application = selectors.get_visible_application(current_user(request), pk)
    attachment = application.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return stored_file_response(
        attachment.file.open("rb"), kind=attachment.kind, name=attachment.original_name
    )


@require_POST
@applicant_required
def remove_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    try:
        services.remove_attachment(
            by=current_user(request), application=application, attachment_id=attachment_pk
        )
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("已删除该材料。"))
    return redirect(reverse("applications:detail", args=[application.pk]) + "#materials")


@require_POST
@applicant_required
def update_details(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = DetailsForm(request.POST)
    if form.is_valid():
        try:
            services.update_details(
                by=current_user(request),
                application=application,
                paper_volumes=form.cleaned_data["paper_volumes"],
                remarks=form.cleaned_data["remarks"],
            )
        except TransitionNotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("纸质材料册数和备注已保存。"))
            return redirect(reverse("applications:detail", args=[application.pk]) + "#details")
    return _render_detail(request, application, details_form=form)


@require_POST
@applicant_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.submit_application(
                by=current_user(request),
                application=application,
                expected_version=form.cleaned_data["version"],
                declaration=form.cleaned_data["declaration"],
            )
        except TransitionNotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                gettext("申报已提交至%(authority)s主管部门。") % {"authority": application.authority.name},
            )
            return redirect("applications:detail", pk=application.pk)
    return _render_detail(request, application, submit_form=form)


@require_POST
@applicant_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_application(
                by=current_user(request),
                application=application,
                expected_version=form.cleaned_data["version"],
            )
        except TransitionNotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("申报已撤回。"))
            return redirect("applications:detail", pk=application.pk)
    return _render_detail(request, application, withdraw_form=form)
