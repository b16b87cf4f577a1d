"""A roster of a few thousand rows checked by the real worker (`manage.py db_worker`) in its own process.

The upload request returns before any row exists; the progress endpoint reports the phases
(reading, rows N of M, saving) while the worker runs, then sends the page to the roster.
The worker process must see the test's database: on PostgreSQL that is ``test_<PGDATABASE>``;
SQLite's test database lives in memory, so this test moves the default connection to a
migrated file for its duration and points the worker at the same file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shenbao.applications import services
from shenbao.applications.models import RosterRow, RosterUpload
from shenbao.domain.roster_columns import RosterKind
from tests import factories, rosters, storage

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000


def _manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


@pytest.fixture
def worker_env(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for a worker process that shares this test's database and media folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = {**os.environ, **storage.child_env(), "DJANGO_ALLOW_ASYNC_UNSAFE": ""}
    if connection.vendor == "postgresql":
        env["PGDATABASE"] = connection.settings_dict["NAME"]
        yield env
        return
    path = tmp_path / "shared.sqlite3"
    env["SHENBAO_SQLITE_PATH"] = str(path)
    subprocess.run(_manage("migrate", "--noinput", "-v", "0"), env=env, check=True, cwd=ROOT)
    # The in-memory test database stays open (closing its last connection would drop it).
    saved_connection, saved_settings = connection.connection, connection.settings_dict
    connection.connection = None
    connection.settings_dict = {**saved_settings, "NAME": str(path)}
    try:
        yield env
    finally:
        if connection.connection is not None:
            connection.connection.close()
        connection.connection = saved_connection
        connection.settings_dict = saved_settings


def _roster(tmp_path: Path, code: str, hired: str) -> SimpleUploadedFile:
    # valid_id repeats after 500 serials: the birth month keeps the ID numbers distinct.
    rows = [
        rosters.employee(
            n, payer_code=code, hired=hired, 证件号码=rosters.valid_id(n, birth=f"1995{1 + n // 500:02d}01")
        )
        for n in range(1, ROWS + 1)
    ]
    path = rosters.write_roster(tmp_path / "roster.xlsx", RosterKind.EMPLOYEES, rows)
    return SimpleUploadedFile("花名册.xlsx", path.read_bytes())


def test_a_few_thousand_rows_are_checked_by_the_worker_while_the_page_reports_progress(
    worker_env: dict[str, str], tmp_path: Path
) -> None:
    from shenbao.directory.services import load_directory

    load_directory()
    user = factories.make_applicant(factories.make_organisation(number=5), "progress-hr")
    today = timezone.localdate()
    call = factories.make_open_call()
    application = services.create_application(by=user, call=call)
    client = Client()
    client.force_login(user)
    upload = _roster(tmp_path, user.organisation.code, (today - timedelta(days=60)).isoformat())

    started = time.perf_counter()
    response = client.post(reverse("applications:upload", args=[application.pk]), {"file": upload})
    returned = time.perf_counter() - started
    job = RosterUpload.objects.get(application=application)
    progress_url = reverse("applications:progress", args=[application.pk, job.pk])
    assert response.status_code == 302 and response["Location"] == progress_url
    # Nothing has run yet: the request only stored the file and queued the check.
    assert job.state == RosterUpload.State.QUEUED
    assert not RosterRow.objects.filter(application=application).exists()
    assert returned < 5
    page = client.get(progress_url).content.decode()
    assert "<progress" in page and 'hx-trigger="every 500ms"' in page and "<script>" not in page

    worker = subprocess.Popen(
        _manage("db_worker", "--batch", "--no-startup-delay"),
        env=worker_env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    seen: list[str] = []
    states: set[tuple[str, bool]] = set()
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            polled = client.get(progress_url, headers={"HX-Request": "true"})
            if "HX-Redirect" in polled:
                assert polled["HX-Redirect"] == reverse("applications:roster", args=[application.pk])
                break
            seen.append(polled.content.decode())
            current = RosterUpload.objects.values_list("state", "total").get(pk=job.pk)
            states.add((current[0], current[1] > 0))
            time.sleep(0.01)  # polling an outside process; a person's page polls twice a second
        output = worker.communicate(timeout=60)[0].decode(errors="replace")
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output

    job.refresh_from_db()
    application.refresh_from_db()
    assert job.state == RosterUpload.State.DONE
    assert job.progress == job.total == ROWS
    assert RosterRow.objects.filter(application=application).count() == ROWS
    assert application.persons == ROWS and application.error_rows == 0
    # The worker was seen at work, with the number of rows known.
    assert ("running", True) in states, states
    assert any(f"/ {ROWS}" in text or f"保存 {ROWS} 行" in text for text in seen)
    assert all("<progress" in text for text in seen)
    roster_page = client.get(reverse("applications:roster", args=[application.pk])).content.decode()
    assert "花名册检查通过" in roster_page
