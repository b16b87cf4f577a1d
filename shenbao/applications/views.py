"""The applicant's pages: the applications, the roster check, row edits, materials, submit and withdraw.

What each page offers comes from the flow (offers.shown_offers); a refused action shows its reasons.
"""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from shenbao.accounts.access import applicant_required, current_user
from shenbao.applications import selectors, services
from shenbao.applications.confirmations import submit_confirmation, withdraw_confirmation, withdrawal_message
from shenbao.applications.facts import application_facts, roster_counts, today
from shenbao.applications.forms import (
    AttachmentForm,
    DetailsForm,
    RosterUploadForm,
    SubmitForm,
    VersionForm,
)
from shenbao.applications.labels import refusal_text
from shenbao.applications.models import Application
from shenbao.applications.pages import offers_for, own_application
from shenbao.applications.results import decided_rows, results
from shenbao.audit.models import Action as AuditAction
from shenbao.audit.services import record
from shenbao.domain.roster import RosterKind
from shenbao.domain.workbook import write_template
from shenbao.domain.workflow import Action, TransitionNotAllowed
from shenbao.downloads.services import request_download
from shenbao.uploads import stored_file_response
from shenbao.web import is_confirmed, render_confirmation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAMES = {
    RosterKind.EMPLOYEES: "附件3 服务外包企业新录用员工培训支持申请表.xlsx",
    RosterKind.TRAINEES: "附件4 培训机构培训人员支持申请表.xlsx",
}


@applicant_required
def application_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    on = today()
    applications = list(selectors.applications_visible_to(user))
    call = selectors.open_call(on)
    steps = [(application, selectors.next_step(application, on)) for application in applications]
    can_create = call is not None and not any(a.call_id == call.pk for a in applications)
    return render(
        request,
        "applications/list.html",
        {"steps": steps, "call": call, "can_create": can_create, "title": gettext("我的申报")},
    )


@require_POST
@applicant_required
def create(request: HttpRequest) -> HttpResponse:
    call = selectors.open_call(today())
    if call is None:
        messages.error(request, gettext("当前没有正在受理的申报批次。"))
        return redirect("applications:list")
    try:
        application = services.create_application(by=current_user(request), call=call)
    except TransitionNotAllowed as exc:
        messages.error(request, refusal_text(exc))
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


def render_detail(request: HttpRequest, application: Application, **forms_: Any) -> HttpResponse:
    offers = offers_for(application)
    counts = roster_counts(application)
    upload = selectors.latest_upload(application)
    returned, reasons = selectors.latest_return(application) if "resubmit" in offers else (None, [])
    decided = results(application)
    context = {
        "application": application,
        "title": gettext("申报 %(reference)s") % {"reference": application.reference},
        "next_step": selectors.next_step(application, today()),
        "offers": offers,
        "submission": offers.get("submit") or offers.get("resubmit"),
        "counts": counts,
        "upload": upload,
        "outcome": selectors.roster_outcome(counts, upload),
        "attachments": application.attachments.all(),
        "history": selectors.history(application),
        "returned": returned,
        "reasons": reasons,
        "results": decided,
        "result_rows": decided_rows(application)[:RESULT_ROWS] if decided else [],
        "upload_form": forms_.get("upload_form") or RosterUploadForm(),
        "attachment_form": forms_.get("attachment_form") or AttachmentForm(),
        "details_form": forms_.get("details_form")
        or DetailsForm(
            initial={"paper_volumes": application.paper_volumes_declared, "remarks": application.remarks}
        ),
        "template_kind": application.kind,
    }
    return render(request, "applications/detail.html", context)


# The detail page lists this many persons' results; the roster page has every one.
RESULT_ROWS = 200


@require_GET
@applicant_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, own_application(request, pk))


@require_GET
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The annotated copy, built by the worker; the user watches it being built, then downloads it."""
    user = current_user(request)
    application = selectors.get_visible_application(user, pk)
    if not selectors.can_see_full_ids(user, application):
        raise Http404
    try:
        download = request_download(
            by=user,
            kind="annotated_copy",
            params={"application": application.pk},
            label=gettext("花名册检查结果（.xlsx）"),
            filename=f"{application.reference} 花名册检查结果.xlsx",
            content_type=XLSX,
        )
    except TransitionNotAllowed as refused:
        messages.error(request, refusal_text(refused))
        return redirect("applications:detail", application.pk) if user.is_applicant else redirect("/")
    record(request=request, action=AuditAction.EXPORT, target=application, file="report.xlsx")
    return redirect("downloads:detail", download.token)


@require_POST
@applicant_required
def add_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                by=current_user(request), application=application, upload=form.cleaned_data["file"]
            )
        except forms.ValidationError as exc:
            form.add_error("file", exc)
        except TransitionNotAllowed as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, gettext("电子版材料已上传。"))
            return redirect(reverse("applications:detail", args=[application.pk]) + "#materials")
    return render_detail(request, application, attachment_form=form)


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
    application = own_application(request, pk)
    try:
        services.remove_attachment(
            by=current_user(request), application=application, attachment_id=attachment_pk
        )
    except TransitionNotAllowed as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, gettext("已删除该材料。"))
    return redirect(reverse("applications:detail", args=[application.pk]) + "#materials")


@require_POST
@applicant_required
def update_details(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
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
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, gettext("纸质材料册数和备注已保存。"))
            return redirect(reverse("applications:detail", args=[application.pk]) + "#details")
    return render_detail(request, application, details_form=form)


@applicant_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page (GET, or a POST without it); the submission itself once confirmed."""
    user = current_user(request)
    application = own_application(request, pk)
    action = services.submission_action(application)
    form = SubmitForm(request.POST or None, initial={"version": application.version})
    if is_confirmed(request, action, application.pk, application.version) and form.is_valid():
        try:
            services.submit_application(
                by=user,
                application=application,
                expected_version=form.cleaned_data["version"],
                declaration=form.cleaned_data["declaration"],
            )
        except TransitionNotAllowed as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(
                request,
                gettext("申报已提交至%(authority)s主管部门。") % {"authority": application.authority.name},
            )
            return redirect("applications:detail", pk=application.pk)
    confirmation = submit_confirmation(
        request,
        application,
        action,
        application_facts(application),
        roster_counts(application),
        form,
        today(),
    )
    return render_confirmation(request, confirmation)


@applicant_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page says whether the withdrawal returns to draft or is final; then withdraws."""
    user = current_user(request)
    application = own_application(request, pk)
    form = VersionForm(request.POST or None, initial={"version": application.version})
    if is_confirmed(request, Action.WITHDRAW, application.pk, application.version) and form.is_valid():
        try:
            withdrawn = services.withdraw_application(
                by=user, application=application, expected_version=form.cleaned_data["version"]
            )
        except TransitionNotAllowed as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, withdrawal_message(withdrawn))
            return redirect("applications:detail", pk=application.pk)
    confirmation = withdraw_confirmation(request, application, application_facts(application), form, today())
    return render_confirmation(request, confirmation)
