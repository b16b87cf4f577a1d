"""Reads for reviewers and the city: the scoped queue, one application's review page, 附件2, city totals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from shenbao.accounts.models import User
from shenbao.applications.labels import problem_text
from shenbao.applications.models import Application, ApplicationKind, Event, RosterRow
from shenbao.applications.selectors import HistoryEntry, applications_visible_to
from shenbao.applications.selectors import history as application_history
from shenbao.calls.models import Call
from shenbao.directory.models import Authority
from shenbao.domain.events import EventKind
from shenbao.domain.flow import paper_volumes_note
from shenbao.domain.workflow import LIVE_STATUSES, Status
from shenbao.reviews.models import Summary


def _staff(user: User) -> None:
    if not (user.is_reviewer or user.is_city_admin):
        raise Http404


def _eligible_count() -> Coalesce:
    eligible = (
        RosterRow.objects.filter(application=OuterRef("pk"), decision=RosterRow.Decision.ELIGIBLE)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(eligible, output_field=IntegerField()), Value(0))


def review_queue(
    user: User, *, status: str = "", kind: str = "", call: Call | None = None
) -> QuerySet[Application]:
    """Applications routed to the reviewer's authority (all, for the city), with problem and finding counts."""
    _staff(user)
    queryset = applications_visible_to(user).exclude(status=Status.DRAFT)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if call is not None:
        queryset = queryset.filter(call=call)
    return queryset.annotate(
        problem_rows=Count("rows", filter=~Q(rows__problems=[])),
        finding_rows=Count("rows", filter=~Q(rows__findings=[])),
        undecided_rows=Count("rows", filter=Q(rows__decision=RosterRow.Decision.UNDECIDED)),
    ).order_by("-updated_at")


def get_reviewable_application(user: User, pk: int) -> Application:
    """The application if the user reviews it (its authority's reviewer, or the city); else 404."""
    _staff(user)
    application = applications_visible_to(user).exclude(status=Status.DRAFT).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def get_row(application: Application, row_id: int) -> RosterRow:
    row = application.rows.filter(pk=row_id).first()
    if row is None:
        raise Http404
    return row


def history(application: Application) -> list[HistoryEntry]:
    """The application's Events in words: the same history the applicant sees."""
    return application_history(application)


def moved_away(authority: Authority) -> QuerySet[Event]:
    """Applications the city moved from this authority to another: their move stays visible here."""
    return (
        Event.objects.filter(action=EventKind.MOVE, data__from_authority=authority.pk)
        .select_related("application__organisation", "actor")
        .order_by("-at")
    )


# 附件2 ---------------------------------------------------------------------------------------------

# 附件2 as the attachment prints it; the institutions' table names its organisations as such.
SUMMARY_HEADERS = ("序号", "企业名称", "纸质材料册数（本）", "电子版材料（是/否）", "备注")
INSTITUTION_SUMMARY_HEADERS = ("序号", "培训机构名称", "纸质材料册数（本）", "电子版材料（是/否）", "备注")
SUMMARY_TITLES = {
    ApplicationKind.EMPLOYEES: "企业申报情况汇总表",
    ApplicationKind.TRAINEES: "培训机构申报情况汇总表",
}
HEADERS_BY_KIND = {
    ApplicationKind.EMPLOYEES: SUMMARY_HEADERS,
    ApplicationKind.TRAINEES: INSTITUTION_SUMMARY_HEADERS,
}


@dataclass(frozen=True)
class SummaryTable:
    title: str
    kind: str
    rows: list[tuple[int, str, int, str, str]]
    total_volumes: int
    total_complete: int

    @property
    def headers(self) -> tuple[str, ...]:
        return HEADERS_BY_KIND[ApplicationKind(self.kind)]

    @property
    def total(self) -> tuple[str, str, int, int, str]:
        return ("总计", "", self.total_volumes, self.total_complete, "")


def summary_tables(authority: Authority, applications: Iterable[Application]) -> list[SummaryTable]:
    """附件2 in the attachment's layout: enterprises' table, then institutions', one row per application."""
    listed = sorted(applications, key=lambda a: (a.organisation.name, a.pk))
    tables = []
    for kind, title in SUMMARY_TITLES.items():
        rows = [
            (
                index,
                a.organisation.name,
                a.paper_volumes_received or 0,
                "是" if a.materials_complete else "否",
                summary_remarks(a),
            )
            for index, a in enumerate((a for a in listed if a.kind == kind), start=1)
        ]
        tables.append(
            SummaryTable(
                title=f"{authority.area_name}{title}",
                kind=kind,
                rows=rows,
                total_volumes=sum(r[2] for r in rows),
                total_complete=sum(1 for r in rows if r[3] == "是"),
            )
        )
    return tables


def summary_remarks(application: Application) -> str:
    """备注: the paper volumes found short (or over) first, then the reviewer's remark."""
    note = paper_volumes_note(application.paper_volumes_declared, application.paper_volumes_received)
    parts = [problem_text(note)] if note is not None else []
    return "".join(parts + [application.review_remarks]) if application.review_remarks else "".join(parts)


def accepted_for_summary(authority: Authority, call: Call) -> QuerySet[Application]:
    """Accepted applications not yet reported: the next summary's rows."""
    return Application.objects.filter(authority=authority, call=call, status=Status.ACCEPTED).select_related(
        "organisation"
    )


def summaries_visible_to(user: User) -> QuerySet[Summary]:
    _staff(user)
    queryset = Summary.objects.select_related("call", "authority", "reported_by")
    if user.is_reviewer:
        queryset = queryset.filter(authority=user.authority)
    return queryset


def get_visible_summary(user: User, pk: int) -> Summary:
    summary = summaries_visible_to(user).filter(pk=pk).first()
    if summary is None:
        raise Http404
    return summary


def current_call(pk: str | int | None = None) -> Call | None:
    calls = Call.objects.order_by("-year")
    if pk:
        try:
            return calls.filter(pk=int(pk)).first()
        except ValueError:
            return None
    return calls.first()


# City totals ---------------------------------------------------------------------------------------


@dataclass
class Totals:
    applications: int = 0
    persons: int = 0
    eligible_persons: int = 0
    amount: Decimal = Decimal("0.00")

    def add(self, other: Totals) -> None:
        self.applications += other.applications
        self.persons += other.persons
        self.eligible_persons += other.eligible_persons
        self.amount += other.amount


@dataclass
class AuthorityTotals:
    authority: Authority
    by_kind: dict[str, Totals] = field(default_factory=dict)
    all: Totals = field(default_factory=Totals)


@dataclass
class CityTotals:
    authorities: list[AuthorityTotals]
    by_kind: dict[str, Totals]
    all: Totals


def application_totals(application: Application) -> Totals:
    eligible = getattr(application, "eligible_rows", None)
    if eligible is None:
        eligible = application.rows.filter(decision=RosterRow.Decision.ELIGIBLE).count()
    return Totals(
        applications=1,
        persons=application.persons,
        eligible_persons=int(eligible),
        amount=application.amount or Decimal("0.00"),
    )


def city_totals(user: User, call: Call) -> CityTotals:
    """Per authority and kind, applications in the process (submitted onwards, not withdrawn or rejected)."""
    if not user.is_city_admin:
        raise Http404
    applications = (
        Application.objects.filter(call=call, status__in=[s.value for s in LIVE_STATUSES])
        .select_related("authority")
        .annotate(eligible_rows=_eligible_count())
    )
    kinds = [k.value for k in ApplicationKind]
    authorities: dict[int, AuthorityTotals] = {}
    by_kind = {kind: Totals() for kind in kinds}
    overall = Totals()
    for application in applications:
        line = authorities.setdefault(
            application.authority_id,
            AuthorityTotals(application.authority, {kind: Totals() for kind in kinds}),
        )
        totals = application_totals(application)
        line.by_kind[application.kind].add(totals)
        line.all.add(totals)
        by_kind[application.kind].add(totals)
        overall.add(totals)
    ordered = sorted(authorities.values(), key=lambda d: d.authority.number)
    return CityTotals(authorities=ordered, by_kind=by_kind, all=overall)


def eligible_counts(applications: Iterable[Application]) -> dict[int, int]:
    """Application pk → persons decided eligible (one query for a whole summary)."""
    pks = [application.pk for application in applications]
    return dict(
        RosterRow.objects.filter(application_id__in=pks, decision=RosterRow.Decision.ELIGIBLE)
        .values_list("application_id")
        .annotate(n=Count("pk"))
        .values_list("application_id", "n")
    )


def approved_persons(call: Call) -> QuerySet[RosterRow]:
    """Every eligible person of an approved (or paid) application: the city's payment list."""
    return (
        RosterRow.objects.filter(
            application__call=call,
            application__status__in=[Status.APPROVED, Status.PAID],
            decision=RosterRow.Decision.ELIGIBLE,
        )
        .select_related("application__organisation", "application__authority")
        .order_by("application__authority__number", "application__organisation__name", "number")
    )
