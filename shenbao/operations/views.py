"""The city admin's retention page: calls past retention, and a confirmed purge of one of them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from shenbao.accounts.access import city_admin_required, current_user
from shenbao.calls.models import Call
from shenbao.operations.forms import PurgeConfirmForm
from shenbao.operations.models import PurgeRecord
from shenbao.operations.retention import PurgeRefused, purge_call, purgeable_calls, retention_cutoff


@city_admin_required
def retention(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "operations/retention.html",
        {
            "title": "个人信息保存期限",
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
        except PurgeRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                f"已清除{call}的个人信息：{result.rows_cleared} 行花名册，{result.files_deleted} 个文件；"
                "单位、人数和金额保留。",
            )
        return redirect("operations:retention")
    return render(
        request,
        "operations/purge_confirm.html",
        {"title": f"清除{call}的个人信息", "call": call, "form": form},
    )
