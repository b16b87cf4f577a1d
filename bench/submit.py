"""Submit benchmark: ``python -m bench.submit [--rows 100000] [--repeat 3]``.

Builds once a ``--rows``-row 附件3 application without errors through the real import
(``uploads.process_upload``, the worker's own code) in bench/out/submit.sqlite3 (or PostgreSQL
when PGHOST is set), then times, each in a fresh process and alternating, the applicant's POST
through the real view (Django's test client, session, confirmation token):

- ``submit``: a first submission (the application is first put back to a draft with no
  submission kept; not timed);
- ``resubmit``: a resubmission after a return, with ``--changed`` rows edited online and two
  submissions already kept, so the oldest is deleted as in every later resubmission (the
  submissions, the return and the edits before it are not timed);
- ``replaced``: a resubmission after a return and the upload of a roster of other persons, so
  that every person is removed and another added (200,000 changes kept; the two imports before
  it are not timed).

Each child reports the POST's wall and CPU time (Django start-up and the set-up excluded) and the
confirmation page's GET before it; the parent takes the peak RSS from ``os.wait4``. Medians of
``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bench.exports import child_figures, import_roster, new_organisation

if TYPE_CHECKING:
    from shenbao.accounts.models import User
    from shenbao.applications.models import Application

OUT = Path(__file__).parent / "out"
ROOT = Path(__file__).resolve().parents[1]
KINDS = ("submit", "resubmit", "replaced")
MARK = "bench-submit"  # the applicant's username prefix: the prepared application is found again


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("PGHOST"):
        env["SHENBAO_SQLITE_PATH"] = str(OUT / "submit.sqlite3")
    env["SHENBAO_MEDIA_ROOT"] = str(OUT / "submit-media")
    env["SHENBAO_UPLOAD_MAX_BYTES"] = str(100 * 1024 * 1024)
    env.setdefault("DJANGO_SETTINGS_MODULE", "shenbao.config.settings")
    return env


def _setup_django() -> None:
    os.environ.update(_env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(rows: int) -> int:
    """The id of a draft application with ``rows`` imported rows and no errors, built once and kept."""
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env=_env(),
        check=True,
        cwd=ROOT,
    )
    _setup_django()
    from django.utils import timezone

    from shenbao.applications import services
    from shenbao.applications.models import Application
    from shenbao.calls.models import Call
    from shenbao.directory.services import load_directory
    from tests import factories

    found = Application.objects.filter(
        persons=rows, error_rows=0, organisation__users__username__startswith=MARK
    ).first()
    if found is not None:
        return found.pk
    load_directory()
    organisation = new_organisation()
    user = factories.make_applicant(organisation, f"{MARK}-{time.time_ns()}")
    factories.make_reviewer(5, f"{MARK}-reviewer-{time.time_ns()}")
    today = timezone.localdate()
    call = Call.objects.filter(year=today.year).first() or factories.make_open_call()
    application = services.create_application(by=user, call=call)
    services.update_details(by=user, application=application, paper_volumes=1, remarks="")
    seconds = import_roster(user, application, roster_of(application, "310101", rows))
    print(f"prepared {application.persons} rows ({application.error_rows} with errors) in {seconds:.1f} s")
    if application.error_rows:
        raise SystemExit("the prepared roster has errors: it cannot be submitted")
    return application.pk


def roster_of(application: Application, region: str, rows: int) -> Path:
    """A clean roster of ``rows`` persons of ``region`` (each region other persons) for ``application``."""
    from django.utils import timezone

    from bench.upload import clean_roster

    hired = (timezone.localdate() - timedelta(days=60)).isoformat()
    return clean_roster(rows, application.organisation.code, hired, region=region)


def replaced(application: Application, user: User) -> None:
    """Submitted with the first roster, returned, then a roster of other persons uploaded."""
    rows = application.persons
    import_roster(user, application, roster_of(application, "310101", rows))
    submitted(application, user)
    returned_with_edits(application, 0)
    application.refresh_from_db()
    import_roster(user, application, roster_of(application, "310104", rows))
    if application.persons != rows or application.error_rows:
        raise SystemExit("the replacing roster did not import cleanly")


def as_draft(application: Application) -> None:
    """Back to a draft never submitted: no submission kept, no stored changes (not timed)."""
    from shenbao.applications.models import Application, RosterChange, SubmittedRow

    SubmittedRow.objects.filter(application=application).delete()
    RosterChange.objects.filter(application=application).delete()
    Application.objects.filter(pk=application.pk).update(status="draft", submitted_at=None)
    application.refresh_from_db()


def submitted(application: Application, user: User) -> None:
    from shenbao.applications import services

    application.refresh_from_db()
    services.submit_application(
        by=user, application=application, expected_version=application.version, declaration=True
    )


def returned_with_edits(application: Application, changed: int) -> None:
    """The reviewer returns it; the applicant edits ``changed`` rows online (each a changed person)."""
    from shenbao.accounts.models import User
    from shenbao.applications import edits
    from shenbao.applications.transitions import apply_transition
    from shenbao.domain.flow import Given
    from shenbao.domain.workflow import Action

    application.refresh_from_db()
    reviewer = User.objects.filter(username__startswith=f"{MARK}-reviewer").first()
    deadline = application.call.closes_on
    apply_transition(
        application,
        action=Action.RETURN,
        by=reviewer,
        expected_version=application.version,
        given=Given(reason="请补正", deadline=deadline),
        comment="请补正",
        correction_deadline=deadline,
    )
    applicant = application.organisation.users.filter(username__startswith=MARK).first()
    for row in application.rows.order_by("number")[:changed]:
        post = "测试工程师" if row.values.get("岗位") != "测试工程师" else "软件工程师"
        edits.edit_cell(
            by=applicant,
            application=application,
            row_id=row.pk,
            column="岗位",
            value=post,
            expected_version=row.version,
        )


def _vacuum() -> None:
    """PostgreSQL: clear the rows the set-up just deleted (up to 300,000), as autovacuum does in use;
    left dead, they slowed the latest-submission look-up by 0.5 s."""
    from django.db import connection

    from shenbao.applications.models import RosterChange, SubmittedRow

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {SubmittedRow._meta.db_table}, {RosterChange._meta.db_table}")


def child(kind: str, pk: int, changed: int) -> None:
    """Set the application up for ``kind`` (not timed), then time the POST; prints JSON."""
    _setup_django()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from shenbao.applications.models import Application
    from tests.confirming import confirmation_token

    setup_test_environment()  # the test client's host, and e-mail kept in memory
    application = Application.objects.get(pk=pk)
    user = application.organisation.users.filter(username__startswith=MARK).first()
    as_draft(application)
    if kind == "resubmit":
        submitted(application, user)  # the first submission
        returned_with_edits(application, changed)
        submitted(application, user)  # the second; the timed one deletes the first
        returned_with_edits(application, changed)
    if kind == "replaced":
        replaced(application, user)
    _vacuum()
    gc.collect()  # the imports' garbage is not the POST's
    client = Client()
    client.force_login(user)
    url = reverse("applications:submit", args=[pk])
    started = time.perf_counter()
    page = client.get(url)
    get = time.perf_counter() - started
    application.refresh_from_db()
    data = {"version": application.version, "declaration": "on"}
    data["confirmed"] = confirmation_token(page.content.decode())
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.post(url, data)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    application.refresh_from_db()
    if response.status_code != 302 or application.status != "submitted":
        raise SystemExit(f"{kind} did not submit: {response.status_code} {application.status}")
    print(json.dumps({"wall": wall, "cpu": cpu, "get": get}))


def measure(kind: str, pk: int, changed: int) -> dict[str, float]:
    return child_figures(["bench.submit", "--child", kind, str(pk), "--changed", str(changed)], _env())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--changed", type=int, default=10, help="rows edited before a resubmission")
    parser.add_argument("--only", choices=KINDS)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PK"), help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]), args.changed)
        return 0
    if args.prepare:
        print(prepare(args.rows))
        return 0
    OUT.mkdir(exist_ok=True)
    prepared = subprocess.run(
        [sys.executable, "-m", "bench.submit", "--prepare", "--rows", str(args.rows)],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    print("\n".join(line for line in prepared[:-2] if line))
    pk = int(prepared[-2])
    database = "PostgreSQL" if os.environ.get("PGHOST") else "SQLite"
    kinds = [args.only] if args.only else list(KINDS)
    print(f"database: {database}; {args.rows} rows; {args.changed} rows edited before a resubmission")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(args.repeat):
        for kind in kinds:  # alternating, so a busy moment hits both alike
            runs[kind].append(measure(kind, pk, args.changed))
    print(
        f"{'what':>8} {'rows':>8} {'POST s':>8} {'CPU s':>8} {'GET s':>8} {'peak MiB':>9}  (median of {args.repeat})"
    )
    for kind, figures in runs.items():
        median = {key: statistics.median(run[key] for run in figures) for key in figures[0]}
        print(
            f"{kind:>8} {args.rows:>8} {median['wall']:>8.2f} {median['cpu']:>8.2f} {median['get']:>8.2f} "
            f"{max(run['peak_mib'] for run in figures):>9.0f}"
        )
        print(f"{'':>8} every run: " + ", ".join(f"{run['wall']:.2f} s" for run in figures))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
