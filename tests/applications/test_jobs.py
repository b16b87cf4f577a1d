"""Roster checks outlive their worker: one run at a time, taken over when silent, never over a newer upload."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.utils import timezone

from shenbao.applications import jobs, uploads
from shenbao.applications.models import Application, RosterRow, RosterUpload
from shenbao.domain import checked_roster, roster
from shenbao.domain.problem_text import render_stored
from tests.applications.conftest import signed_in, url

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def queue_only(settings: Any) -> None:
    """Uploads are queued and wait: each test plays the worker itself."""
    settings.TASKS = DUMMY


@pytest.fixture
def queued(queue_only: None, enterprise_user, application, employees, roster_file):  # type: ignore[no-untyped-def]
    """``queued(count)``: an upload of ``count`` valid rows, queued and not run."""

    def build(count: int = 2) -> RosterUpload:
        return uploads.start_roster_upload(
            by=enterprise_user, application=application, upload=roster_file(employees(count))
        )

    return build


def _as_left_by_a_dead_worker(job: RosterUpload, *, seconds: int, **fields: object) -> None:
    """The check as a worker leaves it when killed: RUNNING, its last heartbeat ``seconds`` ago."""
    RosterUpload.objects.filter(pk=job.pk).update(
        state=RosterUpload.State.RUNNING, heartbeat_at=timezone.now() - timedelta(seconds=seconds), **fields
    )


def _roster_events(application: Application) -> int:
    return application.events.filter(action="upload_roster").count()


def test_a_check_delivered_twice_runs_once(queued, application) -> None:  # type: ignore[no-untyped-def]
    job = queued(2)

    uploads.process_upload(job.pk)
    uploads.process_upload(job.pk)  # the same task again (a lost enqueue queued once more)

    job.refresh_from_db()
    assert (job.state, job.attempts) == (RosterUpload.State.DONE, 1)
    assert _roster_events(application) == 1


def test_a_silent_check_is_taken_over_by_the_sweep_without_a_page_visit(  # type: ignore[no-untyped-def]
    queued, application, enterprise_user, settings
) -> None:
    job = queued(3)
    _as_left_by_a_dead_worker(job, seconds=settings.SHENBAO_WORKER_STALE_SECONDS + 1, total=3)
    page = signed_in(enterprise_user).get(
        url("progress", application.pk, job.pk), headers={"HX-Request": "true"}
    )
    assert page.status_code == 200
    job.refresh_from_db()
    assert (job.state, job.attempts) == (RosterUpload.State.RUNNING, 1)  # the page restarts nothing

    settings.TASKS = IMMEDIATE  # the sweeping worker's queue, run at once
    assert jobs.resume_stalled(now=timezone.now()) == [job.pk]

    job.refresh_from_db()
    application.refresh_from_db()
    assert (job.state, job.attempts) == (RosterUpload.State.DONE, 2)
    assert application.persons == 3


def test_a_check_with_a_recent_heartbeat_is_left_alone(queued, settings) -> None:  # type: ignore[no-untyped-def]
    job = queued(2)
    _as_left_by_a_dead_worker(job, seconds=settings.SHENBAO_WORKER_STALE_SECONDS - 5)

    assert jobs.resume_stalled(now=timezone.now()) == []
    job.refresh_from_db()
    assert (job.state, job.attempts) == (RosterUpload.State.RUNNING, 1)


def test_the_worker_writes_the_heartbeat_of_its_own_run_only(queued) -> None:  # type: ignore[no-untyped-def]
    job = jobs.claim(queued(2).pk)
    assert job is not None
    later = timezone.now() + timedelta(minutes=1)

    with jobs.running(job):
        assert jobs.beat(later) == 1
    assert jobs.beat(later + timedelta(minutes=1)) == 0  # ended here: no more heartbeats
    assert RosterUpload.objects.get(pk=job.pk).heartbeat_at == later


def test_a_run_taken_over_stops_without_touching_the_roster_and_keeps_the_file(  # type: ignore[no-untyped-def]
    queued, application, settings
) -> None:
    job = queued(2)
    real_check = checked_roster.check_roster_file

    def slow_check(*args: Any, **kwargs: Any) -> roster.RosterResult:
        # While this run reads the file, another worker decides it is dead and takes the check over.
        jobs.resume_stalled(now=timezone.now() + timedelta(seconds=settings.SHENBAO_WORKER_STALE_SECONDS + 1))
        return real_check(*args, **kwargs)

    with mock.patch.object(checked_roster, "check_roster_file", slow_check):
        uploads.process_upload(job.pk)

    job.refresh_from_db()
    application.refresh_from_db()
    assert (job.state, job.attempts, application.persons) == (RosterUpload.State.QUEUED, 2, 0)
    assert job.file.name and default_storage.exists(job.file.name)  # the new run needs it

    uploads.process_upload(job.pk)  # the new run
    job.refresh_from_db()
    application.refresh_from_db()
    assert (job.state, job.attempts, application.persons) == (RosterUpload.State.DONE, 2, 2)
    assert _roster_events(application) == 1


def test_a_check_whose_worker_dies_every_time_fails_and_its_file_goes(  # type: ignore[no-untyped-def]
    queued, settings
) -> None:
    job = queued(2)
    name = job.file.name
    _as_left_by_a_dead_worker(job, seconds=settings.SHENBAO_WORKER_STALE_SECONDS + 1, attempts=2)

    assert jobs.resume_stalled(now=timezone.now()) == []

    job.refresh_from_db()
    assert job.state == RosterUpload.State.FAILED
    assert "多次中断" in render_stored(job.file_problems[0], "zh")
    assert job.file.name == "" and not default_storage.exists(name)


def test_a_queued_check_whose_task_was_lost_is_queued_again_once(queued, settings) -> None:  # type: ignore[no-untyped-def]
    from django.tasks import default_task_backend

    job = queued(2)
    stale = timezone.now() - timedelta(seconds=settings.SHENBAO_WORKER_STALE_SECONDS + 1)
    RosterUpload.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    default_task_backend.clear()  # type: ignore[attr-defined]

    now = timezone.now()
    assert jobs.resume_stalled(now=now) == [job.pk]
    assert jobs.resume_stalled(now=now) == []  # queued again, so no longer silent
    assert [result.args for result in default_task_backend.results] == [[job.pk]]  # type: ignore[attr-defined]
    assert RosterUpload.objects.get(pk=job.pk).state == RosterUpload.State.QUEUED


def test_the_page_says_a_check_went_silent_when_no_worker_takes_it_over(  # type: ignore[no-untyped-def]
    queued, application, enterprise_user
) -> None:
    job = queued(2)
    client = signed_in(enterprise_user)
    _as_left_by_a_dead_worker(job, seconds=5 * 60)
    moving = client.get(
        url("progress", application.pk, job.pk), headers={"HX-Request": "true"}
    ).content.decode()
    assert "处理中断" not in moving and 'hx-trigger="every 500ms"' in moving

    _as_left_by_a_dead_worker(job, seconds=11 * 60)
    stalled = client.get(
        url("progress", application.pk, job.pk), headers={"HX-Request": "true"}
    ).content.decode()
    assert "处理中断" in stalled and "重新上传" in stalled and "hx-trigger" not in stalled


def test_an_upload_overtaken_while_it_is_checked_never_replaces_the_newer_roster(  # type: ignore[no-untyped-def]
    queued, application
) -> None:
    older = queued(5)
    real_check = checked_roster.check_roster_file
    newer: list[RosterUpload] = []

    def overtaken(*args: Any, **kwargs: Any) -> roster.RosterResult:
        result = real_check(*args, **kwargs)
        if not newer:
            # While the older file is read, the applicant uploads a newer one, which another worker finishes.
            newer.append(queued(2))
            uploads.process_upload(newer[0].pk)
        return result

    with mock.patch.object(checked_roster, "check_roster_file", overtaken):
        uploads.process_upload(older.pk)

    older.refresh_from_db()
    application.refresh_from_db()
    assert older.state == RosterUpload.State.SUPERSEDED
    assert RosterUpload.objects.get(pk=newer[0].pk).state == RosterUpload.State.DONE
    assert application.persons == 2
    assert older.file.name == ""


def test_an_upload_overtaken_before_its_check_starts_is_not_even_read(queued, application) -> None:  # type: ignore[no-untyped-def]
    older = queued(5)
    uploads.process_upload(queued(2).pk)

    with mock.patch.object(checked_roster, "check_roster_file", side_effect=AssertionError("read")):
        uploads.process_upload(older.pk)

    older.refresh_from_db()
    application.refresh_from_db()
    assert (older.state, application.persons) == (RosterUpload.State.SUPERSEDED, 2)


@pytest.mark.parametrize("outcome", ["done", "unusable", "failed"])
def test_the_file_is_deleted_as_soon_as_the_check_ends(  # type: ignore[no-untyped-def]
    queue_only, enterprise_user, application, employees, roster_file, outcome
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = (
        SimpleUploadedFile("x.xlsx", b"not a spreadsheet")
        if outcome == "unusable"
        else roster_file(employees(2))
    )
    job = uploads.start_roster_upload(by=enterprise_user, application=application, upload=file)
    name = job.file.name
    assert default_storage.exists(name)

    broken = mock.patch.object(uploads, "_prepare_rows", side_effect=RuntimeError("worker bug"))
    if outcome == "failed":
        with broken, pytest.raises(RuntimeError):
            uploads.process_upload(job.pk)
    else:
        uploads.process_upload(job.pk)

    job.refresh_from_db()
    assert job.state == outcome
    assert job.file.name == "" and not default_storage.exists(name)


def test_a_finished_large_check_leaves_the_planner_statistics_of_the_new_rows(queued, settings) -> None:  # type: ignore[no-untyped-def]
    """Without them, a resubmission compared right after an upload took 192 s at 100,000 rows."""
    if connection.vendor != "postgresql":
        pytest.skip("the planner's statistics are PostgreSQL's")
    settings.SHENBAO_VACUUM_AFTER_ROWS = 5  # a large import, as far as this check is concerned
    uploads.process_upload(queued(5).pk)

    with connection.cursor() as cursor:
        # ANALYZE inside the test's transaction counts that transaction's own new rows.
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [RosterRow._meta.db_table])
        (estimate,) = cursor.fetchone()
    assert estimate == RosterRow.objects.count()


@pytest.mark.django_db(transaction=True)
def test_a_large_check_run_as_the_worker_runs_it_also_writes_the_visibility_map(queued, settings) -> None:  # type: ignore[no-untyped-def]
    """Outside a transaction VACUUM runs too: the pages' index-only scans then skip the table."""
    if connection.vendor != "postgresql":
        pytest.skip("the visibility map is PostgreSQL's")
    settings.SHENBAO_VACUUM_AFTER_ROWS = 5
    job = queued(5)
    with connection.cursor() as cursor:
        # As deployed: the throwaway test cluster commits asynchronously (scripts/pg-up.sh), and
        # VACUUM marks no page all-visible while the commit that wrote its rows is not yet flushed.
        cursor.execute("SET synchronous_commit = on")
        try:
            uploads.process_upload(job.pk)
        finally:
            cursor.execute("RESET synchronous_commit")  # the connection serves later tests too
        cursor.execute(
            "SELECT reltuples, relpages, relallvisible FROM pg_class WHERE relname = %s",
            [RosterRow._meta.db_table],
        )
        estimate, pages, all_visible_pages = cursor.fetchone()
    assert estimate == RosterRow.objects.count()
    assert all_visible_pages == pages > 0


def test_a_small_check_leaves_the_statistics_to_autovacuum(queued, settings) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("the planner's statistics are PostgreSQL's")
    settings.SHENBAO_VACUUM_AFTER_ROWS = 6
    table = RosterRow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")  # the statistics of the table as it was: no roster rows
        uploads.process_upload(queued(5).pk)
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        (estimate,) = cursor.fetchone()
    assert (estimate, RosterRow.objects.count()) == (0, 5)


def test_statistics_that_cannot_be_refreshed_leave_the_saved_check_done_and_its_file_gone(queued) -> None:  # type: ignore[no-untyped-def]
    job = queued(2)
    name = job.file.name
    refused = DatabaseError("canceling statement due to statement timeout")
    with mock.patch.object(uploads, "refresh_statistics", side_effect=refused) as refresh:
        uploads.process_upload(job.pk)  # no exception: the task is not recorded as failed

    refresh.assert_called_once_with(2)
    job.refresh_from_db()
    assert job.state == RosterUpload.State.DONE
    assert job.file.name == "" and not default_storage.exists(name)
