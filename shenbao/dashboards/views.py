"""Stand-alone dashboard pages (the home pages include the same partials)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shenbao.accounts.access import applicant_required, city_admin_required, current_user, reviewer_required
from shenbao.dashboards.context import applicant_dashboard, city_dashboard, reviewer_dashboard


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
