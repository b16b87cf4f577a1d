"""Export benchmark: ``python -m bench.exports [--rows 100000] [--repeat 3]``.

Builds once a ``--rows``-row 附件3 application through the real import (``uploads.process_upload``,
the worker's own code) in bench/out/exports.sqlite3 (or PostgreSQL when PGHOST is set), then
times, each in a fresh process and alternating, the work the worker does for a download:

- ``report``: the annotated copy (检查结果 .xlsx) rebuilt from the stored rows, IDs decrypted;
- ``package``: the printable package PDF with full ID numbers (cover, every roster page, declaration).

Each child reports its own wall and CPU time for the work (imports and Django start-up excluded);
the parent takes the peak RSS of the whole child from ``os.wait4``. Medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

OUT = Path(__file__).parent / "out"
ROOT = Path(__file__).resolve().parents[1]
KINDS = ("report", "package")


def _env(name: str = "exports") -> dict[str, str]:
    """The environment of a bench that keeps its data: bench/out/NAME.sqlite3 (or PGHOST's database)."""
    env = dict(os.environ)
    if not env.get("PGHOST"):
        env["SHENBAO_SQLITE_PATH"] = str(OUT / f"{name}.sqlite3")
    env["SHENBAO_MEDIA_ROOT"] = str(OUT / f"{name}-media")
    env["SHENBAO_UPLOAD_MAX_BYTES"] = str(100 * 1024 * 1024)
    env.setdefault("DJANGO_SETTINGS_MODULE", "shenbao.config.settings")
    return env


def _setup_django(name: str = "exports") -> None:
    os.environ.update(_env(name))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(rows: int) -> int:
    """The id of an application with ``rows`` imported rows, built on the first run and kept."""
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env=_env(),
        check=True,
        cwd=ROOT,
    )
    _setup_django()

    from django.utils import timezone

    from bench.roster import generate
    from shenbao.applications import services
    from shenbao.applications.models import Application
    from shenbao.calls.models import Call
    from shenbao.directory.services import load_directory
    from tests import factories

    existing = Application.objects.filter(persons=rows, reference__startswith="SB").first()
    if existing is not None:
        return existing.pk
    path = OUT / f"roster_{rows}.xlsx"
    if not path.exists():
        generate(rows, path)
    load_directory()
    organisation = new_organisation()
    user = factories.make_applicant(organisation, f"bench-exports-{time.time_ns()}")
    call = Call.objects.filter(year=timezone.localdate().year).first() or factories.make_open_call()
    application = services.create_application(by=user, call=call)
    seconds = import_roster(user, application, path)
    print(f"prepared {application.persons} rows in {seconds:.1f} s")
    return application.pk


def new_organisation(**fields: Any) -> Any:
    """An enterprise of authority 5 for a bench that keeps its data. The factories number credit codes
    from 1 in each process: go on after the organisations already stored, or the codes collide."""
    from shenbao.organisations.models import Organisation
    from tests import factories

    factories._serial = itertools.count(Organisation.objects.count() + 1)
    return factories.make_organisation(number=5, **fields)


def import_roster(user: object, application: Any, path: Path) -> float:
    """Upload ``path`` and check it with the worker's own code, in this process; seconds taken
    (``application`` is refreshed). The benches that keep 100,000-row applications build them here."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shenbao.applications import uploads

    started = time.perf_counter()
    job = uploads.start_roster_upload(
        by=user, application=application, upload=SimpleUploadedFile("花名册.xlsx", path.read_bytes())
    )
    uploads.process_upload(job.pk)
    application.refresh_from_db()
    return time.perf_counter() - started


def child(kind: str, pk: int) -> None:
    """One measured piece of work, in this process; prints its wall and CPU seconds as JSON."""
    _setup_django()
    from shenbao.applications.models import Application
    from shenbao.applications.report import write_stored_report
    from shenbao.printing.package import write_application_pdf

    application = Application.objects.select_related("organisation", "authority", "call").get(pk=pk)
    with tempfile.TemporaryFile() as target:
        wall, cpu = time.perf_counter(), time.process_time()
        if kind == "report":
            write_stored_report(target, application)
        else:
            write_application_pdf(target, application, full_ids=True, record_url="https://example.invalid/")
        size = target.tell()
        print(
            json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "bytes": size})
        )


def measure(kind: str, pk: int) -> dict[str, float]:
    return child_figures(["bench.exports", "--child", kind, str(pk)], _env())


def child_figures(module_args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``python -m <module_args>`` in a fresh process: the JSON figures it prints, and its peak RSS."""
    process = subprocess.Popen(
        [sys.executable, "-m", *module_args], cwd=ROOT, env=env, stdout=subprocess.PIPE
    )
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(module_args)} failed: status {status}")
    figures: dict[str, float] = json.loads(out)
    figures["peak_mib"] = usage.ru_maxrss / 1024
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=KINDS)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PK"), help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0
    if args.prepare:
        print(prepare(args.rows))
        return 0
    OUT.mkdir(exist_ok=True)
    # In its own process: a child forked from a big parent would inherit its peak RSS.
    prepared = subprocess.run(
        [sys.executable, "-m", "bench.exports", "--prepare", "--rows", str(args.rows)],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    print(" ".join(prepared[:-1]))
    pk = int(prepared[-1])
    kinds = [args.only] if args.only else list(KINDS)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(args.repeat):
        for kind in kinds:  # alternating, so a busy moment hits both alike
            runs[kind].append(measure(kind, pk))
    print(
        f"{'what':>8} {'rows':>8} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'MB out':>7}  (median of {args.repeat})"
    )
    for kind, figures in runs.items():
        median = {key: statistics.median(run[key] for run in figures) for key in figures[0]}
        print(
            f"{kind:>8} {args.rows:>8} {median['wall']:>8.2f} {median['cpu']:>8.2f} "
            f"{max(run['peak_mib'] for run in figures):>9.0f} {median['bytes'] / 1e6:>7.1f}"
        )
        print(
            f"{'':>8} every run: "
            + ", ".join(f"{run['wall']:.2f} s / {run['peak_mib']:.0f} MiB" for run in figures)
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
