"""Context builders for the role home pages: each returns what its ``dashboards/_<role>.html`` needs.

{% include "dashboards/_city.html" %}      with city_dashboard(user) merged into the context
{% include "dashboards/_reviewer.html" %}  with reviewer_dashboard(user)
{% include "dashboards/_applicant.html" %} with applicant_dashboard(user)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.accounts.models import User
from shenbao.applications.labels import status_label
from shenbao.applications.models import Application
from shenbao.calls.models import Call
from shenbao.dashboards import selectors
from shenbao.dashboards.charts import bar_chart, format_number
from shenbao.domain.workflow import Status


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart and the same numbers as a table (for screen readers, printing and copying)."""

    key: str
    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]]


def _money(value: Decimal) -> str:
    return format_number(value)


def _figures_table(groups: list[selectors.Figures], first: str) -> tuple[list[str], list[list[str]]]:
    headers = [first, gettext("申报数"), gettext("申报人数"), gettext("审定人数"), gettext("审定金额（元）")]
    rows = [
        [g.label, str(g.applications), str(g.persons), str(g.eligible_persons), _money(g.amount)]
        for g in [*groups, selectors.total_of(groups)]
    ]
    return headers, rows


def city_dashboard(user: User, *, year: int | None = None) -> dict[str, object]:
    """Figures for the city admin: per district, kind, status, call and catalog category.

    ``year`` picks the call (default: the latest); the over-calls chart always covers all calls.
    """
    if not user.is_city_admin:
        raise Http404
    call = (Call.objects.filter(year=year).first() if year is not None else None) or selectors.latest_call()
    districts = selectors.by_district(call)
    kinds = selectors.by_kind(call)
    statuses = selectors.by_status(call)
    calls = selectors.by_call()
    categories = selectors.by_category(call)
    charts: list[Chart] = []

    headers, rows = _figures_table(districts, gettext("主管部门"))
    charts.append(
        Chart(
            "district-persons",
            gettext("各区申报人数"),
            bar_chart(
                [(g.label, g.persons) for g in districts], title=gettext("各区申报人数"), unit=gettext(" 人")
            ),
            headers,
            rows,
        )
    )
    charts.append(
        Chart(
            "district-amount",
            gettext("各区审定金额"),
            bar_chart(
                [(g.label, g.amount) for g in districts],
                title=gettext("各区审定金额（元）"),
                unit=gettext(" 元"),
            ),
            headers,
            rows,
        )
    )
    shown_statuses = list(Status)
    charts.append(
        Chart(
            "status",
            gettext("申报状态分布"),
            bar_chart(
                [(g.label, g.applications) for g in statuses],
                title=gettext("各状态申报数"),
                unit=gettext(" 份"),
            ),
            [gettext("状态"), gettext("申报数")],
            [[g.label, str(g.applications)] for g in statuses]
            + [[gettext("合计"), str(sum(g.applications for g in statuses))]],
        )
    )
    headers, rows = _figures_table(kinds, gettext("申报类型"))
    charts.append(
        Chart(
            "kind",
            gettext("按申报类型"),
            bar_chart(
                [(g.label, g.persons) for g in kinds],
                title=gettext("各申报类型申报人数"),
                unit=gettext(" 人"),
            ),
            headers,
            rows,
        )
    )
    headers, rows = _figures_table(calls, gettext("申报批次"))
    charts.append(
        Chart(
            "calls",
            gettext("历年申报"),
            bar_chart(
                [(g.label, g.persons) for g in calls], title=gettext("历年申报人数"), unit=gettext(" 人")
            ),
            headers,
            rows,
        )
    )
    if categories.available:
        charts.append(
            Chart(
                "category",
                gettext("按服务外包类别（ITO/BPO/KPO）"),
                bar_chart(
                    [(g.label, g.enterprises) for g in categories.groups],
                    title=gettext("从事各类别的申报企业数"),
                    unit=gettext(" 家"),
                    description=gettext("按指导目录判定，该类别离岸执行额大于零的申报企业"),
                ),
                [gettext("类别"), gettext("企业数"), gettext("其中重点培育"), gettext("申报人数")],
                [
                    [g.label, str(g.enterprises), str(g.key_cultivation), str(g.persons)]
                    for g in categories.groups
                ],
            )
        )
    return {
        "call": call,
        "calls": list(Call.objects.order_by("-year")),
        "districts": districts,
        "district_total": selectors.total_of(districts),
        "district_total_amount": _money(selectors.total_of(districts).amount),
        "status_columns": [(s.value, status_label(s)) for s in shown_statuses],
        "district_status_rows": [
            (g.label, [g.status_count(s) for s in shown_statuses], g.applications)
            for g in [*districts, selectors.total_of(districts)]
        ],
        "charts": charts,
        "category_note": categories.note,
    }


def reviewer_dashboard(user: User, *, on: date | None = None) -> dict[str, object]:
    """The reviewer's own district only: queue by status, what waits on them, correction deadlines."""
    if not user.is_reviewer:
        raise Http404
    today = on or timezone.localdate()
    queue = selectors.reviewer_queue(user, on=today)
    return {"queue": queue, "today": today}


@dataclass(frozen=True, slots=True)
class ApplicantLine:
    application: Application
    status_label: str
    next_step: str


def applicant_dashboard(user: User, *, on: date | None = None) -> dict[str, object]:
    """Each of the organisation's applications with its status and the next thing to do."""
    if not user.is_applicant:
        raise Http404
    today = on or timezone.localdate()
    lines = [
        ApplicantLine(application, status_label(application.status), _next_step(application, today))
        for application in selectors.applications_of(user)
    ]
    return {"applicant_lines": lines, "today": today}


def _next_step(application: Application, on: date) -> str:
    # The applications app owns the wording; until it offers next_step, say the status plainly.
    from shenbao.applications import selectors as application_selectors

    next_step = getattr(application_selectors, "next_step", None)
    if next_step is not None:
        return str(next_step(application, on))
    return str(FALLBACK_STEPS.get(Status(application.status), ""))


FALLBACK_STEPS = {
    Status.DRAFT: _("完善花名册和材料后提交。"),
    Status.SUBMITTED: _("等待主管部门审核。"),
    Status.RETURNED: _("按退回原因修改后重新提交。"),
    Status.ACCEPTED: _("区主管部门已审核通过，等待上报市级。"),
    Status.REPORTED: _("已上报市级，等待审定。"),
    Status.APPROVED: _("市级已审定，等待拨付。"),
}
