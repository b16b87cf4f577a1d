"""A submission's copy made inside the database and its changes compared over plain tuples (issue 14).

The copy (one INSERT … SELECT) must store what the Python copy stored, field by field, and the
stored changes what the Python comparison of issue 13 said (selectors.changes_since_last_submission
while the application is returned). Run on PostgreSQL too (``eval "$(scripts/pg-up.sh)"``).
"""

from __future__ import annotations

import hashlib
import importlib
import json
from typing import Any

import pytest
from django.apps import apps

from shenbao.applications import changes, edits, selectors, submissions
from shenbao.applications.models import Application, RosterRow, SubmittedRow
from shenbao.applications.transitions import apply_transition
from shenbao.domain.flow import Given
from shenbao.domain.workflow import Action
from tests.applications.conftest import submit

pytestmark = pytest.mark.django_db

FIELDS = ("application_id", "submission", "id_hash", "id_masked", "number", "name", "digest", "values")


def returned(application: Application, reviewer: Any) -> Application:
    application.refresh_from_db()
    deadline = application.call.closes_on
    given = Given(reason="请补正", deadline=deadline)
    return apply_transition(
        application,
        action=Action.RETURN,
        by=reviewer,
        expected_version=application.version,
        given=given,
        comment="请补正",
        correction_deadline=deadline,
    )


def python_copy(application: Application, submission: int) -> list[tuple[Any, ...]]:
    """What the Python copy (before issue 14) stored: one SubmittedRow per roster row, in row order."""
    return [
        (
            application.pk,
            submission,
            row.id_hash,
            row.id_masked,
            row.number,
            row.name,
            submissions.submitted_digest(row.values),
            row.values,
        )
        for row in application.rows.order_by("number")
    ]


def stored(application: Application, submission: int) -> list[tuple[Any, ...]]:
    kept = SubmittedRow.objects.filter(application=application, submission=submission)
    return list(kept.order_by("pk").values_list(*FIELDS))


def edit(user: Any, application: Application, number: int, column: str, value: str) -> None:
    row = application.rows.get(number=number)
    edits.edit_cell(
        by=user,
        application=application,
        row_id=row.pk,
        column=column,
        value=value,
        expected_version=row.version,
    )


def test_the_copy_stores_field_by_field_what_the_python_copy_stored(
    enterprise_user, reviewer, ready, upload, employees, roster_file
) -> None:
    upload(enterprise_user, ready, roster_file(employees(4, row2={"岗位": "测试工程师"})))
    expected = python_copy(ready, 1)

    submit(enterprise_user, ready)

    assert stored(ready, 1) == expected
    assert len(expected) == 4 and all(row[6] and row[2] for row in expected)
    returned(ready, reviewer)
    edit(enterprise_user, ready, 3, "岗位", "项目经理")
    again = python_copy(ready, 2)
    submit(enterprise_user, ready)
    assert stored(ready, 2) == again
    assert stored(ready, 1) == expected  # the one before is kept for the comparison


@pytest.mark.parametrize("chunk", [2000, 2], ids=["keys-looked-up", "earlier-keys-read-first"])
def test_the_stored_changes_are_what_the_python_comparison_said(
    enterprise_user, reviewer, ready, upload, employees, roster_file, monkeypatch, chunk
) -> None:
    # Four rows unlike any submitted one: more than a chunk of 2, as 100,000 added persons are of 2,000.
    monkeypatch.setattr(changes, "CHUNK", chunk)
    upload(enterprise_user, ready, roster_file(employees(5)))
    submit(enterprise_user, ready)
    returned(ready, reviewer)
    # Person 1 changes two cells, person 2 one, person 3 leaves, persons 6 and 7 are new.
    rows = employees(7, row1={"岗位": "测试工程师", "姓名": "员工一"}, row2={"岗位": "项目经理"})
    ready.refresh_from_db()
    upload(enterprise_user, ready, roster_file([r for n, r in enumerate(rows, 1) if n != 3]))
    python = selectors.changes_since_last_submission(ready)

    resubmitted = submit(enterprise_user, ready)

    kept = selectors.stored_changes(resubmitted)
    assert kept == python
    assert [p.name for p in kept.added] == ["员工6", "员工7"]
    assert [p.name for p in kept.removed] == ["员工3"]
    assert [c.person.name for c in kept.changed] == ["员工一", "员工2"]
    assert [(c.column, c.before, c.after) for c in kept.changed[0].cells] == [
        ("姓名", "员工1", "员工一"),
        ("岗位", "软件工程师", "测试工程师"),
    ]
    event = resubmitted.events.get(action="resubmit")
    assert event.data["changes"] == {"added": 2, "removed": 1, "changed": 2}


def test_a_row_without_its_digest_is_compared_by_its_values(enterprise_user, reviewer, ready) -> None:
    ready.rows.update(digest="")  # as a row written by hand would be
    submit(enterprise_user, ready)
    returned(ready, reviewer)
    row = ready.rows.get(number=ready.rows.order_by("number").first().number)  # type: ignore[union-attr]
    RosterRow.objects.filter(pk=row.pk).update(values={**row.values, "岗位": "测试工程师"})

    resubmitted = submit(enterprise_user, ready)

    changes = selectors.stored_changes(resubmitted)
    assert [c.person.number for c in changes.changed] == [row.number]
    assert not changes.added and not changes.removed


def test_snapshots_digested_the_old_way_are_redigested_and_compare_sensibly(
    enterprise_user, reviewer, ready
) -> None:
    submit(enterprise_user, ready)
    for old in SubmittedRow.objects.filter(application=ready):  # sha256 of json [values, id_hash]
        payload = json.dumps([old.values, old.id_hash], sort_keys=True, ensure_ascii=False)
        SubmittedRow.objects.filter(pk=old.pk).update(digest=hashlib.sha256(payload.encode()).hexdigest())
    returned(ready, reviewer)
    first = ready.rows.order_by("number").first()
    assert first is not None
    edit(enterprise_user, ready, first.number, "岗位", "测试工程师")

    # Compared with the old digests: only the person whose values changed is listed.
    resubmitted = submit(enterprise_user, ready)
    assert [c.person.number for c in selectors.stored_changes(resubmitted).changed] == [first.number]

    SubmittedRow.objects.filter(application=ready).update(digest="old")
    migration = importlib.import_module(
        "shenbao.applications.migrations.0012_submitted_rows_one_index_and_row_digest"
    )
    migration.forward(apps, None)
    rows = SubmittedRow.objects.filter(application=ready)
    assert rows.count() == 4 and all(r.digest == submissions.submitted_digest(r.values) for r in rows)


def test_only_the_latest_two_submissions_are_kept_once_the_worker_ran(
    enterprise_user, reviewer, ready
) -> None:
    submit(enterprise_user, ready)
    for _ in range(2):
        returned(ready, reviewer)
        submit(enterprise_user, ready)

    # The tasks run inline here (conftest): the first submission is gone, the last two stay.
    kept = SubmittedRow.objects.filter(application=ready).values_list("submission", flat=True)
    assert sorted(set(kept)) == [2, 3]
    assert submissions.drop_earlier_submissions(ready.pk) == 0


def test_earlier_submissions_wait_for_the_worker_and_nothing_reads_them(
    enterprise_user, reviewer, ready, settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    submit(enterprise_user, ready)
    for _ in range(2):
        returned(ready, reviewer)
        submit(enterprise_user, ready)
    ready.refresh_from_db()

    assert sorted(
        set(SubmittedRow.objects.filter(application=ready).values_list("submission", flat=True))
    ) == [
        1,
        2,
        3,
    ]
    assert selectors.stored_changes(ready).compared and selectors.stored_changes(ready).is_empty
    assert submissions.drop_earlier_submissions(ready.pk) == 2  # the first submission's two rows


def test_a_roster_replaced_whole_is_compared_inside_the_database(
    enterprise_user, reviewer, ready, upload, employees, roster_file, monkeypatch
) -> None:
    upload(enterprise_user, ready, roster_file(employees(3)))
    submit(enterprise_user, ready)
    returned(ready, reviewer)
    ready.refresh_from_db()
    upload(enterprise_user, ready, roster_file(employees(6)[3:]))  # three other persons
    python = selectors.changes_since_last_submission(ready)
    monkeypatch.setattr(selectors, "CHANGES_SHOWN", 2)  # the page lists the first of each kind
    live, counts = selectors.changes_shown(ready)  # and counts them all

    resubmitted = submit(enterprise_user, ready)

    assert counts == {"added": 3, "removed": 3, "changed": 0}
    assert live.added == python.added[:2] and live.removed == python.removed[:2]
    assert selectors.stored_changes(resubmitted) == python
    assert [p.name for p in python.added] == ["员工4", "员工5", "员工6"]
    assert [p.name for p in python.removed] == ["员工1", "员工2", "员工3"]
    assert resubmitted.events.get(action="resubmit").data["changes"] == counts
