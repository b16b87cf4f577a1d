"""City admin pages: totals, approve / send back / pay / move, moving an organisation, the payment list."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from shenbao.accounts.access import city_admin_required, current_user
from shenbao.applications.models import ApplicationKind
from shenbao.calls.models import Call
from shenbao.exports import Table, table_xlsx, xlsx_response
from shenbao.organisations.models import Organisation
from shenbao.reviews import approvals, forms, selectors
from shenbao.reviews.views import _attempt, _valid

PAYMENT_HEADERS = (
    "序号",
    "受理部门",
    "申报单位",
    "申报类型",
    "表格行号",
    "姓名",
    "证件类型",
    "证件号码",
    "支持金额（元）",
)


@city_admin_required
def city(request: HttpRequest) -> HttpResponse:
    call = selectors.current_call(request.GET.get("call"))
    user = current_user(request)
    context: dict[str, object] = {"call": call, "calls": Call.objects.all(), "kinds": ApplicationKind.choices}
    if call is not None:
        context["totals"] = selectors.city_totals(user, call)
        context["summaries"] = selectors.summaries_visible_to(user).filter(call=call)
    return render(request, "reviews/city.html", context)


@require_POST
@city_admin_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    form = forms.VersionForm(request.POST)
    if _valid(request, form):
        _attempt(
            request,
            lambda: approvals.approve_application(
                by=user, application=application, expected_version=form.cleaned_data["version"]
            ),
            gettext("已审定，金额已确定。"),
        )
    return redirect("reviews:application", pk=pk)


@require_POST
@city_admin_required
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    form = forms.ReasonForm(request.POST, prefix="send_back")
    if _valid(request, form):
        _attempt(
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


@require_POST
@city_admin_required
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    form = forms.PayForm(request.POST)
    if _valid(request, form):
        _attempt(
            request,
            lambda: approvals.pay_application(
                by=user,
                application=application,
                expected_version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            ),
            gettext("已记录拨付。"),
        )
    return redirect("reviews:application", pk=pk)


@require_POST
@city_admin_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    form = forms.MoveForm(request.POST)
    if _valid(request, form):
        _attempt(
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
        moved = _attempt(
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
def approved_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The city-wide payment list: approved persons and amounts, ID numbers masked."""
    call = Call.objects.filter(pk=pk).first()
    if call is None:
        raise Http404
    rows = []
    total = 0.0
    for index, row in enumerate(selectors.approved_persons(call), start=1):
        application = row.application
        per_person = float(application.amount or 0) / (application.eligible_persons or 1)
        total += per_person
        rows.append(
            (
                index,
                application.authority.name,
                application.organisation.name,
                application.get_kind_display(),
                row.number,
                row.name,
                row.id_type,
                row.id_masked,
                round(per_person, 2),
            )
        )
    table = Table(
        f"{call.year}年度服务外包培训支持审定人员名单",
        PAYMENT_HEADERS,
        rows,
        sheet_name="审定名单",
        widths=(6, 10, 36, 24, 8, 10, 8, 22, 14),
        total=("总计", "", "", "", "", len(rows), "", "", round(total, 2)),
    )
    return xlsx_response(table_xlsx(table), f"{call.year}年度审定人员名单.xlsx", request=request)
