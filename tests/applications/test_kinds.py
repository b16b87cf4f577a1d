"""The summary by kind of problem a roster page opens with (issue 13): counted in SQL whenever the
roster changes and kept on the application, equal to decoding every stored row by hand."""

from __future__ import annotations

import importlib
from collections import Counter
from datetime import date, timedelta

import pytest
from django.apps import apps

from shenbao.applications import edits
from shenbao.applications.kinds import count_kinds, summary_by_kind
from shenbao.applications.models import Application, RosterRow
from tests.rosters import valid_id

pytestmark = pytest.mark.django_db


def by_hand(application: Application) -> list[list[object]]:
    """Persons per code and whether any is an error, from every stored row's JSON."""
    persons: Counter[str] = Counter()
    errors: set[str] = set()
    for row in application.rows.all():
        codes = {item["code"] for item in [*row.problems, *row.findings]}
        errors |= {item["code"] for item in [*row.problems, *row.findings] if item["severity"] == "error"}
        persons.update(codes)
    return sorted([code, count, code in errors] for code, count in persons.items())


@pytest.fixture
def noted(enterprise_user, application, upload, employees, roster_file, today: date) -> Application:
    """Four persons: 2 a wrong sex for the ID, 3 hired before the window, 4 both (a row with an
    error gets no eligibility finding), 5 clean."""
    early = (today - timedelta(days=5 * 365)).isoformat()
    rows = employees(4, row1={"性别": "女"}, row2={"入职日期": early}, row3={"性别": "女", "入职日期": early})
    upload(enterprise_user, application, roster_file(rows))
    return application


def test_an_upload_keeps_the_summary_it_counted_from_the_stored_rows(noted) -> None:
    assert sorted(noted.problem_kinds) == by_hand(noted)
    kinds = {k.code: (k.persons, k.is_error) for k in summary_by_kind(noted)}
    assert kinds == {"id_sex_mismatch": (2, True), "hired_before_window": (1, False)}
    assert [k.code for k in summary_by_kind(noted)] == ["id_sex_mismatch", "hired_before_window"]


def test_an_edit_counts_again(enterprise_user, noted) -> None:
    row = noted.rows.get(number=2)
    edits.edit_cell(
        by=enterprise_user,
        application=noted,
        row_id=row.pk,
        column="性别",
        value="男" if int(valid_id(1)[16]) % 2 else "女",
        expected_version=row.version,
    )
    noted.refresh_from_db()
    assert sorted(noted.problem_kinds) == by_hand(noted)
    assert not noted.rows.get(number=2).has_errors
    kinds = {k.code: (k.persons, k.is_error) for k in summary_by_kind(noted)}
    assert kinds == {"id_sex_mismatch": (1, True), "hired_before_window": (1, False)}


def test_a_person_counts_once_per_kind_and_a_kind_is_an_error_if_any_row_says_so(application) -> None:
    twice = [
        {"code": "id_check_character", "severity": "error", "column": "证件号码"},
        {"code": "id_check_character", "severity": "error", "column": "证件号码"},
    ]
    mixed = [{"code": "phone_format", "severity": "warning", "column": "手机号码"}]
    for number, problems in ((2, twice), (3, mixed), (4, [{**mixed[0], "severity": "error"}])):
        RosterRow.objects.create(application=application, number=number, problems=problems, findings=mixed)
    RosterRow.objects.create(application=application, number=5)
    assert sorted(count_kinds(application)) == [["id_check_character", 1, True], ["phone_format", 3, True]]
    assert sorted(count_kinds(application)) == by_hand(application)


def test_the_migration_counts_the_rosters_already_stored_the_same_way(noted) -> None:
    expected = sorted(noted.problem_kinds)
    Application.objects.filter(pk=noted.pk).update(problem_kinds=[])
    migration = importlib.import_module(
        "shenbao.applications.migrations.0013_problem_kinds_kept_with_the_counts"
    )
    migration.count_stored_kinds(apps, None)
    noted.refresh_from_db()
    assert sorted(noted.problem_kinds) == expected != []
