"""The deadline rush: ``python -m bench.load [--users 50] [--seconds 60] [--port 8765]``.

Starts a throwaway PostgreSQL (scripts/pg-up.sh), migrates, loads the directory and demo-like
data (organisations in every district, reviewers, submitted applications with 1,000-row
rosters), starts gunicorn (4 workers, development settings with DEBUG off, 127.0.0.1 only) and
the task worker, signs every simulated user in, then lets them work for a fixed time, each
waiting 1–3 s between actions: applicants view their applications and roster pages (ten upload
a 1,000-row roster once), reviewers browse their queue and rosters and decide rows. Prints the
error count, page-view latency percentiles, upload request latency and the time until every
upload is processed. Stops by itself and removes its processes and the cluster. Loopback only.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.crowd import Browser, percentile, populate
from bench.stack import ROOT, WORKER_INTERVAL, free_port, start_postgres, stop_postgres, wait_for


@dataclass
class Figures:
    pages: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    uploads: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    decisions: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, seconds: float, kind: str) -> None:
        with self.lock:
            self.pages.append(seconds)
            self.by_kind.setdefault(kind, []).append(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def row_to_decide(application_id: int, taken: set[int]) -> tuple[int, int] | None:
    from shenbao.applications.models import RosterRow

    row = (
        RosterRow.objects.filter(application_id=application_id, decision="undecided")
        .exclude(pk__in=taken)
        .values_list("pk", "version")
        .first()
    )
    return row


def upload_finished(application_id: int) -> bool:
    from shenbao.applications.models import RosterUpload

    upload = RosterUpload.objects.filter(application_id=application_id).order_by("-pk").first()
    return upload is not None and upload.state in ("done", "unusable", "failed")


def upload_state(application_id: int) -> str:
    from shenbao.applications.models import RosterUpload

    upload = RosterUpload.objects.filter(application_id=application_id).order_by("-pk").first()
    return upload.state if upload is not None else "none"


def simulate(
    person: dict[str, Any], browser: Browser, figures: Figures, stop_at: float, processed: dict[int, float]
) -> None:
    rng = random.Random(person["username"])

    def view(path: str) -> None:
        kind = re.sub(r"\d+", "N", path.split("?")[0])
        started = time.perf_counter()
        try:
            status, final, _ = browser.request(path)
        except Exception as exc:  # a refused or dropped connection counts as an error
            figures.error(f"{path}: {exc!r}")
            return
        figures.page(time.perf_counter() - started, kind)
        if status != 200 or final.startswith("/accounts/login"):
            figures.error(f"{path}: {status} {final}")

    try:
        act(person, browser, figures, stop_at, processed, rng, view)
    finally:
        from django.db import connection

        connection.close()


def act(
    person: dict[str, Any],
    browser: Browser,
    figures: Figures,
    stop_at: float,
    processed: dict[int, float],
    rng: random.Random,
    view: Any,
) -> None:
    uploaded = "roster" not in person
    taken: set[int] = set()
    while time.monotonic() < stop_at:
        time.sleep(rng.uniform(1, 3))
        if time.monotonic() >= stop_at:
            break
        if "application" in person:
            pk = person["application"]
            if not uploaded:  # the first action of the ten uploaders
                uploaded = True
                content = Path(person["roster"]).read_bytes()
                started = time.perf_counter()
                status, final, _ = browser.upload(
                    f"/applications/{pk}/roster/upload/", "花名册.xlsx", content
                )
                figures.uploads.append(time.perf_counter() - started)
                if status != 200:
                    figures.error(f"upload {pk}: {status} {final}")
                threading.Thread(
                    target=watch_upload, args=(pk, time.monotonic(), processed), daemon=True
                ).start()
                continue
            view(rng.choice(["/applications/", f"/applications/{pk}/", f"/applications/{pk}/roster/"]))
        else:
            choice = rng.random()
            if not person["applications"] or choice < 0.3:
                view(rng.choice(["/review/", "/dashboards/reviewer/"]))
                continue
            pk = rng.choice(person["applications"])
            if choice < 0.75:
                view(f"/review/{pk}/?page={rng.randint(1, 20)}")
                continue
            row = row_to_decide(pk, taken)
            if row is None:
                continue
            taken.add(row[0])
            started = time.perf_counter()
            status, final, body = browser.form(
                f"/review/{pk}/rows/{row[0]}/decide/",
                {"version": row[1], "decision": "eligible", "reason": ""},
            )
            figures.page(time.perf_counter() - started, "POST /review/N/rows/N/decide/")
            if status != 200 or final != f"/review/{pk}/":
                figures.error(f"decide {pk}/{row[0]}: {status} {final}")
            else:
                with figures.lock:
                    figures.decisions += 1


def watch_upload(application_id: int, started: float, processed: dict[int, float]) -> None:
    from django.db import connection

    try:
        while time.monotonic() - started < 300:
            if upload_finished(application_id):
                processed[application_id] = time.monotonic() - started
                return
            time.sleep(0.2)
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--reviewed", type=int, default=120, help="submitted applications with 1,000 rows")
    args = parser.parse_args()

    env = dict(os.environ)
    work = Path(tempfile.mkdtemp(prefix="shenbao-load-"))
    env.update(
        DJANGO_SETTINGS_MODULE="shenbao.config.settings",
        SHENBAO_DEBUG="false",
        SHENBAO_ALLOWED_HOSTS="127.0.0.1",
        SHENBAO_MEDIA_ROOT=str(work / "media"),
        SHENBAO_LOG_LEVEL="WARNING",
        SHENBAO_LOGIN_FAILURE_LIMIT="1000",
    )
    processes: list[subprocess.Popen[bytes]] = []
    start_postgres(env)
    try:
        os.environ.update(env)
        python = str(ROOT / ".venv/bin/python")
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        t0 = time.monotonic()
        people = populate(organisations=args.organisations, reviewed=args.reviewed, roster_dir=work)
        print(f"data loaded in {time.monotonic() - t0:.0f} s", flush=True)
        port = args.port or free_port()
        base = f"http://127.0.0.1:{port}"
        logs = (work / "gunicorn.log").open("wb"), (work / "worker.log").open("wb")
        processes.append(
            subprocess.Popen(
                [str(ROOT / ".venv/bin/gunicorn"), "shenbao.config.wsgi", "--workers", "4",
                 "--bind", f"127.0.0.1:{port}", "--timeout", "60"],
                cwd=ROOT, env=env, stdout=logs[0], stderr=subprocess.STDOUT,
            )
        )  # fmt: skip
        processes.append(
            subprocess.Popen(
                [python, "manage.py", "db_worker", "--no-reload", *WORKER_INTERVAL],
                cwd=ROOT, env=env, stdout=logs[1], stderr=subprocess.STDOUT,
            )
        )  # fmt: skip
        wait_for(base + "/accounts/login/")
        assert all(p.poll() is None for p in processes), "gunicorn or the worker stopped at start-up"

        reviewers = [r for r in people["reviewers"] if r["applications"]]
        staff = min(len(reviewers), round(args.users * 0.3))
        crowd = people["applicants"][: args.users - staff] + reviewers[:staff]
        browsers = []
        for person in crowd:
            browser = Browser(base)
            browser.sign_in(person["username"])
            browsers.append(browser)
        print(f"{len(crowd)} users signed in; running {args.seconds} s", flush=True)

        figures = Figures()
        processed: dict[int, float] = {}
        stop_at = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=simulate, args=(p, b, figures, stop_at, processed))
            for p, b in zip(crowd, browsers, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
        uploaders = [p["application"] for p in crowd if "roster" in p]
        deadline = time.monotonic() + 180
        while len(processed) < len(figures.uploads) and time.monotonic() < deadline:
            time.sleep(0.5)

        pages = figures.pages
        print("\n== deadline rush ==")
        applicants = sum(1 for p in crowd if "application" in p)
        print(
            f"users {len(crowd)}: {applicants} applicants, {len(crowd) - applicants} reviewers; {args.seconds} s"
        )
        print(f"page views and decisions: {len(pages)}, rows decided: {figures.decisions}")
        print(f"errors: {len(figures.errors)}")
        for error in figures.errors[:20]:
            print("  ", error)
        if pages:
            print(
                "page latency ms: p50 {:.0f}  p95 {:.0f}  p99 {:.0f}  max {:.0f}  mean {:.0f}".format(
                    *(1000 * percentile(pages, p) for p in (50, 95, 99, 100)), 1000 * statistics.mean(pages)
                )
            )
        for kind, values in sorted(figures.by_kind.items()):
            print(
                f"  {kind:34} n={len(values):4}  p50 {1000 * percentile(values, 50):5.0f}"
                f"  p95 {1000 * percentile(values, 95):5.0f} ms"
            )
        if figures.uploads:
            print("upload request ms: " + ", ".join(f"{1000 * s:.0f}" for s in sorted(figures.uploads)))
            print("upload processed in s: " + ", ".join(f"{s:.1f}" for s in sorted(processed.values())))
            states = {pk: upload_state(pk) for pk in uploaders}
            print(
                f"uploads sent {len(figures.uploads)}, processed {len(processed)}, states {sorted(states.values())}"
            )
        print(f"load average: {os.getloadavg()}")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        stop_postgres(env)
        shutil.rmtree(work, ignore_errors=True)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
