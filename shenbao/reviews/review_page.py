"""Reads for one application's review page: the columns of its kind, the rows, the catalog decision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from shenbao.accounts.models import User
from shenbao.applications.facts import RosterCounts
from shenbao.applications.labels import status_label
from shenbao.applications.models import Application, ApplicationKind, RosterRow
from shenbao.catalog.selectors import decision_for
from shenbao.domain.catalog import Assessment
from shenbao.domain.workflow import Status
from shenbao.reviews.selectors import review_queue

# Beside name and ID, what a reviewer decides on: 附件3's dates, 附件4's training and hiring enterprise.
REVIEW_COLUMNS = {
    ApplicationKind.EMPLOYEES: ("入职日期", "在职时长（天）"),
    ApplicationKind.TRAINEES: ("培训内容", "考核证书名称", "录用企业名称"),
}
DATE_COLUMNS = frozenset({"入职日期"})


@dataclass(frozen=True, slots=True)
class ReviewCell:
    column: str
    value: str
    is_date: bool


@dataclass(frozen=True, slots=True)
class ReviewRow:
    row: RosterRow
    cells: list[ReviewCell]


def review_columns(application: Application) -> tuple[str, ...]:
    return REVIEW_COLUMNS[ApplicationKind(application.kind)]


def review_row(row: RosterRow, columns: Iterable[str]) -> ReviewRow:
    cells = []
    for column in columns:
        if column == "在职时长（天）":
            value = "" if row.tenure_days is None else str(row.tenure_days)
        else:
            value = str(row.values.get(column, ""))
        cells.append(ReviewCell(column, value, column in DATE_COLUMNS))
    return ReviewRow(row, cells)


def catalog_decision(application: Application) -> Assessment | None:
    """The catalog decision for the call's data year (enterprises only; None without figures)."""
    if application.kind != ApplicationKind.EMPLOYEES:
        return None
    return decision_for(application.organisation, application.call.edition)


# The statuses the home page counts for staff, in the order of the flow.
QUEUE_STATUSES = (Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED, Status.REPORTED, Status.APPROVED)


def queue_counts(user: User) -> dict[str, int]:
    return {status_label(status): review_queue(user, status=status).count() for status in QUEUE_STATUSES}


def rows_of(application: Application) -> QuerySet[RosterRow]:
    return application.rows.all()


@dataclass(frozen=True, slots=True)
class Progress:
    decided: int
    persons: int
    ineligible: int

    @property
    def percent(self) -> int:
        return round(100 * self.decided / self.persons) if self.persons else 100


def progress(counts: RosterCounts) -> Progress:
    return Progress(counts.eligible + counts.ineligible, counts.persons, counts.ineligible)


def next_undecided(application: Application) -> RosterRow | None:
    """The first undecided person by row number (the progress line's 「下一位未审核」)."""
    return application.rows.filter(decision=RosterRow.Decision.UNDECIDED).order_by("number").first()
