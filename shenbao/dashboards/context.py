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

from shenbao.accounts.models import User
from shenbao.applications.labels import status_label, status_tone
from shenbao.applications.models import Application
from shenbao.applications.selectors import next_step
from shenbao.calls.models import Call
from shenbao.dashboards import selectors
from shenbao.dashboards.charts import bar_chart
from shenbao.domain.money import yuan
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
    return yuan(value)


def _figures_table(groups: list[selectors.Figures], first: str) -> tuple[list[str], list[list[str]]]:
    headers = [first, gettext("申报数"), gettext("申报人数"), gettext("审定人数"), gettext("审定金额")]
    rows = [
        [g.label, str(g.applications), str(g.persons), str(g.eligible_persons), _money(g.amount)]
        for g in [*groups, selectors.total_of(groups)]
    ]
    return headers, rows


def city_dashboard(user: User, *, year: int | None = None) -> dict[str, object]:
    """Figures for the city admin: per authority, kind, status, call and catalog category.

    ``year`` picks the call (default: the latest); the over-calls chart always covers all calls.
    """
    if not user.is_city_admin:
        raise Http404
    call = (Call.objects.filter(year=year).first() if year is not None else None) or selectors.latest_call()
    authorities = selectors.by_authority(call)
    kinds = selectors.by_kind(call)
    statuses = selectors.by_status(call)
    calls = selectors.by_call()
    categories = selectors.by_category(call)
    charts: list[Chart] = []

    headers, rows = _figures_table(authorities, gettext("主管部门"))
    charts.append(
        Chart(
            "authority-persons",
            gettext("各区申报人数"),
            bar_chart(
                [(g.label, g.persons) for g in authorities],
                title=gettext("各区申报人数"),
                unit=gettext(" 人"),
            ),
            headers,
            rows,
        )
    )
    charts.append(
        Chart(
            "authority-amount",
            gettext("各区审定金额"),
            bar_chart(
                [(g.label, g.amount) for g in authorities],
                title=gettext("各区审定金额"),
                written=lambda amount: yuan(Decimal(amount)),
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
        "authorities": authorities,
        "authority_total": selectors.total_of(authorities),
        "authority_total_amount": _money(selectors.total_of(authorities).amount),
        "status_columns": [(s.value, status_label(s)) for s in shown_statuses],
        "authority_status_rows": [
            (g.label, [g.status_count(s) for s in shown_statuses], g.applications)
            for g in [*authorities, selectors.total_of(authorities)]
        ],
        "charts": charts,
        "category_note": categories.note,
    }


def reviewer_dashboard(user: User, *, on: date | None = None) -> dict[str, object]:
    """The reviewer's own authority only: queue by status, what waits on them, correction deadlines."""
    if not user.is_reviewer:
        raise Http404
    today = on or timezone.localdate()
    queue = selectors.reviewer_queue(user, on=today)
    return {"queue": queue, "today": today}


@dataclass(frozen=True, slots=True)
class ApplicantLine:
    application: Application
    status_label: str
    status_tone: str
    next_step: str


def applicant_dashboard(user: User, *, on: date | None = None) -> dict[str, object]:
    """Each of the organisation's applications with its status and the next thing to do (the flow's words)."""
    if not user.is_applicant:
        raise Http404
    today = on or timezone.localdate()
    lines = [
        ApplicantLine(
            application,
            status_label(application.status),
            status_tone(application.status),
            next_step(application, today),
        )
        for application in selectors.applications_of(user)
    ]
    return {"applicant_lines": lines, "today": today}
