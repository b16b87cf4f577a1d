"""The facts the flow decides on, read from the database: counts from the stored roster, never a copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone

from shenbao.applications.models import (
    Application,
    Payment,
    RosterRow,
    RosterUpload,
    has_problem_or_finding,
)
from shenbao.calls.models import Call
from shenbao.catalog.selectors import decision_for
from shenbao.domain.catalog import load_edition
from shenbao.domain.flow import ApplicationFacts, CallFacts, CatalogStanding
from shenbao.domain.roster_columns import RosterKind
from shenbao.domain.workflow import DECIDED_STATUSES, Status

Decision = RosterRow.Decision


@dataclass(frozen=True, slots=True)
class RosterCounts:
    """One aggregate over the stored rows of an application."""

    persons: int = 0
    error_rows: int = 0
    warning_rows: int = 0  # rows without errors that have a warning or an eligibility finding
    undecided: int = 0
    eligible: int = 0
    ineligible: int = 0
    changed_since_decision: int = 0


def roster_counts(application: Application) -> RosterCounts:
    # Two queries, each answered from an index alone (RosterRow.Meta.indexes): the rows' JSON is
    # read only for the few rows with a problem or finding, and the rest are counted by group of
    # (decision, has_errors, earlier_decision), a handful of groups summed here.
    warning_rows = application.rows.filter(has_problem_or_finding(), has_errors=False).order_by().count()
    groups = (
        application.rows.order_by()
        .values_list("decision", "has_errors", "earlier_decision")
        .annotate(n=Count("*"))
    )
    persons = error_rows = changed = 0
    by_decision = dict.fromkeys(Decision.values, 0)
    for decision, has_errors, earlier_decision, n in groups:
        persons += n
        error_rows += n if has_errors else 0
        by_decision[decision] = by_decision.get(decision, 0) + n
        changed += n if decision == Decision.UNDECIDED and earlier_decision else 0
    return RosterCounts(
        persons=persons,
        error_rows=error_rows,
        warning_rows=warning_rows,
        undecided=by_decision[Decision.UNDECIDED],
        eligible=by_decision[Decision.ELIGIBLE],
        ineligible=by_decision[Decision.INELIGIBLE],
        changed_since_decision=changed,
    )


def call_facts(call: Call) -> CallFacts:
    by_status = dict(
        call.applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return CallFacts(
        year=call.year,
        opens_on=call.opens_on,
        closes_on=call.closes_on,
        reported_waiting=by_status.get(Status.REPORTED, 0),
        approved=sum(by_status.get(status, 0) for status in DECIDED_STATUSES),
        published=call.published_at is not None,
    )


def application_facts(application: Application, counts: RosterCounts | None = None) -> ApplicationFacts:
    """Everything the flow needs about ``application`` as stored now.

    ``counts``: the roster's counts when the page has just read them (each read is a scan of an
    index over every row: ≈20–50 ms at 100,000 rows).
    """
    if counts is None:
        counts = roster_counts(application)
    kind = RosterKind(application.kind)
    edition = load_edition(application.call.edition)
    standing, provisional, tests = _catalog(application, kind, edition.code)
    payment = Payment.objects.filter(application=application).first()
    return ApplicationFacts(
        status=Status(application.status),
        kind=kind,
        call=call_facts(application.call),
        authority=application.authority.name,
        persons=counts.persons,
        error_rows=counts.error_rows,
        undecided_rows=counts.undecided,
        eligible_rows=counts.eligible,
        roster_checking=application.uploads.filter(
            state__in=[RosterUpload.State.QUEUED, RosterUpload.State.RUNNING]
        ).exists(),
        paper_volumes_declared=application.paper_volumes_declared,
        paper_volumes_received=application.paper_volumes_received,
        materials_complete=application.materials_complete,
        organisation_confirmed=application.organisation.is_confirmed,
        correction_deadline=application.correction_deadline,
        catalog=standing,
        catalog_provisional=provisional,
        catalog_tests_met=tests,
        edition=edition.code,
        data_year=edition.data_year,
        standard=application.call.standard_for(application.kind),
        approved_amount=application.amount,
        paid_amount=payment.amount if payment is not None else None,
    )


def _catalog(
    application: Application, kind: RosterKind, edition: str
) -> tuple[CatalogStanding, bool, tuple[int, ...]]:
    if kind is not RosterKind.EMPLOYEES:
        return CatalogStanding.NOT_REQUIRED, False, ()
    decision = decision_for(application.organisation, edition)
    if decision is None:
        return CatalogStanding.NO_FIGURES, False, ()
    standing = CatalogStanding.LISTED if decision.listed else CatalogStanding.NOT_LISTED
    return standing, decision.provisional, tuple(decision.tests_met)


def today() -> date:
    """The day every decision is taken on: Asia/Shanghai."""
    return timezone.localdate()
