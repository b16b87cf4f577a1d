"""What every worker does beside its tasks: one pass follows the outbox, takes over silent checks, sweeps old files."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from shenbao.applications import uploads
from shenbao.applications.models import Outbox, RosterUpload
from shenbao.operations import worker

# Committed data, as the worker sees it: a pass reconnects where the worker loop would
# (close_old_connections), which a test's surrounding transaction does not survive on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(settings, enterprise_user, call, employees_file):  # type: ignore[no-untyped-def]
    """A roster saved (its change waiting in the outbox), a check whose worker died, an old file left behind."""
    from shenbao.applications import services

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    application = services.create_application(by=enterprise_user, call=call)
    saved = uploads.start_roster_upload(by=enterprise_user, application=application, upload=employees_file(2))
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    silent = uploads.start_roster_upload(
        by=enterprise_user, application=application, upload=employees_file(3)
    )
    RosterUpload.objects.filter(pk=silent.pk).update(
        state=RosterUpload.State.RUNNING, heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    left = uploads.start_roster_upload(by=enterprise_user, application=application, upload=employees_file(1))
    RosterUpload.objects.filter(pk=left.pk).update(
        state=RosterUpload.State.FAILED, created_at=timezone.now() - timedelta(days=2)
    )
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return saved, silent, left


@pytest.fixture
def employees_file(enterprise_user, tmp_path):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shenbao.domain.roster_columns import RosterKind
    from tests import rosters

    def build(count: int) -> SimpleUploadedFile:
        hired = (timezone.localdate() - timedelta(days=60)).isoformat()
        code = enterprise_user.organisation.code
        rows = [rosters.employee(n, payer_code=code, hired=hired) for n in range(1, count + 1)]
        path = rosters.write_roster(tmp_path / f"r{count}.xlsx", RosterKind.EMPLOYEES, rows)
        return SimpleUploadedFile("花名册.xlsx", path.read_bytes())

    return build


def test_one_pass_of_the_chores_does_everything_due(world) -> None:  # type: ignore[no-untyped-def]
    saved, silent, left = world
    left_name = RosterUpload.objects.get(pk=left.pk).file.name
    assert Outbox.objects.exists() and default_storage.exists(left_name)

    worker.run_chores()

    assert not Outbox.objects.exists()
    assert (
        RosterUpload.objects.get(pk=silent.pk).state == RosterUpload.State.SUPERSEDED
    )  # taken over, then overtaken
    assert not default_storage.exists(left_name)


def test_a_pass_of_the_chores_deletes_expired_downloads(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    from shenbao.downloads.models import Download
    from shenbao.downloads.services import request_download

    download = request_download(
        by=enterprise_user,
        kind="annotated_copy",
        params={"application": 0},
        label="x",
        filename="x.xlsx",
        content_type="application/octet-stream",
    )
    download.file.save(download.token, ContentFile(b"PK built"), save=False)
    Download.objects.filter(pk=download.pk).update(
        file=download.file.name, state=Download.State.DONE, expires_at=timezone.now() - timedelta(seconds=1)
    )

    worker.run_chores()

    assert Download.objects.get(pk=download.pk).state == Download.State.EXPIRED
    assert not default_storage.exists(download.file.name)


def test_a_failing_chore_is_logged_and_the_others_still_run(world, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    def broken() -> int:
        raise RuntimeError("outbox unreadable")

    monkeypatch.setattr(worker, "follow_outbox", broken)
    with caplog.at_level(logging.ERROR, logger=worker.__name__):
        worker.run_chores()

    assert "worker chore failed: outbox" in caplog.text
    assert Outbox.objects.exists()  # kept for the next pass
    assert RosterUpload.objects.get(pk=world[1].pk).state == RosterUpload.State.SUPERSEDED


def test_the_chores_thread_stops_when_asked() -> None:
    chores = worker.Chores()
    chores.start()
    chores.stop()
    assert not chores.is_alive()
