"""The home page of each role and the stand-alone dashboard pages (the home pages include the same partials)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shenbao.accounts.access import applicant_required, city_admin_required, current_user, reviewer_required
from shenbao.accounts.models import Role
from shenbao.dashboards.context import applicant_dashboard, city_dashboard, reviewer_dashboard
from shenbao.organisations.selectors import pending_for_authority

HOME_TEMPLATES = {
    Role.APPLICANT: "accounts/home_applicant.html",
    Role.REVIEWER: "accounts/home_reviewer.html",
    Role.CITY_ADMIN: "accounts/home_city_admin.html",
    Role.SECURITY_AUDITOR: "accounts/home_security_auditor.html",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    context: dict[str, object] = {}
    if user.is_applicant:
        context |= applicant_dashboard(user)
    elif user.is_reviewer and user.authority is not None:
        context["pending_organisations"] = pending_for_authority(user.authority)
        context |= reviewer_dashboard(user)
    elif user.is_city_admin:
        context |= city_dashboard(user)
    return render(request, HOME_TEMPLATES[Role(user.role)], context)


@city_admin_required
def city(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    context = city_dashboard(current_user(request), year=int(year) if year.isdigit() else None)
    return render(request, "dashboards/city.html", context)


@reviewer_required
def reviewer(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/reviewer.html", reviewer_dashboard(current_user(request)))


@applicant_required
def applicant(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/applicant.html", applicant_dashboard(current_user(request)))
