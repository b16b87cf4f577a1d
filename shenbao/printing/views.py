"""PDF downloads: an application's printable package and an authority's 附件2 summary."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext

from shenbao.accounts.access import current_user, staff_required
from shenbao.applications.labels import refusal_text
from shenbao.applications.models import ApplicationKind
from shenbao.applications.selectors import can_see_full_ids
from shenbao.audit.models import Action
from shenbao.audit.services import record
from shenbao.domain.workflow import TransitionNotAllowed
from shenbao.downloads.services import request_download
from shenbao.exports import queued
from shenbao.printing import selectors
from shenbao.printing.builders import SUMMARY_PDF
from shenbao.printing.package import record_path
from shenbao.printing.summary import build_summary_pdf
from shenbao.reviews.selectors import SummaryTable


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The package may hold full ID numbers: never kept by a shared cache or the browser's.
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Queued for the worker (a 100,000-person package takes a while); the user watches it being built."""
    user = current_user(request)
    application = selectors.printable_application(user, pk)
    full_ids = can_see_full_ids(user, application)
    try:
        download = request_download(
            by=user,
            kind="package_pdf",
            params={
                "application": application.pk,
                "full_ids": full_ids,
                "record_url": request.build_absolute_uri(record_path(application)),
            },
            label=gettext("申报材料（PDF）"),
            filename=f"{application.reference}.pdf",
            content_type="application/pdf",
        )
    except TransitionNotAllowed as refused:
        messages.error(request, refusal_text(refused))
        return redirect(request.headers.get("Referer") or "/")
    record(
        request=request,
        action=Action.VIEW_FULL_ID if full_ids else Action.EXPORT,
        target=application,
        file="package.pdf",
    )
    return redirect("downloads:detail", download.token)


def _kind(request: HttpRequest) -> str | None:
    """?kind=employees or trainees prints one table; without it, both (as on the page)."""
    kind = request.GET.get("kind") or None
    if kind is not None and kind not in ApplicationKind.values:
        raise Http404
    return kind


@staff_required
def summary_pdf(request: HttpRequest, number: int, year: int) -> HttpResponse:
    """The next summary (accepted, not yet reported) of an authority, as on the reviewer's summary page."""
    authority, call = selectors.summary_scope(current_user(request), number=number, year=year)
    kind = _kind(request)
    tables = selectors.draft_summary_tables(authority=authority, call=call, kind=kind)
    params = {"authority": authority.pk, "call": call.pk, "kind": kind}
    return _summary(request, tables, params, f"summary-{call.year}-{authority.number:02d}.pdf", call.year)


@staff_required
def reported_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A summary as reported to the city, to print, sign and stamp."""
    kind = _kind(request)
    call, tables = selectors.reported_summary_tables(current_user(request), pk, kind=kind)
    return _summary(
        request, tables, {"reported": pk, "kind": kind}, f"summary-{call.year}-{pk}.pdf", call.year
    )


def _summary(
    request: HttpRequest, tables: list[SummaryTable], params: dict[str, Any], filename: str, year: int
) -> HttpResponse:
    """A 附件2 PDF at once; for a large authority (more applications than an export answers at
    once) built by the worker from ``params``, which name only what the user may print."""
    if sum(len(table.rows) for table in tables) <= settings.SHENBAO_INLINE_EXPORT_ROWS:
        return _pdf(build_summary_pdf(tables=tables, call_year=year), filename)
    return queued(
        request,
        kind=SUMMARY_PDF,
        params=params,
        label=gettext("汇总表（PDF）"),
        filename=filename,
        content_type="application/pdf",
    )
