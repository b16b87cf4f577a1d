"""Authority review pages: the queue, one application, per-person decisions, receipt, return/accept/reject.

What the page offers comes from the flow (offers.shown_offers); a refused action shows its reasons
where its button would be. Return, accept and reject go through a confirmation page.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shenbao.accounts.access import current_user, reviewer_required, staff_required
from shenbao.accounts.models import User
from shenbao.applications.facts import application_facts, roster_counts, today
from shenbao.applications.labels import refusal_text
from shenbao.applications.models import Application, Payment
from shenbao.applications.offers import shown_findings, shown_offers
from shenbao.applications.paging import RosterPaginator
from shenbao.applications.selectors import CHANGES_SHOWN, can_see_full_ids, changes_shown
from shenbao.applications.transitions import actor_of
from shenbao.audit.models import Action as AuditAction
from shenbao.audit.services import record
from shenbao.crosschecks.selectors import findings_for_rows
from shenbao.domain.workflow import Action, TransitionNotAllowed
from shenbao.personal_data import protector
from shenbao.reviews import forms, review_page, selectors, services
from shenbao.reviews.confirmations import review_confirmation
from shenbao.reviews.roster_filter import (
    FILTERS,
    SORTS,
    RosterQuery,
    filtered_rows,
    summary_by_kind,
    without_findings,
)
from shenbao.uploads import stored_file_response
from shenbao.web import is_confirmed, render_confirmation

ROWS_PER_PAGE = 50


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    filters = forms.QueueFilterForm(request.GET or None)
    status = kind = ""
    if filters.is_valid():
        status, kind = filters.cleaned_data["status"], filters.cleaned_data["kind"]
    applications = selectors.review_queue(user, status=status, kind=kind)
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    moved = selectors.moved_away(user.authority)[:20] if user.authority else []
    return render(request, "reviews/queue.html", {"filters": filters, "page": page, "moved": moved})


@staff_required
def home_summary(request: HttpRequest) -> HttpResponse:
    """The queue at a glance, loaded by the home page partials."""
    return render(
        request, "reviews/_queue_counts.html", {"counts": review_page.queue_counts(current_user(request))}
    )


@staff_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    return render(request, "reviews/application.html", page_context(request, user, application))


def page_context(request: HttpRequest, user: User, application: Application) -> dict[str, object]:
    counts = roster_counts(application)
    facts = application_facts(application, counts)
    offers = shown_offers(facts, actor_of(user), today())
    decide = offers.get(Action.DECIDE_ROWS.value)
    columns = review_page.review_columns(application)
    query = RosterQuery.from_get(request.GET)
    shown = filtered_rows(application, query)
    rows = RosterPaginator(shown, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    version = {"version": application.version}
    changes = changes_shown(application)
    can_decide = decide is not None and decide.is_allowed
    return {
        "application": application,
        "query": query,
        "return_query": return_query(request),
        "filters": FILTERS,
        "sorts": SORTS,
        "kinds": summary_by_kind(application),
        "progress": review_page.progress(counts),
        "next_undecided": review_page.next_undecided(application),
        "bulk_count": without_findings(shown).count() if can_decide else 0,
        "bulk_form": forms.FilterDecisionForm(initial={**query.params(), "decision": "eligible"}),
        "offers": offers,
        "findings": shown_findings(facts),
        "catalog": review_page.catalog_decision(application),
        "catalog_data_year": facts.data_year,
        "counts": counts,
        "payment": Payment.objects.filter(application=application).first(),
        "rows": rows,
        "review_columns": columns,
        "review_rows": [review_page.review_row(row, columns) for row in rows],
        # The same person claimed elsewhere in the city, as much as this user may know of it.
        "cross_findings": findings_for_rows(user, application, rows.object_list),
        "can_decide": can_decide,
        "can_see_full_ids": can_see_full_ids(user, application),
        "attachments": application.attachments.all(),
        "events": selectors.history(application),
        # Stored when the application was resubmitted; the page lists the first persons of each kind.
        "changes": changes[0],
        "change_counts": changes[1],
        "changes_limit": CHANGES_SHOWN,
        "receipt_form": forms.ReceiptForm(
            initial={
                **version,
                "paper_volumes_received": application.paper_volumes_received
                if application.paper_volumes_received is not None
                else application.paper_volumes_declared,
                "materials_complete": "yes" if application.materials_complete else "no",
                "review_remarks": application.review_remarks,
            }
        ),
        "return_form": forms.ReturnForm(initial=version),
        "reject_form": forms.ReasonForm(initial=version, prefix="reject"),
        "send_back_form": forms.ReasonForm(initial=version, prefix="send_back"),
        "move_form": forms.MoveForm(initial=version),
    }


@never_cache  # a full ID number is never kept in a browser or proxy cache
@staff_required
def full_id(request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
    """The full ID number of one row, on demand, to those entitled to it."""
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    row = selectors.get_row(application, row_id)
    if not can_see_full_ids(user, application) or not row.id_cipher:
        return render(request, "reviews/_full_id.html", {"number": row.id_masked})
    record(request=request, action=AuditAction.VIEW_FULL_ID, target=row)
    return render(request, "reviews/_full_id.html", {"number": protector().decrypt(row.id_cipher)})


@staff_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    application = selectors.get_reviewable_application(current_user(request), pk)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return stored_file_response(
        attachment.file.open("rb"), kind=attachment.kind, name=attachment.original_name
    )


@require_POST
@reviewer_required
def row_decide(request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    row = selectors.get_row(application, row_id)
    form = forms.RowDecisionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.decide_rows(
                by=user,
                application=application,
                rows=[services.RowDecision(row.pk, form.cleaned_data["version"])],
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except TransitionNotAllowed as refusal:
            error = refusal_text(refusal)
    else:
        error = gettext("请选择审核结论。")
    if request.htmx:  # type: ignore[attr-defined]
        # The row again, and the progress line out of band: no full reload, the line stays true.
        row.refresh_from_db()
        columns = review_page.review_columns(application)
        return render(
            request,
            "reviews/_row_decided.html",
            {
                "line": review_page.review_row(row, columns),
                "application": application,
                "can_decide": True,
                "row_error": error,
                "return_query": return_query(request),
                "can_see_full_ids": can_see_full_ids(user, application),
                "cross_findings": findings_for_rows(user, application, [row]),
                "progress": review_page.progress(roster_counts(application)),
                "next_undecided": review_page.next_undecided(application),
            },
        )
    _flash(request, error, gettext("已记录第 %(number)s 行的审核结论。") % {"number": row.number})
    # Back to the same filter, order and page, at the person just decided (the plain form's way).
    back = reverse("reviews:application", args=[pk]) + "?" + return_query(request)
    return redirect(f"{back}#row-{row.pk}")


def return_query(request: HttpRequest) -> str:
    """The roster page's filter, order and page as a query string (only values the page understands)."""
    params = RosterQuery.from_get(request.GET).params()
    page = request.GET.get("page", "")
    if page.isdigit() and len(page) < 7:
        params["page"] = page
    return urlencode(params)


@require_POST
@reviewer_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    form = forms.ReceiptForm(request.POST)
    if valid(request, form):
        data = form.cleaned_data
        attempt(
            request,
            lambda: services.record_receipt(
                by=user,
                application=application,
                expected_version=data["version"],
                paper_volumes_received=data["paper_volumes_received"],
                materials_complete=data["materials_complete"],
                review_remarks=data["review_remarks"],
            ),
            gettext("已登记材料接收情况。"),
        )
    return redirect("reviews:application", pk=pk)


def _decide(
    request: HttpRequest,
    pk: int,
    action: Action,
    form_class: Callable[..., django_forms.Form],
    take: Callable[[User, Application, django_forms.Form], object],
    success: str,
) -> HttpResponse:
    """Confirm, then take one of the reviewer's decisions; a POST without the confirmation changes nothing."""
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    facts = application_facts(application)
    offer = shown_offers(facts, actor_of(user), today()).get(action.value)
    needs = offer.needs if offer is not None else frozenset()
    form = form_class(request.POST or None, initial={"version": application.version}, needs=needs)
    if is_confirmed(request, action, application.pk, application.version) and form.is_valid():
        try:
            take(user, application, form)
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal_text(refusal))
        else:
            messages.success(request, success)
            return redirect("reviews:application", pk=pk)
    page = review_confirmation(request, application, action, facts, roster_counts(application), form, today())
    return render_confirmation(request, page)


@reviewer_required
def return_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        Action.RETURN,
        _without_needs(forms.ReturnForm),
        lambda user, application, form: services.return_application(
            by=user,
            application=application,
            expected_version=form.cleaned_data["version"],
            reasons=form.reasons(),  # type: ignore[attr-defined]
            deadline=form.cleaned_data["deadline"],
        ),
        gettext("已退回申报单位补正。"),
    )


@reviewer_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        Action.ACCEPT,
        forms.AcceptForm,
        lambda user, application, form: services.accept_application(
            by=user,
            application=application,
            expected_version=form.cleaned_data["version"],
            override_reason=str(form.value("override_reason")),  # type: ignore[attr-defined]
            volumes_acknowledged=bool(form.value("volumes_acknowledged")),  # type: ignore[attr-defined]
        ),
        gettext("已审核通过，可列入汇总表上报。"),
    )


@reviewer_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        Action.REJECT,
        _without_needs(forms.ReasonForm, prefix="reject"),
        lambda user, application, form: services.reject_application(
            by=user,
            application=application,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        ),
        gettext("已作出不予通过的决定。"),
    )


def _without_needs(
    form_class: type[django_forms.Form], prefix: str | None = None
) -> Callable[..., django_forms.Form]:
    """A form that asks for nothing beyond its own fields, built as the AcceptForm is (with ``needs``)."""

    def build(data: object = None, *, initial: dict[str, object], needs: frozenset[str]) -> django_forms.Form:
        return form_class(data, initial=initial, prefix=prefix)  # type: ignore[arg-type]

    return build


def valid(request: HttpRequest, form: django_forms.Form) -> bool:
    if form.is_valid():
        return True
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(
                request,
                gettext("%(label)s：%(error)s") % {"label": label, "error": error} if label else str(error),
            )
    return False


def attempt(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    try:
        action()
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal_text(refusal))
        return False
    messages.success(request, success)
    return True


def _flash(request: HttpRequest, error: str, success: str) -> None:
    if error:
        messages.error(request, error)
    else:
        messages.success(request, success)
