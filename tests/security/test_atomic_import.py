"""A roster import killed mid-way leaves the previous roster whole: a real worker process, SIGKILLed.

The application first holds a good 200-row roster. A 20,000-row roster is then uploaded and
queued; ``manage.py db_worker`` (django-tasks-db) picks it up and is killed with SIGKILL either
while it checks the file or while it replaces the rows. Afterwards the application shows the
previous roster (same count, same ID hashes), never a part, and the upload is not shown as done;
a retry of the same upload then replaces the roster completely.

Setup, worker, retry and the final reading run in separate processes against a database they can
all reach: a SQLite file in tmp, or pytest-django's PostgreSQL test database.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from shenbao.domain.roster_columns import RosterKind
from tests import rosters

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIG = 20_000
GOOD = 200

SCRIPT = r"""
import hashlib, json, sys
from unittest import mock
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from shenbao.applications import services
from shenbao.applications import uploads
from shenbao.applications.models import Application, RosterUpload

def state(application_id):
    application = Application.objects.get(pk=application_id)
    hashes = sorted(application.rows.values_list("id_hash", flat=True))
    return {
        "persons": application.persons,
        "rows": len(hashes),
        "hashes": hashlib.sha256("\n".join(hashes).encode()).hexdigest(),
        "uploads": {str(u.pk): u.state for u in application.uploads.all()},
    }

command, *args = sys.argv[1:]
if command == "setup":
    from shenbao.directory.services import load_directory
    from tests import factories
    from tests.security.matrix_fixtures import open_call
    good_path, big_path = args
    load_directory()
    organisation = factories.make_organisation(number=5)
    user = factories.make_applicant(organisation, "kill-test")
    application = services.create_application(by=user, call=open_call())
    # The earlier roster is checked here, at once; only the big one goes through the queue.
    with mock.patch("shenbao.applications.tasks.process_roster_upload"):
        good = uploads.start_roster_upload(
            by=user, application=application,
            upload=SimpleUploadedFile("good.xlsx", open(good_path, "rb").read()),
        )
    uploads.process_upload(good.pk)
    big = uploads.start_roster_upload(
        by=user, application=application,
        upload=SimpleUploadedFile("big.xlsx", open(big_path, "rb").read()),
    )
    print(json.dumps({"application": application.pk, "big": big.pk, **state(application.pk)}))
elif command == "state":
    print(json.dumps(state(int(args[0]))))
elif command == "retry":
    uploads.process_upload(int(args[1]))
    print(json.dumps(state(int(args[0]))))
"""


def write_roster(path: Path, count: int, *, code: str, first_serial: int) -> Path:
    """Distinct valid ID numbers: the birth date moves on every 500 serials."""
    hired = (timezone.localdate() - timedelta(days=60)).isoformat()
    rows = []
    for serial in range(first_serial, first_serial + count):
        birth = (date(1980, 1, 1) + timedelta(days=serial // 500)).strftime("%Y%m%d")
        row = rosters.employee(serial, payer_code=code, hired=hired)
        row["证件号码"] = rosters.valid_id(serial, birth=birth)
        rows.append(row)
    return rosters.write_roster(path, RosterKind.EMPLOYEES, rows)


class System:
    """The database and media directory the processes share, and how to read an upload's progress."""

    def __init__(self, tmp: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="shenbao.config.settings",
            SHENBAO_MEDIA_ROOT=str(tmp / "media"),
            PYTHONPATH=str(ROOT),
        )
        self.sqlite: Path | None = None
        self.wal_seen = 0
        if connection.vendor == "postgresql":
            self.env["PGDATABASE"] = settings.DATABASES["default"]["NAME"]
        else:
            self.sqlite = tmp / "shenbao.sqlite3"
            for name in ("PGHOST", "PGPORT", "PGDATABASE", "PGUSER"):
                self.env.pop(name, None)
            self.env["SHENBAO_SQLITE_PATH"] = str(self.sqlite)
            self.manage("migrate", "--noinput", "-v", "0")

    def manage(self, *args: str) -> None:
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True, timeout=120)

    def script(self, *args: object) -> dict[str, Any]:
        done = subprocess.run(
            [PYTHON, "-c", SCRIPT, *map(str, args)],
            cwd=ROOT,
            env=self.env,
            timeout=180,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    def progress(self, upload_id: int) -> tuple[str, int]:
        if self.sqlite is not None:
            with sqlite3.connect(self.sqlite, timeout=5) as db:
                found = db.execute(
                    "SELECT state, total FROM applications_rosterupload WHERE id = ?", (upload_id,)
                ).fetchone()
            return found[0], found[1]
        with connection.cursor() as cursor:
            cursor.execute("SELECT state, total FROM applications_rosterupload WHERE id = %s", [upload_id])
            state, total = cursor.fetchone()
        return state, total

    def is_replacing_rows(self) -> bool:
        """Another session holds a write lock on the roster rows: the delete and insert have begun."""
        if self.sqlite is not None:
            # SQLite has no lock table to read; uncommitted pages spilling into the WAL show the writes.
            wal = self.sqlite.with_name(self.sqlite.name + "-wal")
            size = wal.stat().st_size if wal.exists() else 0
            self.wal_seen = self.wal_seen or size
            return size > self.wal_seen + 1_000_000
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE relation = 'applications_rosterrow'::regclass"
                " AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()"
            )
            return bool(cursor.fetchone()[0])


@pytest.fixture
def system(tmp_path: Path) -> System:
    return System(tmp_path)


@pytest.fixture
def worker(system: System, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload"],
        cwd=ROOT,
        env=system.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)
    log.close()


def wait_for(condition: Any, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.02)


@pytest.mark.parametrize("moment", ["checking", "replacing"])
def test_a_worker_killed_mid_import_leaves_the_previous_roster_whole(
    system: System, worker: subprocess.Popen[bytes], tmp_path: Path, moment: str
) -> None:
    code = "913100001322023565"  # another payer: the rows carry findings, which atomicity does not mind
    good = write_roster(tmp_path / "good.xlsx", GOOD, code=code, first_serial=1)
    big = write_roster(tmp_path / "big.xlsx", BIG, code=code, first_serial=10_000)
    before = system.script("setup", good, big)
    assert before["rows"] == before["persons"] == GOOD
    upload = before["big"]

    if moment == "checking":
        wait_for(lambda: system.progress(upload) == ("running", 0), timeout=60, what="the check runs")
    else:
        wait_for(lambda: system.progress(upload)[1] > 0, timeout=120, what="the check is over")
        wait_for(system.is_replacing_rows, timeout=60, what="the rows are being replaced")
    assert worker.poll() is None, "the worker ended before it could be killed"
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)

    after = system.script("state", before["application"])
    assert (after["rows"], after["persons"], after["hashes"]) == (GOOD, GOOD, before["hashes"])
    assert after["uploads"][str(upload)] != "done"

    retried = system.script("retry", before["application"], upload)
    assert retried["uploads"][str(upload)] == "done"
    assert retried["rows"] == retried["persons"] == BIG
    assert retried["hashes"] != before["hashes"]
