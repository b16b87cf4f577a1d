"""Roster files do not linger: what a check left behind is swept after SHENBAO_ROSTER_FILE_MAX_HOURS, audited."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from shenbao.applications import uploads
from shenbao.applications.models import RosterUpload
from shenbao.applications.roster_files import delete_stale_roster_files, stored_roster_files
from shenbao.audit.models import Action, AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def left_behind(settings, enterprise_user, application, employees, roster_file):  # type: ignore[no-untyped-def]
    """A failed check that kept its file, a check still running, and a file no upload names."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    def upload(state: RosterUpload.State) -> RosterUpload:
        job = uploads.start_roster_upload(
            by=enterprise_user, application=application, upload=roster_file(employees(2))
        )
        RosterUpload.objects.filter(pk=job.pk).update(state=state)
        return job

    failed, running = upload(RosterUpload.State.FAILED), upload(RosterUpload.State.RUNNING)
    orphan = default_storage.save(f"rosters/{application.reference}/orphan", ContentFile(b"PK\x03\x04"))
    return failed, running, orphan


def test_files_older_than_the_limit_go_unless_their_check_is_running(left_behind, settings) -> None:  # type: ignore[no-untyped-def]
    failed, running, orphan = left_behind
    later = timezone.now() + timedelta(hours=settings.SHENBAO_ROSTER_FILE_MAX_HOURS, minutes=1)

    deleted = delete_stale_roster_files(now=later)

    assert {(item.name, item.upload) for item in deleted} == {(failed.file.name, failed.pk), (orphan, None)}
    assert set(stored_roster_files(default_storage)) == {running.file.name}
    assert RosterUpload.objects.get(pk=failed.pk).file.name == ""
    audited = AuditRecord.objects.filter(action=Action.DELETE_STALE_FILE)
    assert {(r.object_id, r.detail["file"]) for r in audited} == {
        (str(failed.pk), failed.file.name),
        ("", orphan),
    }
    record = audited.get(object_id=str(failed.pk))
    assert record.actor is None and record.application_reference == failed.application.reference


def test_younger_files_are_kept(left_behind) -> None:  # type: ignore[no-untyped-def]
    assert delete_stale_roster_files(now=timezone.now() + timedelta(hours=1)) == []
    assert len(list(stored_roster_files(default_storage))) == 3
    assert not AuditRecord.objects.filter(action=Action.DELETE_STALE_FILE).exists()


def test_the_sweep_runs_as_a_management_command(left_behind, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SHENBAO_ROSTER_FILE_MAX_HOURS = 1
    out = io.StringIO()
    call_command("sweep_roster_files", stdout=out)
    assert "共删除 0 个" in out.getvalue()  # nothing here is an hour old yet

    RosterUpload.objects.update(created_at=timezone.now() - timedelta(hours=2))
    call_command("sweep_roster_files", stdout=out)
    assert "共删除 1 个" in out.getvalue()  # the failed check's file; the orphan is new on disk


def test_nothing_stored_yet_is_nothing_to_sweep() -> None:
    assert delete_stale_roster_files(now=timezone.now()) == []
