"""Cross-check use cases: refresh the findings of the rows that share person keys, import history.

The application flow calls ``refresh_findings`` after a roster is stored and
``refresh_after_status_change`` after every status change; both recompute, for every row
in the city that shares a person key with the application, the findings against the live
claims on that person. Work is done per chunk of hashes through the ``id_hash`` index,
never by scanning the rows table.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from django.db import connection, transaction

from shenbao.accounts.models import User
from shenbao.applications.models import Application, RosterRow
from shenbao.calls.models import Call
from shenbao.crosschecks.models import CrossFinding, HistoryImport, PastSupport
from shenbao.domain import crosscheck
from shenbao.domain.company_names import Company, CompanyRegistry, NameMatch
from shenbao.domain.crosscheck import (
    HIRING_COLUMN,
    TRAINEES,
    Claim,
    CrossFact,
    HistoryProblem,
    HistoryRecord,
)
from shenbao.domain.personal import mask
from shenbao.domain.sheets import UnreadableFile, read_buffer
from shenbao.organisations.models import Organisation, OrganisationKind, OrganisationStatus
from shenbao.personal_data import protector

# Hashes per query: well under SQLite's 32,766 host parameters, small enough for the planner
# to walk the id_hash index once per value.
CHUNK = 5000
BATCH = 5000


def refresh_findings(application: Application) -> int:
    """Recompute the cross-check findings of ``application``'s rows and of every row sharing their persons.

    Call after the application's roster has been stored (upload, cell correction). Returns the
    number of findings now stored for the rows touched.
    """
    with transaction.atomic():
        # Persons this application claimed before (its findings elsewhere still point here).
        stale = set(
            CrossFinding.objects.filter(other_application=application).values_list("row__id_hash", flat=True)
        )
        return _recompute(stale, own=application)


def refresh_after_status_change(application: Application) -> int:
    """Call after every status change of ``application`` (submit, withdraw, return, reject, approve…).

    Whether its rows count as claims depends on its status, so the other applications' rows that
    share its persons are recomputed, and its own rows too.
    """
    return refresh_findings(application)


def refresh_for_hashes(hashes: Iterable[str]) -> int:
    """Recompute the findings of every row in the city whose person key is among ``hashes``."""
    with transaction.atomic():
        return _recompute(set(hashes), own=None)


@dataclass(frozen=True, slots=True)
class _Row:
    claim: Claim
    id_hash: str
    hiring_name: str | None


def _recompute(hashes: set[str], *, own: Application | None) -> int:
    """Findings of ``own``'s rows and of every row whose person key is among its keys or ``hashes``."""
    hiring_registry = _LazyRegistry()
    raw_by_hash: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    loose: list[tuple[Any, ...]] = []  # rows without a usable ID number: only the hiring enterprise
    if own is not None:
        for values in _own_rows(own):
            (raw_by_hash[values[1]] if values[1] else loose).append(values)
        hashes = hashes | set(raw_by_hash)
    own_id = own.pk if own is not None else 0
    ordered = sorted(hashes)
    for chunk in _chunks(ordered):
        test, params = one_of("r.id_hash", chunk)
        for values in _claim_rows(f"{test} AND r.application_id <> %s", [*params, own_id]):
            raw_by_hash[values[1]].append(values)
    past: dict[str, list[crosscheck.PastSupport]] = defaultdict(list)
    table = PastSupport._meta.db_table
    for chunk in _chunks(ordered):
        test, params = one_of("id_hash", chunk)
        for pk, id_hash, year, kind in _fetch(
            f"SELECT id, id_hash, year, kind FROM {table} WHERE {test}", params
        ):
            past[id_hash].append(crosscheck.PastSupport(history_id=pk, year=year, kind=kind))

    findings: list[_Finding] = []
    elsewhere: list[int] = []
    for id_hash, raw in raw_by_hash.items():
        elsewhere.extend(values[0] for values in raw if values[2] != own_id)
        person_past = past.get(id_hash, ())
        if len(raw) == 1 and not person_past:
            # Nine persons in ten are claimed once: only a trainee's hiring enterprise can be found.
            if raw[0][8] is not None:
                findings.extend(_hiring_findings(_row(raw[0], hiring_registry), hiring_registry))
            continue
        group = [_row(values, hiring_registry) for values in raw]
        claims = [r.claim for r in group]
        for row in group:
            facts = crosscheck.claim_facts(row.claim, claims, person_past)
            findings.extend(_stored(row.claim, fact) for fact in facts)
            findings.extend(_hiring_findings(row, hiring_registry))
    for values in loose:
        findings.extend(_hiring_findings(_row(values, hiring_registry), hiring_registry))

    if own is not None:
        CrossFinding.objects.filter(application=own).delete()
    with connection.cursor() as cursor:
        for ids in _chunks(sorted(elsewhere)):
            cursor.execute(
                f"DELETE FROM {CrossFinding._meta.db_table} WHERE row_id IN ({_marks(len(ids))})", ids
            )
    _insert_findings(findings)
    return len(findings)


# Plain SQL for the look-ups: the ORM's per-parameter work on 5,000-value IN lists costs more
# than the queries themselves. Both databases answer them from the id_hash index.
def _claim_rows(where: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    return _fetch(claim_sql(where), [TRAINEES, *params])


def claim_sql(where: str) -> str:
    """Roster rows as claims (row, person key, application, call, year, kind, organisation, status, values)."""
    rows = RosterRow._meta.db_table
    applications = Application._meta.db_table
    calls = Call._meta.db_table
    values = connection.ops.quote_name("values")
    return (
        "SELECT r.id, r.id_hash, r.application_id, a.call_id, c.year, a.kind, a.organisation_id, a.status, "
        f"CASE WHEN a.kind = %s THEN r.{values} END "
        f"FROM {rows} r JOIN {applications} a ON a.id = r.application_id JOIN {calls} c ON c.id = a.call_id "
        f"WHERE {where}"
    )


def _own_rows(application: Application) -> list[tuple[Any, ...]]:
    """The application's rows in the shape of ``_claim_rows``, read through its own index without joins."""
    values = connection.ops.quote_name("values")
    stored = f"r.{values}" if application.kind == TRAINEES else "NULL"
    sql = f"SELECT r.id, r.id_hash, {stored} FROM {RosterRow._meta.db_table} r WHERE r.application_id = %s"
    claim = (application.pk, application.call_id, application.call.year, application.kind)
    tail = (application.organisation_id, application.status)
    return [
        (pk, id_hash, *claim, *tail, row_values) for pk, id_hash, row_values in _fetch(sql, [application.pk])
    ]


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def one_of(column: str, values: list[str]) -> tuple[str, list[Any]]:
    """``column`` among ``values``: one array parameter on PostgreSQL (a 5,000-parameter IN list
    costs it more to plan than to run), an IN list on SQLite, which has no arrays."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({_marks(len(values))})", list(values)


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


class _LazyRegistry:
    """The enterprise registry, loaded only when a trainee row needs it."""

    def __init__(self) -> None:
        self._registry: CompanyRegistry | None = None

    def match(self, written: str) -> NameMatch:
        if self._registry is None:
            self._registry = enterprise_registry()
        return self._registry.match(written)


def _row(values: tuple[Any, ...], hiring_registry: _LazyRegistry) -> _Row:
    pk, id_hash, application_id, call_id, year, kind, organisation_id, status, stored = values
    hiring_name: str | None = None
    hiring_id: int | None = None
    if stored is not None:
        # PostgreSQL hands back the decoded JSON, SQLite its text.
        row_values = json.loads(stored) if isinstance(stored, str) else stored
        written = row_values.get(HIRING_COLUMN) if isinstance(row_values, dict) else None
        if written:
            hiring_name = str(written)
            company = hiring_registry.match(hiring_name).company
            hiring_id = company.id if company else None
    claim = Claim(pk, application_id, call_id, year, kind, organisation_id, status, hiring_id)
    return _Row(claim=claim, id_hash=id_hash, hiring_name=hiring_name)


def _hiring_findings(row: _Row, hiring_registry: _LazyRegistry) -> list[_Finding]:
    if not row.hiring_name:
        return []
    fact = crosscheck.hiring_fact(hiring_registry.match(row.hiring_name))
    return [_stored(row.claim, fact)] if fact else []


# row_id, application_id, code, other_row_id, other_application_id, past_id, candidates (JSON)
_Finding = tuple[int, int, str, int | None, int | None, int | None, str]
_FINDING_COLUMNS = (
    "row_id",
    "application_id",
    "code",
    "other_row_id",
    "other_application_id",
    "past_id",
    "candidates",
)


def _stored(claim: Claim, fact: CrossFact) -> _Finding:
    return (
        claim.row_id,
        claim.application_id,
        fact.code.value,
        fact.other.row_id if fact.other else None,
        fact.other.application_id if fact.other else None,
        fact.past.history_id if fact.past else None,
        json.dumps(list(fact.candidates), ensure_ascii=False),
    )


def _insert_findings(findings: list[_Finding]) -> None:
    # executemany rather than bulk_create: building model instances was most of the time at 100,000 rows.
    table = CrossFinding._meta.db_table
    columns = ", ".join(_FINDING_COLUMNS)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({_marks(len(_FINDING_COLUMNS))})"
    with connection.cursor() as cursor:
        for start in range(0, len(findings), BATCH):
            cursor.executemany(sql, findings[start : start + BATCH])


def enterprise_registry() -> CompanyRegistry:
    """Registered enterprises a trainee's 录用企业名称 may name (all but those the district turned down)."""
    enterprises = (
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
        .exclude(status=OrganisationStatus.REJECTED)
        .values_list("id", "name")
    )
    return CompanyRegistry(Company(id=pk, name=name) for pk, name in enterprises)


def _chunks[T](items: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- History import ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryOutcome:
    """What an import did: the problems (then nothing was written) or the counts."""

    problems: tuple[HistoryProblem, ...] = ()
    records: int = 0
    added: int = 0
    batch: HistoryImport | None = None

    @property
    def is_ok(self) -> bool:
        return not self.problems


def import_history(*, by: User, file: BinaryIO, file_name: str, today: date) -> HistoryOutcome:
    """Import earlier years' supported persons; a file with any problem writes nothing; re-importing adds nothing."""
    try:
        sheets = list(read_buffer(file, suffix=Path(file_name).suffix.lower()))
    except UnreadableFile:
        return HistoryOutcome(problems=(HistoryProblem(None, "", "文件无法读取，请上传 .xlsx 格式的表格"),))
    if not sheets:
        return HistoryOutcome(problems=(HistoryProblem(None, "", "文件中没有工作表"),))
    parsed = crosscheck.parse_history(sheets[0].rows, today=today)
    if parsed.problems:
        return HistoryOutcome(problems=parsed.problems)
    guard = protector()
    unique: dict[tuple[str, int, str], HistoryRecord] = {}
    for record in parsed.records:
        unique.setdefault(
            (guard.lookup_hash(record.id_type, record.number), record.year, record.kind), record
        )
    with transaction.atomic():
        existing: set[tuple[str, int, str]] = set()
        for chunk in _chunks(sorted({key[0] for key in unique})):
            existing |= set(
                PastSupport.objects.filter(id_hash__in=chunk).values_list("id_hash", "year", "kind")
            )
        new = {key: record for key, record in unique.items() if key not in existing}
        if not new:
            return HistoryOutcome(records=len(parsed.records), added=0)
        batch = HistoryImport.objects.create(
            file_name=file_name[:255], records=len(parsed.records), added=len(new), imported_by=by
        )
        PastSupport.objects.bulk_create(
            [
                PastSupport(
                    id_hash=key[0],
                    id_type=record.id_type,
                    id_cipher=guard.encrypt(record.number),
                    id_masked=mask(record.number),
                    name=record.name[:100],
                    organisation_name=record.organisation[:200],
                    year=record.year,
                    kind=record.kind,
                    source=batch,
                )
                for key, record in new.items()
            ],
            batch_size=BATCH,
        )
        _recompute({key[0] for key in new}, own=None)
    return HistoryOutcome(records=len(parsed.records), added=len(new), batch=batch)
