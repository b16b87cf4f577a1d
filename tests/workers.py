"""Real worker processes for tests: the database and stored files they share with the test, and scripts.

Setup, workers and readings run in separate processes against a database they can all reach: a
SQLite file in tmp, or pytest-django's PostgreSQL test database; the stored files are the test's
own (its MEDIA_ROOT, or its prefix in the S3 bucket).
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
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection

from tests import storage

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

# What the scripts below can do, each printing one JSON line.
SCRIPT = r"""
import hashlib, json, sys
from unittest import mock
import django
django.setup()
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from shenbao.applications import services, uploads
from shenbao.applications.models import Application, RosterUpload
from shenbao.applications.roster_files import stored_roster_files

def state(application_id):
    application = Application.objects.get(pk=application_id)
    hashes = sorted(application.rows.values_list("id_hash", flat=True))
    return {
        "persons": application.persons,
        "rows": len(hashes),
        "hashes": hashlib.sha256("\n".join(hashes).encode()).hexdigest(),
        "uploads": {str(u.pk): [u.state, u.attempts] for u in application.uploads.all()},
        "roster_events": application.events.filter(action="upload_roster").count(),
        "files": sorted(stored_roster_files(default_storage)),
    }

def upload(application, path):
    user = application.organisation.users.first()
    with open(path, "rb") as handle:
        file = SimpleUploadedFile("roster.xlsx", handle.read())
    return uploads.start_roster_upload(by=user, application=application, upload=file)

command, *args = sys.argv[1:]
if command == "setup":
    # An application whose first roster is checked at once; then the others, each queued for a worker.
    from shenbao.directory.services import load_directory
    from tests import factories
    from tests.security.matrix_fixtures import open_call
    load_directory()
    call = open_call()
    organisation = factories.make_organisation(number=5)
    factories.make_applicant(organisation, "worker-test")
    application = services.create_application(by=organisation.users.first(), call=call)
    good, *queued = args
    with mock.patch("shenbao.applications.tasks.process_roster_upload"):
        first = upload(application, good)
    uploads.process_upload(first.pk)
    jobs = [upload(application, path).pk for path in queued]
    print(json.dumps({"application": application.pk, "queued": jobs, **state(application.pk)}))
elif command == "applications":
    # One application per roster file, each of another enterprise, each upload queued.
    from shenbao.directory.services import load_directory
    from tests import factories
    from tests.security.matrix_fixtures import open_call
    load_directory()
    call = open_call()
    made = []
    for number, path in enumerate(args):
        organisation = factories.make_organisation(number=5)
        factories.make_applicant(organisation, f"worker-test-{number}")
        application = services.create_application(by=organisation.users.first(), call=call)
        made.append({"application": application.pk, "upload": upload(application, path).pk})
    print(json.dumps(made))
elif command == "upload":
    print(json.dumps({"upload": upload(Application.objects.get(pk=int(args[0])), args[1]).pk}))
elif command == "enqueue":
    from shenbao.applications.tasks import process_roster_upload
    for upload_id in args:
        process_roster_upload.enqueue(int(upload_id))
    print(json.dumps({"enqueued": len(args)}))
elif command == "state":
    print(json.dumps(state(int(args[0]))))
"""

# A worker that takes over a check silent for 3 s, looking every second (heartbeats every second).
QUICK_TAKEOVER = {
    "SHENBAO_WORKER_HEARTBEAT_SECONDS": "1",
    "SHENBAO_WORKER_STALE_SECONDS": "3",
    "SHENBAO_WORKER_SWEEP_SECONDS": "1",
}


class System:
    """The database and stored files the processes share, and how to read an upload's progress."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        self.env.update(DJANGO_SETTINGS_MODULE="shenbao.config.settings", PYTHONPATH=str(ROOT))
        self.env.update(storage.child_env())
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

    def script(self, *args: object) -> Any:
        done = subprocess.run(
            [PYTHON, "-c", SCRIPT, *map(str, args)],
            cwd=ROOT,
            env=self.env,
            timeout=180,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    @contextmanager
    def worker(self, name: str, *args: str, **env: str) -> Iterator[subprocess.Popen[bytes]]:
        """A real ``manage.py db_worker`` process (shenbao's, with its chores), killed on the way out."""
        log: IO[bytes] = (self.tmp / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--no-startup-delay",
                "--interval",
                "0.1",
                "--no-reload",
                *args,
            ],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)
            log.close()

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def progress(self, upload_id: int) -> tuple[str, int]:
        state, total, _file = self._upload(upload_id)
        return state, total

    def is_over(self, upload_id: int, state: str) -> bool:
        """The upload ended in ``state`` and its run has deleted the file (the last thing it does)."""
        found, _total, file = self._upload(upload_id)
        return found == state and not file

    def _upload(self, upload_id: int) -> tuple[str, int, str]:
        sql = "SELECT state, total, file FROM applications_rosterupload WHERE id = "
        if self.sqlite is not None:
            with sqlite3.connect(self.sqlite, timeout=5) as db:
                found = db.execute(sql + "?", (upload_id,)).fetchone()
            return found[0], found[1], found[2]
        with connection.cursor() as cursor:
            cursor.execute(sql + "%s", [upload_id])
            state, total, file = cursor.fetchone()
        return state, total, file

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


def kill(process: subprocess.Popen[bytes]) -> None:
    assert process.poll() is None, "the worker ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(condition: Any, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.02)
