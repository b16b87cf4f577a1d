"""City admin pages: totals, approve / send back / pay / move, moving an organisation, publishing, the lists.

Approving, recording a payment and publishing go through a confirmation page.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from shenbao.accounts.access import city_admin_required, current_user
from shenbao.applications.facts import application_facts, call_facts, roster_counts, today
from shenbao.applications.labels import refusal_text
from shenbao.applications.models import ApplicationKind
from shenbao.applications.offers import shown_offers
from shenbao.applications.transitions import actor_of
from shenbao.calls.models import Call
from shenbao.calls.selectors import public_notice
from shenbao.domain.workflow import Action, TransitionNotAllowed
from shenbao.exports import export
from shenbao.organisations.models import Organisation
from shenbao.reviews import approvals, forms, publicity, selectors
from shenbao.reviews.confirmations import approve_confirmation, pay_confirmation, publish_confirmation
from shenbao.reviews.export_tables import APPROVED_PERSONS, approved_tables
from shenbao.reviews.views import attempt, valid
from shenbao.web import is_confirmed, render_confirmation


@city_admin_required
def city(request: HttpRequest) -> HttpResponse:
    call = selectors.current_call(request.GET.get("call"))
    user = current_user(request)
    context: dict[str, object] = {"call": call, "calls": Call.objects.all(), "kinds": ApplicationKind.choices}
    if call is not None:
        context["totals"] = selectors.city_totals(user, call)
        context["summaries"] = selectors.summaries_visible_to(user).filter(call=call)
    return render(request, "reviews/city.html", context)


@city_admin_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    facts = application_facts(application)
    offer = shown_offers(facts, actor_of(user), today()).get(Action.APPROVE.value)
    needs = offer.needs if offer is not None else frozenset()
    form = forms.AcceptForm(request.POST or None, initial={"version": application.version}, needs=needs)
    if is_confirmed(request, Action.APPROVE, application.pk, application.version) and form.is_valid():
        try:
            approvals.approve_application(
                by=user,
                application=application,
                expected_version=form.cleaned_data["version"],
                override_reason=str(form.value("override_reason")),
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal_text(refusal))
        else:
            messages.success(request, gettext("已审定，金额已确定。"))
            return redirect("reviews:application", pk=pk)
    page = approve_confirmation(request, application, facts, roster_counts(application), form, today())
    return render_confirmation(request, page)


@require_POST
@city_admin_required
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    form = forms.ReasonForm(request.POST, prefix="send_back")
    if valid(request, form):
        attempt(
            request,
            lambda: approvals.send_back_application(
                by=user,
                application=application,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            ),
            gettext("已退回区级重审。"),
        )
    return redirect("reviews:application", pk=pk)


@city_admin_required
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    facts = application_facts(application)
    initial = {"version": application.version, "paid_on": today(), "amount": application.amount}
    form = forms.PayForm(request.POST or None, initial=initial)
    if is_confirmed(request, Action.PAY, application.pk, application.version) and form.is_valid():
        try:
            approvals.pay_application(
                by=user,
                application=application,
                expected_version=form.cleaned_data["version"],
                paid_on=form.cleaned_data["paid_on"],
                amount=form.cleaned_data["amount"],
                voucher=form.cleaned_data["voucher"],
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal_text(refusal))
        else:
            messages.success(request, gettext("已记录拨付。"))
            return redirect("reviews:application", pk=pk)
    return render_confirmation(request, pay_confirmation(request, application, facts, form, today()))


@require_POST
@city_admin_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    form = forms.MoveForm(request.POST)
    if valid(request, form):
        attempt(
            request,
            lambda: approvals.move_application(
                by=user,
                application=application,
                expected_version=form.cleaned_data["version"],
                to=form.cleaned_data["authority"],
                comment=form.cleaned_data["comment"],
            ),
            gettext("已移交%(authority)s。") % {"authority": form.cleaned_data["authority"].name},
        )
    return redirect("reviews:application", pk=pk)


@city_admin_required
def organisation_move(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("authority"), pk=pk)
    form = forms.MoveOrganisationForm(request.POST or None, initial={"authority": organisation.authority})
    if request.method == "POST" and form.is_valid():
        moved = attempt(
            request,
            lambda: approvals.move_organisation(
                by=current_user(request),
                organisation=organisation,
                to=form.cleaned_data["authority"],
                comment=form.cleaned_data["comment"],
            ),
            gettext("%(organisation)s已改属%(authority)s。")
            % {"organisation": organisation.name, "authority": form.cleaned_data["authority"].name},
        )
        if moved:
            return redirect("reviews:city")
    return render(request, "reviews/organisation_move.html", {"form": form, "organisation": organisation})


@city_admin_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The 公示 of a call's approved list: period and objection contact, confirmed first."""
    call = get_object_or_404(Call, pk=pk)
    form = forms.PublishForm(request.POST or None, initial={"starts_on": today()})
    if is_confirmed(request, Action.PUBLISH, call.pk) and form.is_valid():
        try:
            publicity.publish_call(
                by=current_user(request),
                call=call,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                contact=form.cleaned_data["contact"],
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal_text(refusal))
        else:
            messages.success(request, gettext("已公示%(call)s审定名单。") % {"call": call})
            return redirect("calls:list")
    lines = public_notice(call)
    total = sum((line.amount for line in lines), Decimal("0.00"))
    persons = sum(line.persons for line in lines)
    page = publish_confirmation(request, call, call_facts(call), len(lines), persons, total, form, today())
    return render_confirmation(request, page)


@city_admin_required
def approved_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The city-wide payment list: at once when small, built by the worker when large."""
    call = Call.objects.filter(pk=pk).first()
    if call is None:
        raise Http404
    return export(
        request,
        kind=APPROVED_PERSONS,
        tables=approved_tables,
        params={"call": call.pk},
        rows=selectors.approved_persons(call).count(),
        filename=f"{call.year}年度审定人员名单.xlsx",
    )
