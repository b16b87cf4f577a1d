"""The city admin's retention page: calls past retention, and a confirmed purge of one of them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from shenbao.accounts.access import city_admin_required, current_user
from shenbao.applications.labels import refusal_text
from shenbao.calls.models import Call
from shenbao.domain.workflow import TransitionNotAllowed
from shenbao.operations.forms import PurgeConfirmForm
from shenbao.operations.models import PurgeRecord
from shenbao.operations.retention import purge_call, purgeable_calls, retention_cutoff


@city_admin_required
def retention(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "operations/retention.html",
        {
            "title": gettext("个人信息保存期限"),
            "years": settings.SHENBAO_RETENTION_YEARS,
            "cutoff": retention_cutoff(on=today),
            "calls": purgeable_calls(on=today),
            "records": PurgeRecord.objects.select_related("call", "purged_by"),
        },
    )


@city_admin_required
def purge(request: HttpRequest, year: int) -> HttpResponse:
    today = timezone.localdate()
    call = get_object_or_404(
        Call, year=year, closes_on__lt=retention_cutoff(on=today), purge_record__isnull=True
    )
    form = PurgeConfirmForm(request.POST or None, expected=call.year)
    if request.method == "POST" and form.is_valid():
        try:
            result = purge_call(call=call, by=current_user(request), on=today)
        except TransitionNotAllowed as refusal:
            messages.error(request, refusal_text(refusal))
        else:
            messages.success(
                request,
                gettext(
                    "已清除%(call)s的个人信息：%(rows)s 行花名册，%(files)s 个文件；单位、人数和金额保留。"
                )
                % {"call": call, "rows": result.rows_cleared, "files": result.files_deleted},
            )
        return redirect("operations:retention")
    return render(
        request,
        "operations/purge_confirm.html",
        {"title": gettext("清除%(call)s的个人信息") % {"call": call}, "call": call, "form": form},
    )
