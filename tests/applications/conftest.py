"""Fixtures of the applicant flow: an open call, applications, real roster files, tasks run inline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from shenbao.accounts.models import User
from shenbao.applications import services, uploads
from shenbao.applications.models import Application
from shenbao.calls.models import Call
from shenbao.domain.roster_columns import RosterKind
from tests import rosters


@pytest.fixture(autouse=True)
def _inline_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def application(enterprise_user: User, call: Call) -> Application:
    return services.create_application(by=enterprise_user, call=call)


@pytest.fixture
def hired(today: date) -> str:
    return (today - timedelta(days=60)).isoformat()


@pytest.fixture
def employees(enterprise_user: User, hired: str) -> Callable[..., list[dict[str, str]]]:
    """``employees(3)``: three valid rows for the enterprise; overrides per row number (1-based)."""

    def build(count: int, **by_row: dict[str, str]) -> list[dict[str, str]]:
        code = enterprise_user.organisation.code  # type: ignore[union-attr]
        rows = []
        for serial in range(1, count + 1):
            overrides = by_row.get(f"row{serial}", {})
            rows.append(rosters.employee(serial, payer_code=code, hired=hired, **overrides))
        return rows

    return build


@pytest.fixture
def roster_file(tmp_path: Path) -> Callable[..., SimpleUploadedFile]:
    def build(rows: Sequence[dict[str, str]], kind: RosterKind = RosterKind.EMPLOYEES) -> SimpleUploadedFile:
        path = rosters.write_roster(tmp_path / f"roster-{len(rows)}.xlsx", kind, rows)
        return SimpleUploadedFile("花名册.xlsx", path.read_bytes())

    return build


@pytest.fixture
def upload(
    django_capture_on_commit_callbacks: Any,
) -> Callable[[User, Application, SimpleUploadedFile], Any]:
    """Upload through the service and run the queued check (on commit, inline)."""

    def run(user: User, application: Application, file: SimpleUploadedFile) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            job = uploads.start_roster_upload(by=user, application=application, upload=file)
        job.refresh_from_db()
        application.refresh_from_db()
        return job

    return run


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    # Staff may be asked for a second factor (the accounts app's concern, tested there).
    if hasattr(user, "otp_exempt") and not user.is_applicant:
        user.otp_exempt = True
        user.save(update_fields=["otp_exempt"])
    return client


def url(name: str, *args: object) -> str:
    return reverse(f"applications:{name}", args=args)


@pytest.fixture
def ready(
    enterprise_user: User, application: Application, upload: Any, employees: Any, roster_file: Any
) -> Application:
    """An application with a clean two-person roster and its paper volumes declared."""
    upload(enterprise_user, application, roster_file(employees(2)))
    services.update_details(by=enterprise_user, application=application, paper_volumes=2, remarks="")
    application.refresh_from_db()
    return application


def submit(user: User, application: Application, *, declaration: bool = True) -> Application:
    application.refresh_from_db()
    return services.submit_application(
        by=user, application=application, expected_version=application.version, declaration=declaration
    )
