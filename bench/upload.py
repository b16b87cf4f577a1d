"""Upload benchmark: ``python -m bench.upload [--rows 100000]``.

Starts the real worker (``manage.py db_worker --interval 0.2``, looking for tasks five times a
second as deployed) in its own process and lets it settle, then posts a ``--rows``-row 附件3 roster
through the web view (Django's test client, the real upload view and session) and polls the
progress endpoint the way the page does (HX-Request, every 0.5 s). Prints how long the upload request took to
return, each change of phase the endpoint reported with its time, and the time from the
upload's POST until the roster was done: what a user waits.

``--cold`` measures as the first benches did: the POST first, then a worker started for it
(``db_worker --batch --no-startup-delay``), timed from the worker's start, so the figure also
holds the worker process starting (Django set-up, ≈1 s), which a running worker does not pay.

Database: a fresh SQLite file bench/out/upload.sqlite3, or PostgreSQL when PGHOST is set
(e.g. after ``eval "$(scripts/pg-up.sh)"``; the database is migrated and written to).
The roster file is generated once into bench/out/ and reused; generation is not timed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from bench.exports import new_organisation
from bench.stack import WORKER_INTERVAL
from bench.visits import POLL_SECONDS

OUT = Path(__file__).parent / "out"
ROOT = Path(__file__).resolve().parents[1]
PAYER = "91310115MA1FL7W20X"  # replaced by the organisation's code at generation time


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("PGHOST"):
        path = OUT / "upload.sqlite3"
        for stale in OUT.glob("upload.sqlite3*"):
            stale.unlink()
        env["SHENBAO_SQLITE_PATH"] = str(path)
    env["SHENBAO_MEDIA_ROOT"] = str(OUT / "upload-media")
    env["SHENBAO_UPLOAD_MAX_BYTES"] = str(100 * 1024 * 1024)
    return env


def clean_roster(rows: int, code: str, hired: str, *, region: str = "310101", changed_every: int = 0) -> Path:
    """A 附件3 roster without a problem (written once into bench/out/, then reused).

    ``region`` gives another set of persons (two applications that do not claim the same people);
    ``changed_every`` changes the 岗位 of every n-th person (a corrected roster after a return).
    """
    from tests import rosters
    from tests.rosters import RosterKind

    variant = "" if (region, changed_every) == ("310101", 0) else f"-{region}-{changed_every}"
    path = OUT / f"upload-{rows}-{code}{variant}.xlsx"
    if not path.exists():
        # valid_id repeats after 500 serials; the birth day and month keep the numbers distinct.
        data = [
            rosters.employee(
                n,
                payer_code=code,
                hired=hired,
                证件号码=rosters.valid_id(
                    n, birth=f"19{70 + n // 6000:02d}{1 + n // 500 % 12:02d}01", region=region
                ),
                **({"岗位": "测试工程师"} if changed_every and n % changed_every == 0 else {}),
            )
            for n in range(1, rows + 1)
        ]
        rosters.write_roster(path, RosterKind.EMPLOYEES, data)
    return path


# Seconds the running worker gets to start before the upload: its Django set-up takes ≈1 s.
SETTLE = 5.0


def _start_worker(manage: list[str], env: dict[str, str], *, once: bool) -> subprocess.Popen[bytes]:
    """The real task worker in its own process: for one batch (``once``), or running as deployed."""
    command = [*manage, "db_worker", *(["--batch", "--no-startup-delay"] if once else WORKER_INTERVAL)]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cold", action="store_true", help="time from a worker started after the upload")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    env = _env()
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shenbao.config.settings")
    sys.path.insert(0, str(ROOT))
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from shenbao.applications import services
    from shenbao.applications.models import RosterUpload
    from shenbao.calls.models import Call
    from shenbao.directory.services import load_directory
    from tests import factories

    setup_test_environment()
    load_directory()
    organisation = new_organisation()  # PostgreSQL keeps the last run's organisations
    user = factories.make_applicant(organisation, f"bench-{time.time_ns()}")
    today = timezone.localdate()
    call = Call.objects.filter(year=today.year).first() or factories.make_open_call()
    application = services.create_application(by=user, call=call)
    path = clean_roster(args.rows, organisation.code, (today - timedelta(days=60)).isoformat())
    client = Client()
    client.force_login(user)
    print(f"database: {connection.vendor}; roster {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB")

    content = path.read_bytes()
    worker = None
    if not args.cold:
        worker = _start_worker(manage, env, once=False)
        time.sleep(SETTLE)  # Django set-up and the first poll for tasks happen before the upload
    started = time.perf_counter()
    response = client.post(
        reverse("applications:upload", args=[application.pk]),
        {"file": SimpleUploadedFile("花名册.xlsx", content)},
    )
    print(f"upload request returned {response.status_code} in {time.perf_counter() - started:.2f} s")
    job = RosterUpload.objects.get(application=application)
    url = reverse("applications:progress", args=[application.pk, job.pk])
    if worker is None:
        started = time.perf_counter()
        worker = _start_worker(manage, env, once=True)
    last = ""
    polls = 0
    while True:
        polled = client.get(url, headers={"HX-Request": "true"})
        polls += 1
        if "HX-Redirect" in polled:
            break
        text = re.sub(r"<[^>]+>|\s+", " ", polled.content.decode())
        phase = re.search(r"(排队[^ ]*|第 \d 步[^……]*)", text)
        shown = phase.group(1).strip() if phase else text.strip()[:60]
        if shown != last:
            print(f"  {time.perf_counter() - started:7.2f} s  {shown}")
            last = shown
        time.sleep(POLL_SECONDS["progress"])  # as the page polls: the user sees "done" no sooner
    done = time.perf_counter() - started
    if args.cold:
        worker.wait(timeout=600)
    else:
        worker.terminate()
        worker.wait(timeout=60)
    job.refresh_from_db()
    application.refresh_from_db()
    print(
        f"done after {done:.2f} s ({'worker start' if args.cold else 'upload POST'} to roster page; {polls} polls): state {job.state}, "
        f"{application.persons} rows, {application.error_rows} with errors"
    )
    return 0 if job.state == RosterUpload.State.DONE and application.persons == args.rows else 1


if __name__ == "__main__":
    raise SystemExit(main())
