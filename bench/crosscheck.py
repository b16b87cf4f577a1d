"""Cross-check benchmark: ``python -m bench.crosscheck [--persons 1000000] [--roster 100000] [--repeat 3]``.

Builds a city history in the configured database (SQLite file bench/out/crosscheck.sqlite3 by
default; PostgreSQL when PGHOST is set, e.g. after ``eval "$(scripts/pg-up.sh)"``): 10 calls,
``--persons`` roster rows spread over 100 applications per call (earlier calls approved or
paid), and 50,000 persons of the history import. Then stores a new ``--roster``-row
employee roster in the newest call — 5% of its persons approved in an earlier call, 5%
claimed by another live application of the same call, 2% in the history — and times
``refresh_findings`` on it from the state an upload leaves (the whole cross-check of the
upload, both sides written), checks that it found exactly the planted findings, and prints
the query plans of the look-ups to show the ``id_hash`` indexes are used. Each repetition
also times ``refresh_after_status_change`` after withdrawing the application and after
submitting it again. Generation is not timed and is reused when the data is there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shenbao.applications.models import Application

OUT = Path(__file__).parent / "out"
CALLS = 10
FIRST_YEAR = 2017
APPLICATIONS_PER_CALL = 100
HISTORY_PERSONS = 50_000
BATCH = 10_000


def setup_django() -> None:
    if not os.environ.get("PGHOST"):
        OUT.mkdir(exist_ok=True)
        os.environ.setdefault("SHENBAO_SQLITE_PATH", str(OUT / "crosscheck.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shenbao.config.settings")
    # As in production: DEBUG keeps every query's text, which is not part of the check's cost.
    os.environ.setdefault("SHENBAO_DEBUG", "false")
    import django

    django.setup()


def number_of(person: int) -> str:
    """A distinct 18-character number per person (validity is the roster engine's business, not ours)."""
    return f"310101{person:011d}X"


def generate(persons: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from shenbao.applications.models import Application, RosterRow
    from shenbao.calls.models import Call
    from shenbao.crosschecks.models import HistoryImport, PastSupport
    from shenbao.directory.models import Authority
    from shenbao.directory.services import load_directory
    from shenbao.domain.personal import mask
    from shenbao.organisations.models import Organisation
    from shenbao.personal_data import protector

    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # generation only; the timed check runs with the normal settings
            cursor.execute("PRAGMA synchronous=OFF")
    if RosterRow.objects.filter(application__reference__startswith="BENCH-").count() >= persons:
        print(f"history of {persons:,} rows already there; reusing it")
        return
    load_directory()
    guard = protector()
    authorities = list(Authority.objects.order_by("number"))
    from django.contrib.auth import get_user_model

    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"role": "city_admin", "is_staff": True}
    )
    organisations = [
        Organisation.objects.get_or_create(
            code=f"BENCH{i:013d}",
            defaults={
                "kind": "enterprise",
                "name": f"基准测试企业{i}有限公司",
                "org_code": f"B{i:08d}",
                "authority": authorities[i % len(authorities)],
                "contact_name": "测试",
                "contact_phone": "021-12345678",
                "contact_email": "bench@example.com",
                "status": "confirmed",
            },
        )[0]
        for i in range(APPLICATIONS_PER_CALL + 1)
    ]
    per_application = persons // (CALLS * APPLICATIONS_PER_CALL)
    started = time.perf_counter()
    person = 0
    for c in range(CALLS):
        year = FIRST_YEAR + c
        call, _ = Call.objects.get_or_create(
            year=year,
            defaults={
                "opens_on": date(year, 3, 1),
                "closes_on": date(year, 5, 31),
                "hired_from": date(year - 1, 1, 1),
                "hired_to": date(year - 1, 12, 31),
                "reference_date": date(year, 3, 31),
            },
        )
        status_of_call = "submitted" if c == CALLS - 1 else ("paid" if c % 2 else "approved")
        rows: list[tuple[int, int, str]] = []
        for a, organisation in enumerate(organisations[:APPLICATIONS_PER_CALL]):
            application = Application.objects.create(
                call=call,
                organisation=organisation,
                kind="employees",
                authority=organisation.authority,
                reference=f"BENCH-{year}-{a:03d}",
                status=status_of_call,
                persons=per_application,
            )
            for n in range(per_application):
                number = number_of(person)
                person += 1
                rows.append((application.pk, n + 2, number))
                if len(rows) >= BATCH:
                    insert_rows(rows)
                    rows = []
        insert_rows(rows)
        print(f"  call {year}: {person:,} rows so far, {time.perf_counter() - started:.0f} s", flush=True)
    batch = HistoryImport.objects.create(
        file_name="bench", records=HISTORY_PERSONS, added=HISTORY_PERSONS, imported_by=admin
    )
    past = [
        PastSupport(
            id_hash=guard.lookup_hash("身份证", number_of(persons + p)),
            id_type="身份证",
            id_cipher=guard.encrypt(number_of(persons + p)),
            id_masked=mask(number_of(persons + p)),
            name="历史人员",
            organisation_name="往年企业有限公司",
            year=2015,
            kind="employees",
            source=batch,
        )
        for p in range(HISTORY_PERSONS)
    ]
    PastSupport.objects.bulk_create(past, batch_size=BATCH)
    print(
        f"generated {persons:,} rows and {HISTORY_PERSONS:,} history persons in {time.perf_counter() - started:.0f} s"
    )


def insert_rows(rows: list[tuple[int, int, str]]) -> None:
    """Roster rows (application id, sheet row, ID number) by executemany.

    bulk_create's per-field preparation would make generating a million rows take many minutes;
    every other column takes the value Django gives it, prepared once from a prototype row.
    """
    from django.db import connection

    from shenbao.applications.models import RosterRow
    from shenbao.domain.personal import mask
    from shenbao.personal_data import protector

    if not rows:
        return
    guard = protector()
    prototype = RosterRow(
        application_id=0,
        number=0,
        values={"姓名": "测试人员", "证件类型": "身份证", "岗位": "软件工程师", "入职日期": "2025-03-01"},
        name="测试人员",
        id_type="身份证",
    )
    fields = [f for f in RosterRow._meta.concrete_fields if not f.primary_key]
    template = [f.get_db_prep_save(getattr(prototype, f.attname), connection) for f in fields]
    index = {f.attname: i for i, f in enumerate(fields)}
    params = []
    for application_id, number, id_number in rows:
        values = list(template)
        values[index["application_id"]] = application_id
        values[index["number"]] = number
        values[index["id_cipher"]] = guard.encrypt(id_number)
        values[index["id_hash"]] = guard.lookup_hash("身份证", id_number)
        values[index["id_masked"]] = mask(id_number)
        params.append(values)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(RosterRow._meta.db_table)} ({columns}) VALUES ({marks})", params
        )


def roster_persons(persons: int, size: int) -> Iterator[tuple[int, str]]:
    """(person, planted code) for the new roster: 5% approved earlier, 5% claimed this call, 2% history."""
    last_call_start = persons - persons // CALLS
    for i in range(size):
        if i % 20 == 0:
            yield (i * 7) % last_call_start, "supported_before"
        elif i % 20 == 1:
            yield last_call_start + (i * 7) % (persons // CALLS), "claimed_elsewhere"
        elif i % 50 == 2:
            yield persons + (i // 50) % HISTORY_PERSONS, "supported_before"
        else:
            yield persons + HISTORY_PERSONS + i, ""


def new_roster(persons: int, size: int) -> tuple[Application, dict[str, int]]:
    from django.db import transaction

    from shenbao.applications.models import Application
    from shenbao.calls.models import Call
    from shenbao.organisations.models import Organisation

    Application.objects.filter(reference="BENCH-NEW").delete()
    call = Call.objects.get(year=FIRST_YEAR + CALLS - 1)
    organisation = Organisation.objects.get(code=f"BENCH{APPLICATIONS_PER_CALL:013d}")
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        kind="employees",
        authority=organisation.authority,
        reference="BENCH-NEW",
        status="submitted",
    )
    expected: dict[str, int] = {}
    rows = []
    for n, (person, code) in enumerate(roster_persons(persons, size)):
        rows.append((application.pk, n + 2, number_of(person)))
        if code:
            expected[code] = expected.get(code, 0) + 1
    started = time.perf_counter()
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            insert_rows(rows[start : start + BATCH])
    print(
        f"stored the new {size:,}-row roster in {time.perf_counter() - started:.1f} s (not part of the check)"
    )
    return application, expected


def query_plans(application: Application) -> str:
    """The plans of the statements refresh_findings runs on the application's person keys (rolled back).

    On PostgreSQL EXPLAIN ANALYZE, so each step's actual time is shown beside its plan.
    """
    from django.db import connection, transaction

    from shenbao.crosschecks import lookups
    from shenbao.crosschecks.services import stored_findings_sql
    from shenbao.domain.crosscheck import TRAINEES

    analyze = connection.vendor == "postgresql"
    prefix = "EXPLAIN ANALYZE " if analyze else "EXPLAIN QUERY PLAN "
    lines: list[str] = []

    def explain(title: str, sql: str, params: list[Any], *, run: bool = False) -> None:
        lines.append(f"-- {title}")
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            lines.extend(" ".join(str(c) for c in row) for row in cursor.fetchall())
            if run and not analyze:
                cursor.execute(sql, params)

    pk = application.pk
    with transaction.atomic():
        with connection.cursor() as cursor:
            if analyze:  # as refresh_findings runs them
                cursor.execute("SET LOCAL jit = off")
            lookups.create_keys(cursor)
        shared, stale = lookups.own_keys_sql()
        explain("the roster's person keys claimed elsewhere or in the history", shared, [pk], run=True)
        explain("persons the application claimed before", stale, [pk], run=True)
        if analyze:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {lookups.keys_table()}")
        explain("every claim on those persons", lookups.groups_sql(), [TRAINEES])
        explain("their history", lookups.past_sql(), [])
        with connection.cursor() as cursor:
            cursor.execute(lookups.groups_sql(), [TRAINEES])
            lookups.load_rows(cursor, [row[0] for row in cursor.fetchall()])
        explain("the findings stored on their rows", stored_findings_sql(), [])
        transaction.set_rollback(True)
    return "\n".join(lines)


def summary(timings: list[float]) -> str:
    return f"median {statistics.median(timings):.2f} s, runs {', '.join(f'{t:.2f}' for t in timings)} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--roster", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection
    from django.db.models import Q

    from shenbao.applications.models import Application
    from shenbao.crosschecks.models import CrossFinding
    from shenbao.crosschecks.services import refresh_after_status_change, refresh_findings

    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
    generate(args.persons)
    application, expected = new_roster(args.persons, args.roster)
    print("query plans of the look-ups by person key:\n  " + query_plans(application).replace("\n", "\n  "))
    uploads: list[float] = []
    cpu: list[float] = []
    withdrawals: list[float] = []
    resubmissions: list[float] = []
    for _ in range(args.repeat):
        # As right after an upload: replacing the roster took its rows' findings, and those naming them.
        CrossFinding.objects.filter(Q(application=application) | Q(other_application=application)).delete()
        started, started_cpu = time.perf_counter(), time.process_time()
        refresh_findings(application)
        uploads.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        # Withdrawn: the other applications' 5,000 findings naming it go; submitted again: they return.
        for status, timings in (("withdrawn", withdrawals), ("submitted", resubmissions)):
            Application.objects.filter(pk=application.pk).update(status=status)
            application.status = status
            started = time.perf_counter()
            refresh_after_status_change(application)
            timings.append(time.perf_counter() - started)
    found = {
        code: CrossFinding.objects.filter(application=application, code=code).count()
        for code in ("supported_before", "claimed_elsewhere")
    }
    elsewhere = CrossFinding.objects.filter(other_application=application).count()
    print(f"findings on the new roster: {found} (planted {expected}); on other applications: {elsewhere:,}")
    ok = found == {k: expected.get(k, 0) for k in found} and elsewhere == expected["claimed_elsewhere"]
    print(
        f"refresh_findings on {args.roster:,} rows against {args.persons:,} stored: {summary(uploads)} "
        f"(this process's CPU: median {statistics.median(cpu):.2f} s)\n"
        f"refresh_after_status_change, withdrawn: {summary(withdrawals)}\n"
        f"refresh_after_status_change, submitted again: {summary(resubmissions)}\n"
        f"load average {os.getloadavg()[0]:.1f}; findings {'as planted' if ok else 'WRONG'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
