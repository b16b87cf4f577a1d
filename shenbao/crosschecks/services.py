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
        hashes = set(
            RosterRow.objects.filter(application=application)
            .exclude(id_hash="")
            .values_list("id_hash", flat=True)
        )
        # Persons this application claimed before (its findings elsewhere still point here).
        hashes |= set(
            CrossFinding.objects.filter(other_application=application).values_list("row__id_hash", flat=True)
        )
        return _recompute(hashes, own_application_ids=[application.pk])


def refresh_after_status_change(application: Application) -> int:
    """Call after every status change of ``application`` (submit, withdraw, return, reject, approve…).

    Whether its rows count as claims depends on its status, so the other applications' rows that
    share its persons are recomputed, and its own rows too.
    """
    return refresh_findings(application)


def refresh_for_hashes(hashes: Iterable[str]) -> int:
    """Recompute the findings of every row in the city whose person key is among ``hashes``."""
    with transaction.atomic():
        return _recompute(set(hashes), own_application_ids=[])


@dataclass(frozen=True, slots=True)
class _Row:
    claim: Claim
    id_hash: str
    hiring_name: str | None


def _recompute(hashes: set[str], *, own_application_ids: list[int]) -> int:
    hiring_registry = _LazyRegistry()
    rows_by_hash: dict[str, list[_Row]] = defaultdict(list)
    for chunk in _chunks(sorted(hashes)):
        for values in _claim_rows("r.id_hash IN (" + _marks(len(chunk)) + ")", chunk):
            row = _row(values, hiring_registry)
            rows_by_hash[row.id_hash].append(row)
    # Rows without a usable ID number: only the hiring enterprise is checked.
    loose: list[_Row] = []
    if own_application_ids:
        where = "r.id_hash = '' AND r.application_id IN (" + _marks(len(own_application_ids)) + ")"
        loose = [_row(values, hiring_registry) for values in _claim_rows(where, own_application_ids)]
    past: dict[str, list[crosscheck.PastSupport]] = defaultdict(list)
    table = PastSupport._meta.db_table
    for chunk in _chunks(sorted(hashes)):
        sql = f"SELECT id, id_hash, year, kind FROM {table} WHERE id_hash IN ({_marks(len(chunk))})"
        for pk, id_hash, year, kind in _fetch(sql, chunk):
            past[id_hash].append(crosscheck.PastSupport(history_id=pk, year=year, kind=kind))

    findings: list[CrossFinding] = []
    for id_hash, group in rows_by_hash.items():
        claims = [r.claim for r in group]
        for row in group:
            facts = crosscheck.claim_facts(row.claim, claims, past.get(id_hash, ()))
            findings.extend(_stored(row.claim, fact) for fact in facts)
            findings.extend(_hiring_findings(row, hiring_registry))
    for row in loose:
        findings.extend(_hiring_findings(row, hiring_registry))

    CrossFinding.objects.filter(application_id__in=own_application_ids).delete()
    own = set(own_application_ids)
    elsewhere = sorted(
        {r.claim.row_id for g in rows_by_hash.values() for r in g if r.claim.application_id not in own}
    )
    with connection.cursor() as cursor:
        for ids in _chunks(elsewhere):
            cursor.execute(
                f"DELETE FROM {CrossFinding._meta.db_table} WHERE row_id IN ({_marks(len(ids))})", ids
            )
    CrossFinding.objects.bulk_create(findings, batch_size=BATCH)
    return len(findings)


# Plain SQL for the look-ups: the ORM's per-parameter work on 5,000-value IN lists costs more
# than the queries themselves. Both databases answer them from the id_hash index.
def _claim_rows(where: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    rows = RosterRow._meta.db_table
    applications = Application._meta.db_table
    calls = Call._meta.db_table
    values = connection.ops.quote_name("values")
    sql = (
        "SELECT r.id, r.id_hash, r.application_id, a.call_id, c.year, a.kind, a.organisation_id, a.status, "
        f"CASE WHEN a.kind = %s THEN r.{values} END "
        f"FROM {rows} r JOIN {applications} a ON a.id = r.application_id JOIN {calls} c ON c.id = a.call_id "
        f"WHERE {where}"
    )
    return _fetch(sql, [TRAINEES, *params])


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


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


def _row(values: tuple[object, ...], hiring_registry: _LazyRegistry) -> _Row:
    pk, id_hash, application_id, call_id, year, kind, organisation_id, status, stored = values
    hiring_name: str | None = None
    if stored is not None:
        # PostgreSQL hands back the decoded JSON, SQLite its text.
        row_values = json.loads(stored) if isinstance(stored, str) else stored
        written = row_values.get(HIRING_COLUMN) if isinstance(row_values, dict) else None
        hiring_name = str(written) if written is not None else None
    company = hiring_registry.match(hiring_name).company if hiring_name else None
    claim = Claim(
        row_id=int(str(pk)),
        application_id=int(str(application_id)),
        call_id=int(str(call_id)),
        year=int(str(year)),
        kind=str(kind),
        organisation_id=int(str(organisation_id)),
        status=str(status),
        hiring_enterprise_id=company.id if company else None,
    )
    return _Row(claim=claim, id_hash=str(id_hash), hiring_name=hiring_name)


def _hiring_findings(row: _Row, hiring_registry: _LazyRegistry) -> list[CrossFinding]:
    if not row.hiring_name:
        return []
    fact = crosscheck.hiring_fact(hiring_registry.match(row.hiring_name))
    return [_stored(row.claim, fact)] if fact else []


def _stored(claim: Claim, fact: CrossFact) -> CrossFinding:
    return CrossFinding(
        row_id=claim.row_id,
        application_id=claim.application_id,
        code=fact.code.value,
        other_row_id=fact.other.row_id if fact.other else None,
        other_application_id=fact.other.application_id if fact.other else None,
        past_id=fact.past.history_id if fact.past else None,
        candidates=list(fact.candidates),
    )


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
        _recompute({key[0] for key in new}, own_application_ids=[])
    return HistoryOutcome(records=len(parsed.records), added=len(new), batch=batch)
