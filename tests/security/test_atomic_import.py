"""A roster import whose worker is SIGKILLed: the previous roster stays whole, and another worker finishes the job.

The application first holds a good 200-row roster. A 20,000-row roster is then uploaded and
queued; a real ``manage.py db_worker`` picks it up and is killed with SIGKILL either while it checks
the file or while it replaces the rows. Afterwards the application shows the previous roster (same
count, same ID hashes), never a part, and the upload is not shown as done. A second worker, started
afterwards, notices the silent check on its own (no page is visited) and completes it; had the
applicant uploaded a newer roster meanwhile, the killed one ends superseded and never overwrites it.

Setup, workers and readings run in separate processes (tests/workers.py): a SQLite file in tmp or
pytest-django's PostgreSQL test database, and the test's own stored files (folder or S3 prefix).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from shenbao.domain.roster_columns import RosterKind
from tests import rosters
from tests.workers import QUICK_TAKEOVER, System, kill, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

BIG = 20_000
GOOD = 200
CODE = "913100001322023565"  # another payer: the rows carry findings, which atomicity does not mind


def write_roster(path: Path, count: int, *, first_serial: int) -> Path:
    """Distinct valid ID numbers: the birth date moves on every 500 serials."""
    hired = (timezone.localdate() - timedelta(days=60)).isoformat()
    rows = []
    for serial in range(first_serial, first_serial + count):
        birth = (date(1980, 1, 1) + timedelta(days=serial // 500)).strftime("%Y%m%d")
        row = rosters.employee(serial, payer_code=CODE, hired=hired)
        row["证件号码"] = rosters.valid_id(serial, birth=birth)
        rows.append(row)
    return rosters.write_roster(path, RosterKind.EMPLOYEES, rows)


@pytest.fixture
def system(tmp_path: Path) -> System:
    return System(tmp_path)


def kill_mid_import(system: System, tmp_path: Path, moment: str) -> dict[str, object]:
    """Set up the good and the big roster, start a worker on the big one and kill it at ``moment``."""
    good = write_roster(tmp_path / "good.xlsx", GOOD, first_serial=1)
    big = write_roster(tmp_path / "big.xlsx", BIG, first_serial=10_000)
    before = system.script("setup", good, big)
    assert before["rows"] == before["persons"] == GOOD
    (upload,) = before["queued"]
    with system.worker("first") as worker:
        if moment == "checking":
            wait_for(lambda: system.progress(upload) == ("running", 0), timeout=60, what="the check runs")
        else:
            wait_for(lambda: system.progress(upload)[1] > 0, timeout=120, what="the check is over")
            wait_for(system.is_replacing_rows, timeout=60, what="the rows are being replaced")
        kill(worker)

    after = system.script("state", before["application"])
    assert (after["rows"], after["persons"], after["hashes"]) == (GOOD, GOOD, before["hashes"])
    assert after["uploads"][str(upload)] == ["running", 1]
    return {**before, "upload": upload}


@pytest.mark.parametrize("moment", ["checking", "replacing"])
def test_a_worker_killed_mid_import_leaves_the_roster_whole_and_another_worker_completes_it(
    system: System, tmp_path: Path, moment: str
) -> None:
    before = kill_mid_import(system, tmp_path, moment)
    upload = before["upload"]

    with system.worker("second", **QUICK_TAKEOVER):
        wait_for(lambda: system.is_over(upload, "done"), timeout=180, what="another worker completes it")

    done = system.script("state", before["application"])
    assert done["uploads"][str(upload)] == ["done", 2]
    assert done["rows"] == done["persons"] == BIG
    assert done["hashes"] != before["hashes"]
    assert done["files"] == []  # the plain file went once the check ended
    assert "resumed" in system.log("second")


def test_a_killed_import_never_overwrites_the_roster_uploaded_after_it(
    system: System, tmp_path: Path
) -> None:
    before = kill_mid_import(system, tmp_path, "checking")
    older = before["upload"]
    newer = system.script(
        "upload", before["application"], write_roster(tmp_path / "new.xlsx", 10, first_serial=1)
    )

    with system.worker("second", **QUICK_TAKEOVER):
        wait_for(
            lambda: system.is_over(older, "superseded") and system.is_over(newer["upload"], "done"),
            timeout=180,
            what="the newer roster is saved and the older one ends superseded",
        )

    after = system.script("state", before["application"])
    assert after["rows"] == after["persons"] == 10
    assert after["uploads"][str(older)] == ["superseded", 2]
    assert after["roster_events"] == 2  # the good roster and the newer one; the killed one never
    assert after["files"] == []
