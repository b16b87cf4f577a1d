from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from shenbao.accounts.access import current_user, staff_required
from shenbao.organisations import services
from shenbao.organisations.forms import RegistrationForm, RejectForm
from shenbao.organisations.selectors import get_visible_organisation, organisations_visible_to
from shenbao.uploads import sniffed_kind, stored_file_response


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.register_organisation(
            kind=data["kind"],
            name=data["name"],
            code=data["code"],
            authority=data["authority"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            licence=data["licence"],
            username=data["username"],
            password=data["password1"],
            full_name=data["full_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            gettext("注册成功。%(authority)s确认后即可提交申报；确认前可以先准备材料。")
            % {"authority": data["authority"]},
        )
        return redirect("accounts:home")
    return render(request, "organisations/register.html", {"form": form})


@staff_required
def pending(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    organisations = (
        organisations_visible_to(user).select_related("authority").order_by("status", "-created_at")
    )
    return render(
        request, "organisations/pending.html", {"organisations": organisations, "reject_form": RejectForm()}
    )


@require_POST
@staff_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_visible_organisation(current_user(request), pk)
    services.confirm_organisation(by=current_user(request), organisation=organisation)
    messages.success(request, gettext("已确认：%(name)s") % {"name": organisation.name})
    return redirect("organisations:pending")


@require_POST
@staff_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_visible_organisation(current_user(request), pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        services.reject_organisation(
            by=current_user(request), organisation=organisation, reason=form.cleaned_data["reason"]
        )
        messages.success(request, gettext("已退回：%(name)s") % {"name": organisation.name})
    else:
        messages.error(request, gettext("请填写不予确认的原因。"))
    return redirect("organisations:pending")


@staff_required
def licence(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    organisation = get_visible_organisation(current_user(request), pk)
    if not organisation.licence:
        return HttpResponse(gettext("未上传"), status=404)
    handle = organisation.licence.open("rb")
    return stored_file_response(handle, kind=sniffed_kind(handle), name=f"{organisation.code}-licence")
