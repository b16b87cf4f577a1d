"""Two workers (two processes, as on two hosts) sharing one PostgreSQL never run the same roster check twice.

Four applications each have a roster upload queued, and each check's task is delivered twice (as
when a lost task is queued again while the first is still waiting). Two real ``db_worker``
processes then work through the queue side by side. Every check runs once: one run, one roster
replacement, one history entry, while both workers took tasks and the duplicates ended at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from shenbao.applications.models import Application, RosterUpload
from tests.security.test_atomic_import import write_roster
from tests.workers import System, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="workers on two hosts share a server database"
    ),
]

APPLICATIONS = 4
ROWS = 3000


def test_two_workers_never_run_the_same_check_twice(tmp_path: Path) -> None:
    system = System(tmp_path)
    files = [
        write_roster(tmp_path / f"roster-{n}.xlsx", ROWS, first_serial=1 + n * 10_000)
        for n in range(APPLICATIONS)
    ]
    made = system.script("applications", *files)
    uploads = [item["upload"] for item in made]
    system.script("enqueue", *uploads)  # every check's task delivered a second time
    assert DBTaskResult.objects.count() == 2 * APPLICATIONS

    with system.worker("one", "--batch") as one, system.worker("two", "--batch") as two:
        wait_for(
            lambda: one.poll() is not None and two.poll() is not None, timeout=300, what="both workers end"
        )
        assert (one.returncode, two.returncode) == (0, 0), system.log("one") + system.log("two")

    for item in made:
        application = Application.objects.get(pk=item["application"])
        job = RosterUpload.objects.get(pk=item["upload"])
        assert (job.state, job.attempts) == (RosterUpload.State.DONE, 1)
        assert application.rows.count() == application.persons == ROWS
        assert application.events.filter(action="upload_roster").count() == 1
    results = list(DBTaskResult.objects.all())
    assert all(result.status == "SUCCESSFUL" and len(result.worker_ids) == 1 for result in results)
    assert len({result.worker_ids[0] for result in results}) == 2, "both workers took tasks"
    assert "taken over" not in system.log("one") + system.log("two")
