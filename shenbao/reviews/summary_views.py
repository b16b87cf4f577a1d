"""附件2 pages: the authority's summary on screen and as .xlsx, reporting it, and reported summaries."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from shenbao.accounts.access import current_user, reviewer_required, staff_required
from shenbao.applications.labels import refusal_text
from shenbao.calls.models import Call
from shenbao.directory.models import Authority
from shenbao.domain.workflow import Action, TransitionNotAllowed
from shenbao.exports import export
from shenbao.reviews import selectors, services
from shenbao.reviews.confirmations import report_confirmation
from shenbao.reviews.export_tables import SUMMARY_TABLES, summary_sheets
from shenbao.reviews.forms import ReportForm
from shenbao.web import is_confirmed, render_confirmation


def _call(request: HttpRequest) -> Call:
    call = selectors.current_call(request.GET.get("call") or request.POST.get("call"))
    if call is None:
        raise Http404
    return call


def _authority(request: HttpRequest) -> Authority:
    authority = current_user(request).authority
    if authority is None:
        raise Http404
    return authority


@reviewer_required
def summary(request: HttpRequest) -> HttpResponse:
    """The next summary: the accepted applications not yet reported."""
    call, authority = _call(request), _authority(request)
    tables = selectors.summary_tables(authority, selectors.accepted_for_summary(authority, call))
    reported = selectors.summaries_visible_to(current_user(request)).filter(call=call)
    return render(
        request,
        "reviews/summary.html",
        {
            "call": call,
            "tables": tables,
            "reported": reported,
            "calls": Call.objects.all(),
            "draft": True,
            "reportable": any(table.rows for table in tables),
        },
    )


@reviewer_required
def summary_export(request: HttpRequest) -> HttpResponse:
    call, authority = _call(request), _authority(request)
    rows = selectors.accepted_for_summary(authority, call).count()  # one line per application
    params = {"authority": authority.pk, "call": call.pk}
    return _xlsx(request, rows, params, f"{authority.area_name}{call.year}年度申报情况汇总表.xlsx")


@require_POST
@reviewer_required
def report(request: HttpRequest) -> HttpResponse:
    """The confirmation page lists what will be reported; the report itself once confirmed."""
    user = current_user(request)
    call = _call(request)
    applications = services.reportable(user, call)
    expected = [(a.pk, a.version) for a in applications]
    state = [f"{pk}.{version}" for pk, version in expected]
    form = ReportForm(request.POST, initial={"call": call.pk})
    if is_confirmed(request, Action.REPORT, call.pk, *state) and form.is_valid():
        try:
            reported = services.report_summary(by=user, call=call, expected=expected)
        except TransitionNotAllowed as refusal:
            messages.error(request, refusal_text(refusal))
            return redirect(f"{reverse('reviews:summary')}?call={call.pk}")
        messages.success(
            request, gettext("已上报市级：%(count)s 项申报。") % {"count": reported.applications.count()}
        )
        return redirect("reviews:summary_detail", pk=reported.pk)
    eligible = selectors.eligible_counts(applications)
    return render_confirmation(request, report_confirmation(request, call, applications, eligible, form))


@staff_required
def summary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reported = selectors.get_visible_summary(current_user(request), pk)
    tables = selectors.summary_tables(
        reported.authority, reported.applications.select_related("organisation")
    )
    return render(
        request, "reviews/summary.html", {"call": reported.call, "tables": tables, "summary": reported}
    )


@staff_required
def summary_detail_export(request: HttpRequest, pk: int) -> HttpResponse:
    reported = selectors.get_visible_summary(current_user(request), pk)
    filename = f"{reported.authority.area_name}{reported.call.year}年度申报情况汇总表.xlsx"
    return _xlsx(request, reported.applications.count(), {"reported": reported.pk}, filename)


def _xlsx(request: HttpRequest, rows: int, params: dict[str, int], filename: str) -> HttpResponse:
    """At once (the tables built from ``params`` here), or by the worker for an authority with more
    applications than an export answers at once; ``rows`` is their number, one line each."""
    return export(
        request, kind=SUMMARY_TABLES, tables=summary_sheets, params=params, rows=rows, filename=filename
    )
