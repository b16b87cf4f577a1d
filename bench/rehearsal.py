"""The deployment rehearsal: ``python -m bench.rehearsal [--users 50] [--seconds 60]`` (``make bench-rehearsal``).

Everything on 127.0.0.1, production settings (SHENBAO_ENV=production with keys made for the run):
nginx from Debian (HTTPS with a one-day self-signed certificate, the site of docs/deployment.md)
in front of two gunicorn processes on two ports (2 workers each, gunicorn's default 30 s
timeout), two task workers (``shenbao manage db_worker``), a throwaway PostgreSQL 15 and the
throwaway S3 server (moto) holding the sealed uploads. Fifty people work for 60 s (bench/visits.py);
in the middle one gunicorn (master and workers) is killed with SIGKILL and restarted 3 s later,
as a process supervisor would, and one worker is killed while it checks a roster (restarted
likewise). Reports the errors people saw (those in flight on the killed gunicorn apart), the
uploads (every one must end done, the killed check taken over by a worker), the downloads, page
latency and the load average; exits 1 when a target is missed. Everything it started is removed
at the end, on Ctrl-C too.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench import nginx, report
from bench.crowd import Browser, populate
from bench.stack import (
    BIN,
    ROOT,
    WORKER_INTERVAL,
    Processes,
    free_port,
    start_postgres,
    start_s3,
    stop_postgres,
    stop_s3,
    wait_for,
)
from bench.visits import Record, Visit, applicant, reviewer

RESTART_AFTER = 3.0  # seconds, like a supervisor's restart delay


def production_env(work: Path, https_port: int) -> dict[str, str]:
    """What a deployment sets (.env.example), with keys made for this run only."""
    from shenbao.domain.personal import new_key

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shenbao.config.settings",
        "SHENBAO_ENV": "production",
        "SHENBAO_SECRET_KEY": new_key() + new_key(),
        "SHENBAO_ALLOWED_HOSTS": "127.0.0.1",
        "SHENBAO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
        "SHENBAO_PROXY_COUNT": "1",
        "SHENBAO_DATA_KEYS": f"r1:{new_key()}",
        "SHENBAO_LOOKUP_KEY": new_key(),
        "SHENBAO_AUDIT_KEYS": f"a1:{new_key()}",
        "SHENBAO_VAR_DIR": str(work / "var"),
        "SHENBAO_MEDIA_ROOT": str(work / "media"),
        "SHENBAO_STATIC_ROOT": str(work / "static"),
        "SHENBAO_S3_BUCKET": "shenbao-rehearsal",
        "SHENBAO_LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "shenbao"), "manage", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"shenbao manage {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


class Rehearsal:
    """The running deployment: its processes, ports and files, and what happened to it."""

    gunicorn_workers = 2

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args, self.work = args, work
        self.https, self.http = free_port(), free_port()
        self.web = {"web-a": free_port(), "web-b": free_port()}
        self.env = production_env(work, self.https)
        self.processes = Processes(self.env, work)
        self.base = f"https://127.0.0.1:{self.https}"
        self.events: dict[str, Any] = {}
        self.load: list[tuple[str, tuple[float, float, float]]] = [("before set-up", os.getloadavg())]

    def set_up(self) -> dict[str, Any]:
        start_postgres(self.env)
        start_s3(self.env)
        os.environ.update(self.env)
        manage(self.env, "migrate", "--noinput", "-v", "0")
        manage(self.env, "collectstatic", "--noinput", "-v", "0")
        print(manage(self.env, "check", "--deploy").strip(), flush=True)
        t0 = time.monotonic()
        people = populate(
            organisations=self.args.organisations,
            reviewed=self.args.reviewed,
            roster_dir=self.work,
            uploaders=self.args.uploaders,
            second_factor=True,
        )
        print(f"data loaded in {time.monotonic() - t0:.0f} s", flush=True)
        return people

    def start_web(self, name: str) -> None:
        self.processes.start(
            name,
            [str(BIN / "gunicorn"), "shenbao.config.wsgi", "--workers", str(self.gunicorn_workers),
             "--bind", f"127.0.0.1:{self.web[name]}"],
        )  # fmt: skip

    def start_worker(self, name: str) -> None:
        self.processes.start(
            name, [str(BIN / "shenbao"), "manage", "db_worker", "--worker-id", name, *WORKER_INTERVAL]
        )

    def start(self) -> ssl.SSLContext:
        for name in self.web:
            self.start_web(name)
        self.start_worker("worker-1")
        self.start_worker("worker-2")
        certificate, key = nginx.self_signed_certificate(self.work)
        site = nginx.Site(
            server_name="127.0.0.1",
            https_port=self.https,
            http_port=self.http,
            upstreams=tuple(f"127.0.0.1:{port}" for port in self.web.values()),
            static_root=self.env["SHENBAO_STATIC_ROOT"],
            certificate=str(certificate),
            certificate_key=str(key),
        )
        conf_dir = self.work / "nginx"
        conf_dir.mkdir()
        user = "www-data" if os.geteuid() == 0 else None  # the master needs root to switch its workers' user
        conf = conf_dir / "nginx.conf"
        conf.write_text(nginx.main_config(site_text=nginx.site(site), directory=conf_dir, user=user))
        binary = nginx.find_nginx()
        command = [binary, "-p", str(conf_dir), "-c", str(conf), "-e", str(conf_dir / "error.log")]
        subprocess.run([*command, "-t", "-q"], check=True)
        self.processes.start("nginx", command)
        context = ssl.create_default_context(cafile=str(certificate))
        for port in self.web.values():
            wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        wait_for(self.base + "/accounts/login/", context=context)
        return context

    def kill_web(self, name: str) -> None:
        self.events["web killed"] = time.monotonic()
        self.load.append((f"{name} killed", os.getloadavg()))
        self.processes.kill(name)
        time.sleep(RESTART_AFTER)
        self.start_web(name)
        wait_for(f"http://127.0.0.1:{self.web[name]}/accounts/login/")
        self.events["web back"] = time.monotonic()

    def kill_worker_mid_check(self, until: float) -> None:
        """SIGKILL the worker that is checking a roster right now (the first seen), then restart it."""
        from django.db import connection
        from django_tasks_db.models import DBTaskResult

        from shenbao.applications.models import RosterUpload

        try:
            while time.monotonic() < until:
                for result in DBTaskResult.objects.filter(
                    status="RUNNING", task_path__endswith="process_roster_upload"
                ):
                    upload = RosterUpload.objects.filter(pk=result.args_kwargs["args"][0]).first()
                    worker = result.worker_ids[-1] if result.worker_ids else ""
                    if upload and upload.state == RosterUpload.State.RUNNING and self.processes.alive(worker):
                        self.processes.kill(worker)
                        self.events.update(
                            {"worker killed": time.monotonic(), "worker killed wall": time.time(),
                             "worker": worker, "check": upload.pk,
                             "check progress": f"{upload.progress}/{upload.total or '?'}"}
                        )  # fmt: skip
                        self.load.append((f"{worker} killed", os.getloadavg()))
                        time.sleep(RESTART_AFTER)
                        self.start_worker(worker)
                        return
                time.sleep(0.05)
        finally:
            connection.close()

    def run(self, people: dict[str, Any], context: ssl.SSLContext, record: Record) -> None:
        args = self.args
        reviewers = [r for r in people["reviewers"] if r["applications"]]
        staff = min(len(reviewers), round(args.users * 0.3))
        crowd = people["applicants"][: args.users - staff] + reviewers[:staff]
        browsers = []
        for person in crowd:
            browser = Browser(self.base, context=context)
            browser.sign_in(person["username"], totp_key=person.get("totp_key", ""))
            browsers.append(browser)
        print(f"{len(crowd)} users signed in; running {args.seconds} s", flush=True)
        stopping = threading.Event()
        start = time.monotonic()
        self.events["start"] = start
        self.load.append(("start", os.getloadavg()))
        stop_at = start + args.seconds
        rng = random.Random(14)
        threads = []
        uploaders = [p for p in crowd if "roster" in p]
        for person, browser in zip(crowd, browsers, strict=True):
            visit = Visit(person, browser, record, stop_at, stop_at + args.grace, stopping)
            if "roster" in person:
                index = uploaders.index(person)
                # Spread over the first three quarters, so a check is running when the worker is killed.
                at = start + 2 + index * (0.75 * args.seconds - 2) / max(1, len(uploaders))
                target, extra = applicant, (at, index % 2 == 0)
            elif "application" in person:
                target, extra = applicant, (None, False)
            else:
                target, extra = reviewer, (start + rng.uniform(5, 0.8 * args.seconds),)
            threads.append(threading.Thread(target=target, args=(visit, *extra), daemon=True))
        for thread in threads:
            thread.start()
        try:
            time.sleep(max(0.0, start + 0.35 * args.seconds - time.monotonic()))
            self.kill_web("web-a")
            time.sleep(max(0.0, start + 0.5 * args.seconds - time.monotonic()))
            self.kill_worker_mid_check(until=stop_at)
            time.sleep(max(0.0, stop_at - time.monotonic()))
            self.load.append(("end of the 60 s" if args.seconds == 60 else "end", os.getloadavg()))
            for thread in threads:
                thread.join(timeout=max(0.1, stop_at + args.grace + 30 - time.monotonic()))
        finally:
            stopping.set()

    def settle(self) -> None:
        """Wait until every upload and download has ended (the killed check is taken over first)."""
        from django.conf import settings
        from django.db import connection

        from bench.report import unsettled

        deadline = time.monotonic() + settings.SHENBAO_WORKER_STALE_SECONDS + 120
        while unsettled() and time.monotonic() < deadline:
            time.sleep(1)
        self.events["settled"] = time.monotonic()
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--organisations", type=int, default=120)
    parser.add_argument("--reviewed", type=int, default=60, help="submitted applications with 1,000 rows")
    parser.add_argument("--uploaders", type=int, default=15, help="applicants who upload a 1,000-row roster")
    parser.add_argument(
        "--grace", type=int, default=30, help="seconds people keep watching a page after the end"
    )
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="shenbao-rehearsal-"))
    work.chmod(0o755)  # nginx's workers (www-data) read the static files under it
    rehearsal = Rehearsal(args, work)
    # Ctrl-C and a plain `kill` go through the clean-up below (also when started from a script
    # that ignores SIGINT for background jobs).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        people = rehearsal.set_up()
        context = rehearsal.start()
        record = Record()
        rehearsal.run(people, context, record)
        rehearsal.settle()
        return report.show(rehearsal, record)
    except KeyboardInterrupt:
        print("\ninterrupted: removing everything the rehearsal started", file=sys.stderr)
        return 130
    finally:
        rehearsal.processes.stop_all()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        stop_s3(rehearsal.env)
        stop_postgres(rehearsal.env)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
