"""The roster pages' counts and filters at 100,000 rows read indexes, not every row (issue 13, bench/pages.py).

These tests look at the plans: each page query can be served by the index made for it (a filter
rewritten so that its condition no longer implies the partial index's fails here). That the
literal '[]' spares SQLite from re-checking each row's JSON (0.3 against 9 ms, 33 against 150 ms
at 100,000 rows) is not visible in a plan; bench/pages.py measures it. On a handful of rows a planner may pick any index that starts with the
application (or, PostgreSQL, a sequential scan): inside each test's transaction, rolled back after
it, the sequential scan is discouraged and the plain indexes that decide nothing are dropped, so
the plan shows whether the index meant for the query can serve it at all.
"""

from __future__ import annotations

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


def only_the_page_indexes(*dropped: str) -> None:
    """Leave the planner the indexes made for the pages: drop the application's plain foreign-key
    index and ``dropped`` (in the test's transaction), and on PostgreSQL discourage a full scan."""
    table = RosterRow._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        plain = [
            name
            for name, spec in constraints.items()
            if spec["index"] and not spec["unique"] and spec["columns"] == ["application_id"]
        ]
        for name in [*plain, *dropped]:
            if constraints[name]["unique"]:  # a constraint's index (PostgreSQL)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE beside pending checks
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
            else:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")


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
) -> None:
    only_the_page_indexes("rosterrow_counts")
    plan = rows.rows.filter(has_problem_or_finding()).order_by().values("problems").explain()
    assert "rosterrow_noted" in plan, plan


def test_the_bulk_count_reads_the_undecided_clean_rows_through_their_index(rows: Application) -> None:
    # PostgreSQL, the unique (application, row number) index too: after a test that committed and
    # vacuumed rows (test_jobs.py), it priced a scan of that just below the clean rows' index.
    # (SQLite keeps that constraint inside the table, where it cannot be dropped.)
    unique = ("one_row_per_sheet_row",) if connection.vendor == "postgresql" else ()
    only_the_page_indexes("rosterrow_counts", *unique)
    if connection.vendor == "postgresql":
        # Statistics of these six rows, not of whatever earlier tests left in the table: without
        # them PostgreSQL sometimes walked the primary key instead (all index scans cost alike).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {RosterRow._meta.db_table}")
    plan = without_findings(rows.rows.all()).order_by().values("pk").explain()
    assert "rosterrow_clean" in plan, plan


def test_the_counts_read_one_index_not_the_rows(rows: Application) -> None:
    only_the_page_indexes()
    grouped = rows.rows.order_by().values_list("decision", "has_errors", "earlier_decision")
    plan = grouped.annotate(n=Count("*")).explain()
    assert "rosterrow_counts" in plan, plan
