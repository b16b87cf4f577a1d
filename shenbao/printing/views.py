"""PDF downloads: an application's printable package and a district's 附件2 summary."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from shenbao.accounts.access import current_user, staff_required
from shenbao.applications.models import ApplicationKind
from shenbao.applications.selectors import can_see_full_ids
from shenbao.printing import selectors
from shenbao.printing.package import build_application_pdf, record_path
from shenbao.printing.summary import build_summary_pdf


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The package may hold full ID numbers: never kept by a shared cache or the browser's.
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.printable_application(user, pk)
    content = build_application_pdf(
        application,
        full_ids=can_see_full_ids(user, application),
        record_url=request.build_absolute_uri(record_path(application)),
    )
    return _pdf(content, f"{application.reference}.pdf")


@staff_required
def summary_pdf(request: HttpRequest, number: int, year: int) -> HttpResponse:
    authority, call = selectors.summary_scope(current_user(request), number=number, year=year)
    kind = request.GET.get("kind", ApplicationKind.EMPLOYEES)
    if kind not in ApplicationKind.values:
        raise Http404
    content = build_summary_pdf(
        area_name=authority.area_name,
        rows=selectors.summary_lines(authority=authority, call=call, kind=kind),
        kind=kind,
        call_year=call.year,
    )
    return _pdf(content, f"summary-{call.year}-{authority.number:02d}-{kind}.pdf")
