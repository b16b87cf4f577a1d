"""Roster page benchmark: ``python -m bench.pages [--rows 100000] [--repeat 5]``.

Builds once, through the real import (``uploads.process_upload``, the worker's own code), two
``--rows``-row 附件3 applications of one authority in bench/out/pages.sqlite3 (or PostgreSQL when
PGHOST is set), kept for the next run:

- ``submitted``: submitted once (no earlier submission to compare with);
- ``resubmitted``: submitted, returned by the reviewer, uploaded again with every 100th person's
  岗位 changed, and resubmitted, so that its review page shows the stored changes;
- ``findings``: every person hired before the call's window, so each row carries an eligibility
  finding and the pages' summary by kind counts 100,000 noted rows.

Then times GET requests through Django's test client, the real views and session, signed in as the
applicant or the reviewer: the reviewer's page (50 persons a page) and the applicant's roster page
(100 a page), the first and the last page of each, and the reviewer's page of the resubmitted one.
Every page is fetched once to warm up, then ``--repeat`` rounds alternate over all of them; medians.
The query count and the time spent in SQL come from one extra, untimed request per page.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from bench.exports import OUT, ROOT, _env, _setup_django, import_roster, new_organisation
from bench.upload import clean_roster

if TYPE_CHECKING:  # Django is set up inside the functions, after the environment is chosen
    from pathlib import Path

    from django.test import Client

    from shenbao.accounts.models import User
    from shenbao.applications.models import Application

NAME = "pages"
ORGANISATIONS = {
    "submitted": ("页面基准甲{rows}有限公司", "310101"),
    "resubmitted": ("页面基准乙{rows}有限公司", "310104"),
    "findings": ("页面基准丙{rows}有限公司", "310105"),
}
REVIEWER = "bench-pages-reviewer"
TARGET_MS = 300


def _import(user: User, application: Application, path: Path) -> None:
    seconds = import_roster(user, application, path)
    print(f"  imported {application.persons} rows ({application.error_rows} with errors) in {seconds:.1f} s")


def _submit(user: User, application: Application) -> Application:
    from shenbao.applications import services

    application.refresh_from_db()
    started = time.perf_counter()
    submitted = services.submit_application(
        by=user, application=application, expected_version=application.version, declaration=True
    )
    print(f"  submitted in {time.perf_counter() - started:.1f} s")
    return submitted


def _build(label: str, rows: int) -> None:
    from django.utils import timezone

    from shenbao.applications import services
    from shenbao.calls.models import Call
    from shenbao.reviews import services as review
    from tests import factories

    name, region = ORGANISATIONS[label]
    name = name.format(rows=rows)
    print(f"building the {label} application ({rows} rows)")
    today = timezone.localdate()
    call = Call.objects.filter(year=today.year).first() or factories.make_open_call()
    organisation = new_organisation(name=name)
    user = factories.make_applicant(organisation, f"bench-pages-{label}-{rows}")
    application = services.create_application(by=user, call=call)
    # Five years back is before any call's hire-date window: one finding on every row.
    hired = (today - timedelta(days=5 * 365 if label == "findings" else 60)).isoformat()
    _import(user, application, clean_roster(rows, organisation.code, hired, region=region))
    services.update_details(by=user, application=application, paper_volumes=1, remarks="")
    application = _submit(user, application)
    if label == "resubmitted":
        reviewer = _reviewer()
        application = review.return_application(
            by=reviewer,
            application=application,
            expected_version=application.version,
            reasons=[review.Reason("请核对岗位", row_number=100)],
            deadline=today + timedelta(days=7),
        )
        changed = clean_roster(rows, organisation.code, hired, region=region, changed_every=100)
        _import(user, application, changed)
        _submit(user, application)


def _reviewer() -> User:
    from shenbao.accounts.models import User
    from tests import factories

    reviewer = User.objects.filter(username=REVIEWER).first() or factories.make_reviewer(5, REVIEWER)
    reviewer.otp_exempt = True  # the second factor is the accounts app's concern, not this page's
    reviewer.save(update_fields=["otp_exempt"])
    return reviewer


def prepare(rows: int) -> None:
    """The applications, built on the first run and kept."""
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env=_env(NAME),
        check=True,
        cwd=ROOT,
    )
    _setup_django(NAME)
    from django.test.utils import setup_test_environment

    from shenbao.applications.models import Application
    from shenbao.directory.services import load_directory

    setup_test_environment()  # the notices of submission and return go to a list, not the console
    load_directory()
    for label, (name, _) in ORGANISATIONS.items():
        if not Application.objects.filter(organisation__name=name.format(rows=rows), persons=rows).exists():
            _build(label, rows)


def pages(rows: int) -> list[tuple[str, str, str]]:
    """(what, the user who looks, url) for every measured page."""
    from django.urls import reverse

    from shenbao.applications.models import Application
    from shenbao.applications.roster_views import ROWS_PER_PAGE as APPLICANT_ROWS
    from shenbao.reviews.views import ROWS_PER_PAGE as REVIEWER_ROWS

    def of(label: str) -> Application:
        return Application.objects.get(
            organisation__name=ORGANISATIONS[label][0].format(rows=rows), persons=rows
        )

    submitted, resubmitted, findings = of("submitted"), of("resubmitted"), of("findings")
    last_reviewer, last_applicant = math.ceil(rows / REVIEWER_ROWS), math.ceil(rows / APPLICANT_ROWS)
    review = reverse("reviews:application", args=[submitted.pk])
    roster = reverse("applications:roster", args=[submitted.pk])
    again = reverse("reviews:application", args=[resubmitted.pk])
    return [
        ("reviewer, page 1", REVIEWER, review),
        (f"reviewer, page {last_reviewer}", REVIEWER, f"{review}?page={last_reviewer}"),
        ("applicant, page 1", f"bench-pages-submitted-{rows}", f"{roster}?show=all"),
        (
            f"applicant, page {last_applicant}",
            f"bench-pages-submitted-{rows}",
            f"{roster}?show=all&page={last_applicant}",
        ),
        ("reviewer, resubmitted, page 1", REVIEWER, again),
        (f"reviewer, resubmitted, page {last_reviewer}", REVIEWER, f"{again}?page={last_reviewer}"),
        ("reviewer, all with findings, page 1", REVIEWER, reverse("reviews:application", args=[findings.pk])),
        (
            "applicant, all with findings, page 1",
            f"bench-pages-findings-{rows}",
            reverse("applications:roster", args=[findings.pk]) + "?show=all",
        ),
    ]


def _get(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    return elapsed


def measure(rows: int, repeat: int) -> bool:
    _setup_django(NAME)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from shenbao.accounts.models import User

    setup_test_environment()
    _reviewer()
    clients = {}
    for username in (REVIEWER, f"bench-pages-submitted-{rows}", f"bench-pages-findings-{rows}"):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    measured = pages(rows)
    print(f"database: {connection.vendor}; {rows} rows per application")
    for _, who, url in measured:  # warm: templates compiled, connections open, caches filled
        _get(clients[who], url)
    queries = {}
    for what, who, url in measured:
        with CaptureQueriesContext(connection) as captured:
            _get(clients[who], url)
        queries[what] = (len(captured), sum(float(q["time"]) for q in captured))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    runs: dict[str, list[float]] = {what: [] for what, _, _ in measured}
    for _ in range(repeat):
        for what, who, url in measured:  # alternating, so a busy moment hits every page alike
            runs[what].append(_get(clients[who], url))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'page':<36} {'median ms':>9} {'queries':>7} {'SQL ms':>7}  every run (ms)")
    met = True
    for what, times in runs.items():
        median = statistics.median(times) * 1000
        met = met and median <= TARGET_MS
        count, sql = queries[what]
        print(
            f"{what:<36} {median:>9.0f} {count:>7} {sql * 1000:>7.0f}  "
            + ", ".join(f"{t * 1000:.0f}" for t in times)
        )
    print(f"target ≤ {TARGET_MS} ms per page: {'met' if met else 'NOT met'}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(args.rows)
        return 0
    OUT.mkdir(exist_ok=True)
    os.environ.setdefault("SHENBAO_LOG_LEVEL", "WARNING")  # no line per sign-in between the figures
    # PostgreSQL as deployed: scripts/pg-up.sh commits asynchronously, and the VACUUM that ends each
    # import (bulk.refresh_statistics) marks no page all-visible before its commit is flushed.
    os.environ["PGOPTIONS"] = f"{os.environ.get('PGOPTIONS', '')} -c synchronous_commit=on".strip()
    # Built in its own process: the timed one starts without 100,000 rows' worth of objects behind it.
    subprocess.run(
        [sys.executable, "-m", "bench.pages", "--prepare", "--rows", str(args.rows)],
        cwd=ROOT,
        env=_env(NAME),
        check=True,
    )
    return 0 if measure(args.rows, args.repeat) else 1


if __name__ == "__main__":
    raise SystemExit(main())
