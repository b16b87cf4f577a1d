"""Two refreshes at once store each finding once: a uniqueness constraint, and writes that skip conflicts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, connections, transaction

from shenbao.applications.models import Application
from shenbao.crosschecks.models import CrossFinding
from shenbao.crosschecks.services import refresh_after_status_change, refresh_findings
from shenbao.domain.crosscheck import CrossCode
from tests import factories
from tests.crosschecks.build import add_row, make_application

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises every writer, so two refreshes never overlap",
)
CLAIMED = CrossCode.CLAIMED_ELSEWHERE.value
NOT_FOUND = CrossCode.HIRING_ENTERPRISE_NOT_FOUND.value


@pytest.mark.django_db
def test_the_database_refuses_a_finding_stored_twice(directory) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(factories.make_organisation(number=5))
    theirs = make_application(factories.make_organisation(number=16))
    row, other = add_row(mine, 1), add_row(theirs, 1)
    CrossFinding.objects.create(
        row=row, application=mine, code=CLAIMED, other_row=other, other_application=theirs
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        CrossFinding.objects.create(
            row=row, application=mine, code=CLAIMED, other_row=other, other_application=theirs
        )


@pytest.mark.django_db
def test_a_hiring_enterprise_finding_naming_no_other_claim_is_also_stored_once(directory) -> None:  # type: ignore[no-untyped-def]
    institution = factories.make_organisation(number=12, kind="institution")
    row = add_row(make_application(institution), 1, hiring="不存在的公司")
    CrossFinding.objects.create(row=row, application=row.application, code=NOT_FOUND)

    with pytest.raises(IntegrityError), transaction.atomic():
        CrossFinding.objects.create(row=row, application=row.application, code=NOT_FOUND)


@pytest.mark.django_db
def test_two_claims_on_one_row_against_different_rows_are_both_kept(directory) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(factories.make_organisation(number=5))
    row = add_row(mine, 1)
    add_row(make_application(factories.make_organisation(number=16)), 1)
    add_row(make_application(factories.make_organisation(number=6)), 1)

    refresh_findings(mine)

    assert sorted(row.cross_findings.values_list("code", flat=True)) == [CLAIMED, CLAIMED]


def _waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        (waiting,) = cursor.fetchone()
    return bool(waiting)


def _in_thread(action: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _second_before_first_commits(
    first: Application, meanwhile: Callable[[], object], second: Callable[[], object]
) -> list[BaseException]:
    """Refresh ``first`` and hold its transaction open; run ``meanwhile``, then ``second`` on its own
    connection until it waits for a lock (or ends); then commit the first. Errors of both threads."""
    first_written, commit_first = threading.Event(), threading.Event()

    def refresh_first() -> None:
        with transaction.atomic():
            refresh_findings(first)
            first_written.set()
            assert commit_first.wait(timeout=20)

    first_thread, first_errors = _in_thread(refresh_first)
    assert first_written.wait(timeout=20)
    meanwhile()
    second_thread, second_errors = _in_thread(second)
    deadline = time.monotonic() + 20
    while second_thread.is_alive() and not _waits_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    commit_first.set()
    first_thread.join(timeout=20)
    second_thread.join(timeout=20)
    assert not first_thread.is_alive() and not second_thread.is_alive()
    return first_errors + second_errors


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_two_uploads_sharing_a_person_refreshed_at_once_store_each_finding_once(directory) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(factories.make_organisation(number=5))
    theirs = make_application(factories.make_organisation(number=16))
    row, other = add_row(mine, 1), add_row(theirs, 1)

    # The first refresh has written both findings but not committed; the second one, on its own
    # connection, sees no finding to replace and writes the same two.
    assert _second_before_first_commits(mine, lambda: None, lambda: refresh_findings(theirs)) == []
    stored = sorted(CrossFinding.objects.values_list("row_id", "code", "other_row_id"))
    assert stored == sorted([(row.pk, CLAIMED, other.pk), (other.pk, CLAIMED, row.pk)])


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_refresh_running_across_a_withdrawal_leaves_no_stale_finding(directory) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(factories.make_organisation(number=5))
    theirs = make_application(factories.make_organisation(number=16))
    add_row(mine, 1), add_row(theirs, 1)

    # The first refresh finds theirs still a live claim: both rows get a finding. Meanwhile theirs
    # is withdrawn, and its refresh starts before the first one has committed.
    def withdraw() -> None:
        Application.objects.filter(pk=theirs.pk).update(status="withdrawn")

    errors = _second_before_first_commits(
        mine, withdraw, lambda: refresh_after_status_change(Application.objects.get(pk=theirs.pk))
    )
    assert errors == []
    stored = sorted(CrossFinding.objects.values_list("row_id", "code", "other_row_id"))
    # What a refresh made now, with nothing running beside it, would store: the same.
    refresh_findings(mine)
    assert stored == sorted(CrossFinding.objects.values_list("row_id", "code", "other_row_id"))
    assert not CrossFinding.objects.filter(row__application=mine, code=CLAIMED).exists()
