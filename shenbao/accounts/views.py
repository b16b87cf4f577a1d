from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from shenbao.accounts import services
from shenbao.accounts.access import applicant_required, city_admin_required, current_user, role_required
from shenbao.accounts.forms import AssignAuthorityForm, NewAccountForm, ReviewerForm
from shenbao.accounts.models import Role, User


@applicant_required
def colleagues(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_colleague(
            by=user,
            username=data["username"],
            password=data["password1"],
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
        )
        messages.success(request, gettext("已添加账号：%(username)s") % {"username": data["username"]})
        return redirect("accounts:colleagues")
    people = User.objects.filter(organisation=user.organisation).order_by("username")
    return render(request, "accounts/colleagues.html", {"form": form, "people": people})


@city_admin_required
def staff(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = ReviewerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_reviewer(
            by=user,
            username=data["username"],
            password=data["password1"],
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            authority=data["authority"],
        )
        messages.success(
            request, gettext("已创建审核人员账号：%(username)s") % {"username": data["username"]}
        )
        return redirect("accounts:staff")
    reviewers = (
        User.objects.filter(role=Role.REVIEWER).select_related("authority").order_by("authority__number")
    )
    return render(
        request,
        "accounts/staff.html",
        {"form": form, "reviewers": reviewers, "assign_form": AssignAuthorityForm()},
    )


@require_POST
@city_admin_required
def staff_assign(request: HttpRequest, user_id: int) -> HttpResponse:
    reviewer = get_object_or_404(User, pk=user_id, role=Role.REVIEWER)
    form = AssignAuthorityForm(request.POST)
    if form.is_valid():
        services.assign_authority(
            by=current_user(request), reviewer=reviewer, authority=form.cleaned_data["authority"]
        )
        messages.success(
            request,
            gettext("%(username)s 已调整到 %(authority)s")
            % {"username": reviewer.username, "authority": form.cleaned_data["authority"]},
        )
    else:
        messages.error(request, gettext("请选择主管部门。"))
    return redirect("accounts:staff")


@require_POST
@role_required(Role.APPLICANT, Role.CITY_ADMIN)
def set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = current_user(request)
    target = get_object_or_404(User, pk=user_id)
    active = request.POST.get("active") == "1"
    services.set_active(by=actor, user=target, active=active)
    text = gettext("%(username)s 已启用") if active else gettext("%(username)s 已停用")
    messages.success(request, text % {"username": target.username})
    return redirect("accounts:staff" if actor.is_city_admin else "accounts:colleagues")
