"""The roster pages' counts and filters at 100,000 rows read indexes, not every row (issue 13, bench/pages.py).

A partial index is used only when the query states its condition with the same literal value:
these tests look at the plan, so a filter rewritten with a bound parameter fails here, not only
in the benchmark. PostgreSQL is told to avoid a sequential scan, which it would rightly choose
for a handful of rows; it can still only use a partial index whose condition the query implies.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.models import Count

from shenbao.applications.facts import RosterCounts, roster_counts
from shenbao.applications.models import (
    Application,
    RosterRow,
    has_problem_or_finding,
    no_problem_or_finding,
)
from shenbao.reviews.roster_filter import without_findings

pytestmark = pytest.mark.django_db

PROBLEM = [{"code": "id_check_digit", "column": "证件号码", "level": "error"}]
FINDING = [{"code": "hired_before_window", "level": "warning"}]


@pytest.fixture
def rows(application: Application) -> Application:
    """Six persons: two clean (one decided), one with an error, one with a warning only, one with a
    finding, one clean but changed since its decision."""
    specs = [
        {},
        {"decision": RosterRow.Decision.ELIGIBLE},
        {"problems": PROBLEM, "has_errors": True},
        {"problems": [{"code": "tenure_blank", "level": "warning"}]},
        {"findings": FINDING},
        {"earlier_decision": RosterRow.Decision.INELIGIBLE},
    ]
    RosterRow.objects.bulk_create(
        RosterRow(application=application, number=n, name=f"员工{n}", **spec)
        for n, spec in enumerate(specs, 2)
    )
    return application


@pytest.fixture
def index_scans() -> Iterator[None]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
        yield
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
    else:
        yield


def test_the_counts_split_over_two_queries_still_count_every_kind_of_row(rows: Application) -> None:
    assert roster_counts(rows) == RosterCounts(
        persons=6,
        error_rows=1,
        warning_rows=2,
        undecided=5,
        eligible=1,
        ineligible=0,
        changed_since_decision=1,
    )


def test_rows_with_and_without_a_problem_or_finding_partition_the_roster(rows: Application) -> None:
    noted = set(rows.rows.filter(has_problem_or_finding()).values_list("number", flat=True))
    clean = set(rows.rows.filter(no_problem_or_finding()).values_list("number", flat=True))
    assert noted == {4, 5, 6} and clean == {2, 3, 7}
    assert sorted(without_findings(rows.rows.all()).values_list("number", flat=True)) == [2, 7]


def test_the_kinds_summary_reads_the_few_rows_with_a_problem_or_finding_through_their_index(
    rows: Application,
    index_scans,  # type: ignore[no-untyped-def]
) -> None:
    plan = rows.rows.filter(has_problem_or_finding()).order_by().values("problems").explain()
    assert "rosterrow_noted" in plan, plan


def test_the_bulk_count_reads_the_undecided_clean_rows_through_their_index(
    rows: Application, index_scans
) -> None:  # type: ignore[no-untyped-def]
    plan = without_findings(rows.rows.all()).order_by().values("pk").explain()
    assert "rosterrow_clean" in plan, plan


def test_the_counts_read_one_index_not_the_rows(rows: Application, index_scans) -> None:  # type: ignore[no-untyped-def]
    grouped = rows.rows.order_by().values_list("decision", "has_errors", "earlier_decision")
    plan = grouped.annotate(n=Count("*")).explain()
    assert "rosterrow_counts" in plan, plan
