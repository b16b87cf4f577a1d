"""The figures behind the dashboards, each scoped to who is asking.

Counting rules: applications are counted in every status (drafts included, shown as such);
persons only where the application holds a claim on them (LIVE_STATUSES: submitted and
after, not withdrawn or rejected); eligible persons and amounts wherever the city has fixed them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext

from shenbao.accounts.models import User
from shenbao.applications.labels import status_label
from shenbao.applications.models import Application, ApplicationKind
from shenbao.calls.models import Call
from shenbao.directory.models import Authority
from shenbao.domain.workflow import LIVE_STATUSES, Status

LIVE = [status.value for status in LIVE_STATUSES]
CATEGORIES = ("ITO", "BPO", "KPO")


@dataclass(slots=True)
class Figures:
    """Counts for one group of applications (an authority, a kind, a call, a status)."""

    label: str
    applications: int = 0
    persons: int = 0
    eligible_persons: int = 0
    amount: Decimal = Decimal("0")
    by_status: dict[str, int] = field(default_factory=dict)

    def status_count(self, status: Status | str) -> int:
        return self.by_status.get(str(status), 0)


def _aggregate(queryset: QuerySet[Application], key: str) -> dict[object, Figures]:
    """Figures per distinct value of ``key`` (labels filled in by the caller)."""
    rows = queryset.values(key, "status").annotate(
        n=Count("pk"),
        persons=Sum("persons", filter=Q(status__in=LIVE)),
        eligible=Sum("eligible_persons"),
        amount=Sum("amount"),
    )
    result: dict[object, Figures] = {}
    for row in rows:
        figures = result.setdefault(row[key], Figures(label=""))
        figures.applications += row["n"]
        figures.persons += row["persons"] or 0
        figures.eligible_persons += row["eligible"] or 0
        figures.amount += row["amount"] or Decimal("0")
        figures.by_status[row["status"]] = figures.by_status.get(row["status"], 0) + row["n"]
    return result


def total_of(groups: list[Figures], label: str | None = None) -> Figures:
    total = Figures(label=gettext("合计") if label is None else label)
    for figures in groups:
        total.applications += figures.applications
        total.persons += figures.persons
        total.eligible_persons += figures.eligible_persons
        total.amount += figures.amount
        for status, count in figures.by_status.items():
            total.by_status[status] = total.by_status.get(status, 0) + count
    return total


def latest_call() -> Call | None:
    return Call.objects.order_by("-year").first()


def by_authority(call: Call | None) -> list[Figures]:
    """Every authority of 附件1 in its printed order, with zeros where nothing was filed."""
    queryset = Application.objects.filter(call=call) if call else Application.objects.all()
    found = _aggregate(queryset, "authority")
    groups = []
    for authority in Authority.objects.order_by("number"):
        figures = found.get(authority.pk, Figures(label=""))
        figures.label = authority.name
        groups.append(figures)
    return groups


def by_kind(call: Call | None) -> list[Figures]:
    queryset = Application.objects.filter(call=call) if call else Application.objects.all()
    found = _aggregate(queryset, "kind")
    groups = []
    for kind in ApplicationKind:
        figures = found.get(kind.value, Figures(label=""))
        figures.label = str(kind.label)
        groups.append(figures)
    return groups


def by_status(call: Call | None) -> list[Figures]:
    queryset = Application.objects.filter(call=call) if call else Application.objects.all()
    found = _aggregate(queryset, "status")
    groups = []
    for status in Status:
        figures = found.get(status.value, Figures(label=""))
        figures.label = status_label(status)
        groups.append(figures)
    return groups


def by_call() -> list[Figures]:
    found = _aggregate(Application.objects.all(), "call")
    groups = []
    for call in Call.objects.order_by("year"):
        figures = found.get(call.pk, Figures(label=""))
        figures.label = gettext("%(year)s年度") % {"year": call.year}
        groups.append(figures)
    return groups


@dataclass(slots=True)
class CategoryFigures:
    """Applying enterprises of a call engaged in one catalog category (its export revenue above zero)."""

    label: str
    enterprises: int = 0
    key_cultivation: int = 0
    persons: int = 0


@dataclass(frozen=True, slots=True)
class CategoryResult:
    available: bool
    groups: list[CategoryFigures]
    assessed: int = 0  # enterprises with figures the catalog could assess
    enterprises: int = 0  # enterprises with an application in the call
    note: str = ""


def by_category(call: Call | None) -> CategoryResult:
    """Per ITO/BPO/KPO, from the catalog decision on each applying enterprise's figures."""
    try:
        from shenbao.catalog import selectors as catalog
    except ImportError:
        return CategoryResult(False, [], note=gettext("指导目录模块尚未启用，暂无按类别的统计。"))
    decision_for = getattr(catalog, "decision_for", None)
    if decision_for is None:
        return CategoryResult(False, [], note=gettext("指导目录模块尚未提供企业判定，暂无按类别的统计。"))
    # Enterprises whose application holds a claim: drafts and withdrawn ones are not counted.
    queryset = Application.objects.filter(kind=ApplicationKind.EMPLOYEES, status__in=LIVE).select_related(
        "organisation"
    )
    if call is not None:
        queryset = queryset.filter(call=call)
    persons: dict[int, int] = defaultdict(int)
    organisations = {}
    for application in queryset:
        organisations[application.organisation_id] = application.organisation
        persons[application.organisation_id] += application.persons
    edition = call.edition if call is not None else None
    try:
        decisions_for = getattr(catalog, "decisions_for", None)
        if decisions_for is not None:
            decisions = decisions_for(organisations.values(), edition_code=edition)
        else:
            decisions = {pk: d for pk, org in organisations.items() if (d := decision_for(org, edition))}
    except Exception:  # noqa: BLE001 (an edition or figures problem must not break the home page)
        return CategoryResult(False, [], note=gettext("指导目录判定暂时无法计算，暂无按类别的统计。"))
    groups = {code: CategoryFigures(label=code) for code in CATEGORIES}
    for pk, decision in decisions.items():
        for category in decision.categories:
            figures = groups.get(category.code)
            if figures is None or not category.export_usd > 0:
                continue
            figures.label = f"{category.code} {category.name}"
            figures.enterprises += 1
            figures.persons += persons.get(pk, 0)
            if category.key_cultivation is not None:
                figures.key_cultivation += 1
    note = ""
    if len(decisions) < len(organisations):
        note = gettext(
            "%(total)s 家申报企业中有 %(missing)s 家尚未填报该版目录数据年度的业务数据，未计入。"
        ) % {"total": len(organisations), "missing": len(organisations) - len(decisions)}
    return CategoryResult(True, list(groups.values()), len(decisions), len(organisations), note)


# --- the reviewer's queue ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Queue:
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    waiting: list[Application]  # submitted, oldest first: a decision is due from the reviewer
    to_report: list[Application]  # accepted, not yet in a summary reported upward
    deadlines: list[Application]  # returned, correction deadline today or later, soonest first
    overdue: list[Application]  # returned, deadline passed without a resubmission


def reviewer_queue(user: User, *, on: date, horizon_days: int = 14) -> Queue:
    """Only the reviewer's own authority: another authority's application never appears here."""
    if not user.is_reviewer or user.authority_id is None:
        return Queue([], [], [], [], [])
    mine = Application.objects.filter(authority_id=user.authority_id).select_related("organisation", "call")
    counts = dict(mine.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    shown = [s for s in Status if s is not Status.DRAFT]
    returned = mine.filter(status=Status.RETURNED)
    return Queue(
        by_status=[(s.value, status_label(s), counts.get(s.value, 0)) for s in shown],
        waiting=list(mine.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk")[:50]),
        to_report=list(mine.filter(status=Status.ACCEPTED).order_by("organisation__name")[:50]),
        deadlines=list(
            returned.filter(
                correction_deadline__gte=on, correction_deadline__lte=on + timedelta(days=horizon_days)
            ).order_by("correction_deadline", "pk")
        ),
        overdue=list(returned.filter(correction_deadline__lt=on).order_by("correction_deadline", "pk")),
    )


def applications_of(user: User) -> list[Application]:
    if not user.is_applicant or user.organisation_id is None:
        return []
    return list(
        Application.objects.filter(organisation_id=user.organisation_id)
        .select_related("call", "authority")
        .order_by("-call__year", "kind")
    )
