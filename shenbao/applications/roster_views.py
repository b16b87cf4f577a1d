"""The applicant's roster pages: the check result, the upload and its progress, one row and its editor.

The row editor works inline in the roster table (htmx swaps the row and the header's counts) and
as a page of its own (a plain form post, e.g. when opened in a new tab).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from shenbao.accounts.access import applicant_required, current_user
from shenbao.applications import edits, selectors, uploads
from shenbao.applications import rows as stored_rows
from shenbao.applications.facts import roster_counts
from shenbao.applications.forms import RosterUploadForm, RowForm
from shenbao.applications.kinds import has_code, summary_by_kind, valid_kind
from shenbao.applications.labels import kind_label, refusal_text
from shenbao.applications.models import Application, RosterRow, RosterUpload
from shenbao.applications.pages import columns_of, is_allowed, is_htmx, offers_for, own_application
from shenbao.applications.paging import RosterPaginator
from shenbao.applications.results import results
from shenbao.applications.views import render_detail
from shenbao.domain.roster import RosterKind
from shenbao.domain.workflow import Action, TransitionNotAllowed

ROWS_PER_PAGE = 100
FINISHED = set(RosterUpload.State) - set(RosterUpload.WAITING)


@require_GET
@applicant_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    upload = selectors.latest_upload(application)
    counts = roster_counts(application)
    outcome = selectors.roster_outcome(counts, upload)
    show = request.GET.get("show") or ("problems" if outcome == "problems" else "all")
    kind = valid_kind(request.GET.get("kind", ""))
    rows = selectors.roster_rows(application, only_problems=show == "problems")
    page = RosterPaginator(rows.filter(has_code(kind)) if kind else rows, ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    offers = offers_for(application, counts)
    pinned = selectors.reasons_by_row(application)
    columns = columns_of(application)
    return render(
        request,
        "applications/roster.html",
        {
            "application": application,
            "title": gettext("花名册检查结果 · %(reference)s") % {"reference": application.reference},
            "upload": upload,
            "outcome": outcome,
            "counts": counts,
            "page": page,
            "row_views": [selectors.row_view(r, columns, pinned.get(r.number)) for r in page],
            "show": show,
            "kind": kind,
            "kind_title": kind_label(kind) if kind else "",
            "kinds": summary_by_kind(application),
            "columns": columns,
            "editable": is_allowed(offers, Action.EDIT_ROSTER),
            "can_upload": is_allowed(offers, Action.UPLOAD_ROSTER),
            "results": results(application),
            "upload_form": RosterUploadForm(),
        },
    )


@require_POST
@applicant_required
def upload_roster(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    form = RosterUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = uploads.start_roster_upload(
                by=current_user(request), application=application, upload=form.cleaned_data["file"]
            )
        except TransitionNotAllowed as exc:
            form.add_error("file", refusal_text(exc))
        else:
            return redirect("applications:progress", pk=application.pk, upload_pk=job.pk)
    return render_detail(request, application, upload_form=form)


@require_GET
@applicant_required
def upload_progress(request: HttpRequest, pk: int, upload_pk: int) -> HttpResponse:
    application = own_application(request, pk)
    job = application.uploads.filter(pk=upload_pk).first()
    if job is None:
        raise Http404
    if job.state in FINISHED:
        target = reverse("applications:roster", args=[application.pk])
        return HttpResponseClientRedirect(target) if is_htmx(request) else redirect(target)
    now = timezone.now()
    # A check whose worker died is taken over by another worker's sweep (jobs.py), not by this page.
    template = "applications/_progress.html" if is_htmx(request) else "applications/progress.html"
    context = {"application": application, "job": job, "title": gettext("正在检查花名册")}
    return render(request, template, {**context, "stalled": job.is_stalled(now)})


def _row_context(application: Application, row: RosterRow) -> dict[str, Any]:
    columns = columns_of(application)
    pinned = selectors.reasons_by_row(application)
    return {
        "application": application,
        "view": selectors.row_view(row, columns, pinned.get(row.number)),
        "columns": columns,
        "editable": is_allowed(offers_for(application), Action.EDIT_ROSTER),
    }


@require_GET
@applicant_required
def row(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    application = own_application(request, pk)
    stored = application.rows.filter(pk=row_pk).first()
    if stored is None:
        raise Http404
    return render(request, "applications/_row.html", _row_context(application, stored))


@never_cache  # the form holds the full ID number: never kept in a browser or proxy cache
@applicant_required
def edit_row(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """The row editor: inline in the roster table with htmx, or its own page without (e.g. a new tab)."""
    user = current_user(request)
    application = own_application(request, pk)
    stored = application.rows.filter(pk=row_pk).first()
    if stored is None:
        raise Http404
    kind = RosterKind(application.kind)
    shown = stored_rows.domain_row(stored).values
    if not selectors.can_see_full_ids(user, application):
        shown["证件号码"] = stored.id_masked
    form = RowForm(request.POST or None, kind=kind, initial={**shown, "version": stored.version})
    # Only a request from the roster table itself swaps a table row; the standalone page posts plainly.
    inline = is_htmx(request) and request.headers.get("HX-Target", "") != ""
    if request.method == "POST" and form.is_valid():
        changes = form.changed_values(shown)
        try:
            if changes:
                stored = edits.edit_row(
                    by=user,
                    application=application,
                    row_id=stored.pk,
                    values=changes,
                    expected_version=form.cleaned_data["version"],
                )
        except TransitionNotAllowed as exc:
            form.add_error(None, refusal_text(exc))
        else:
            if inline:
                application.refresh_from_db()
                return render(request, "applications/_row_saved.html", _saved_context(application, stored))
            messages.success(
                request, gettext("第 %(number)s 行已保存并重新检查。") % {"number": stored.number}
            )
            return redirect(reverse("applications:roster", args=[application.pk]) + f"#row-{stored.number}")
    template = "applications/_row_form.html" if inline else "applications/row_edit.html"
    return render(
        request,
        template,
        {
            **_row_context(application, stored),
            "form": form,
            "inline": inline,
            "title": gettext("修改第 %(number)s 行") % {"number": stored.number},
        },
    )


def _saved_context(application: Application, stored: RosterRow) -> dict[str, Any]:
    """The saved row, and the roster's counts as stored now (swapped into the page's header too)."""
    counts = roster_counts(application)
    upload = selectors.latest_upload(application)
    return {
        **_row_context(application, stored),
        "rechecked": True,
        "counts": counts,
        "upload": upload,
        "outcome": selectors.roster_outcome(counts, upload),
    }
