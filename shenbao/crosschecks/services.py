"""Cross-check use cases: refresh the findings of the rows that share person keys, import history.

The worker calls ``refresh_findings`` after a roster is stored or a status changes, as the
applications' outbox records it (outbox.py); it recomputes, for every row
in the city that shares a person key with the application, the findings against the live
claims on that person. The person keys concerned are gathered once into a temporary table
(set-based SQL through the ``id_hash`` indexes, never a scan of the rows table, never one
Python value per stored row); only the rows of those persons are read, and their findings
are replaced in bulk.
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
from django.db.backends.utils import CursorWrapper

from shenbao.accounts.models import User
from shenbao.applications.models import Application, RosterRow
from shenbao.crosschecks import lookups
from shenbao.crosschecks.models import CrossFinding, HistoryImport, PastSupport
from shenbao.domain import crosscheck
from shenbao.domain.crosscheck import (
    HIRING_COLUMN,
    TRAINEES,
    Claim,
    CrossFact,
)
from shenbao.domain.enterprise_names import Enterprise, EnterpriseRegistry, NameMatch
from shenbao.domain.history_import import HistoryRecord, check_history_file
from shenbao.domain.personal import mask
from shenbao.domain.problems import Problem
from shenbao.organisations.models import Organisation, OrganisationKind, OrganisationStatus
from shenbao.personal_data import protector

# Hashes per query in the history import's look-up of what is already stored.
CHUNK = 5000
BATCH = 5000


def refresh_findings(application: Application) -> int:
    """Recompute the cross-check findings of ``application``'s rows and of every row sharing their persons.

    Call after the application's roster has been stored (upload, row edit). Returns the
    number of findings now stored for the rows touched.
    """
    with transaction.atomic():
        return _recompute((), own=application)


def refresh_after_status_change(application: Application) -> int:
    """Call after every status change of ``application`` (submit, withdraw, return, reject, approve…).

    Whether its rows count as claims depends on its status, so the other applications' rows that
    share its persons are recomputed, and its own rows too.
    """
    return refresh_findings(application)


def refresh_for_hashes(hashes: Iterable[str]) -> int:
    """Recompute the findings of every row in the city whose person key is among ``hashes``."""
    with transaction.atomic():
        return _recompute(hashes, own=None)


@dataclass(frozen=True, slots=True)
class _Row:
    claim: Claim
    id_hash: str
    hiring_name: str | None


def _recompute(hashes: Iterable[str], *, own: Application | None) -> int:
    """Findings of ``own``'s rows and of every row whose person key is shared with them or among ``hashes``."""
    with connection.cursor() as cursor, lookups.without_jit(cursor):
        lookups.serialise_refreshes(cursor)
        lookups.create_keys(cursor)
        lookups.load_keys(cursor, sorted(set(hashes)))
        if own is not None:
            for sql in lookups.own_keys_sql():
                cursor.execute(sql, [own.pk] * sql.count("%s"))
        if connection.vendor == "postgresql":
            # Fresh temporary tables have no statistics; the joins below are planned on them.
            cursor.execute(f"ANALYZE {lookups.keys_table()}")
        raw_by_hash: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for values in _fetch(cursor, lookups.groups_sql(), [TRAINEES]):
            raw_by_hash[values[1]].append(values)
        past: dict[str, list[crosscheck.PastSupport]] = defaultdict(list)
        for pk, id_hash, year, kind in _fetch(cursor, lookups.past_sql(), []):
            past[id_hash].append(crosscheck.PastSupport(history_id=pk, year=year, kind=kind))
        # A trainee row whose person nobody else claims: only its hiring enterprise can be found.
        single = _single_trainee_rows(cursor, own) if own is not None and own.kind == TRAINEES else []

        hiring_registry = _LazyRegistry()
        findings: list[_CrossRow] = []
        for id_hash, raw in raw_by_hash.items():
            person_past = past.get(id_hash, ())
            if len(raw) == 1 and not person_past:
                if raw[0][8] is not None:
                    findings.extend(_hiring_findings(_row(raw[0], hiring_registry), hiring_registry))
                continue
            raw.sort()  # by row id: the same findings in the same order whatever plan read them
            group = [_row(values, hiring_registry) for values in raw]
            claims = [r.claim for r in group]
            for row in group:
                facts = crosscheck.claim_facts(row.claim, claims, person_past)
                findings.extend(_stored(row.claim, fact) for fact in facts)
                findings.extend(_hiring_findings(row, hiring_registry))
        for values in single:
            findings.extend(_hiring_findings(_row(values, hiring_registry), hiring_registry))

        row_ids = sorted(values[0] for raw in raw_by_hash.values() for values in raw)
        _replace_findings(cursor, findings, own=own, row_ids=row_ids)
        lookups.drop_tables(cursor)
    return len(findings)


def stored_findings_sql() -> str:
    """The stored findings of the rows in the rows table (the keyed persons' rows)."""
    table = CrossFinding._meta.db_table
    columns = ", ".join(f"f.{column}" for column in _FINDING_COLUMNS)
    # SQLite would scan the whole findings table and probe the ids; CROSS JOIN keeps the ids first.
    join = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
    return f"SELECT f.id, {columns} FROM {lookups.rows_table()} x {join} {table} f ON f.row_id = x.id"


def _replace_findings(
    cursor: CursorWrapper, findings: list[_CrossRow], *, own: Application | None, row_ids: list[int]
) -> None:
    """Make the stored findings of ``own``'s rows and of the rows ``row_ids`` exactly ``findings``.

    Only the difference is written: after an upload (whose old rows took their findings with them)
    that is every finding; after most status changes it is nothing, as a finding names the other
    claim, not its status.
    """
    table = CrossFinding._meta.db_table
    columns = ", ".join(_FINDING_COLUMNS)
    stored: dict[int, _CrossRow] = {}
    if own is not None:
        for pk, *values in _fetch(
            cursor, f"SELECT id, {columns} FROM {table} WHERE application_id = %s", [own.pk]
        ):
            stored[pk] = _as_finding(values)
    lookups.load_rows(cursor, row_ids)
    for pk, *values in _fetch(cursor, stored_findings_sql(), []):
        stored[pk] = _as_finding(values)
    wanted = set(findings)
    kept: set[_CrossRow] = set()
    stale: list[int] = []
    for pk, finding in stored.items():
        if finding in wanted and finding not in kept:
            kept.add(finding)
        else:
            stale.append(pk)
    if stale:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [stale])
        else:
            cursor.executemany(f"DELETE FROM {table} WHERE id = %s", [(pk,) for pk in stale])
    _insert_findings(cursor, [finding for finding in findings if finding not in kept])


def _as_finding(values: list[Any]) -> _CrossRow:
    """A stored finding in the shape ``_stored`` builds (PostgreSQL hands back the candidates decoded)."""
    row_id, application_id, code, other_row_id, other_application_id, past_id, candidates = values
    if not candidates or candidates == "[]":  # nearly every finding: no need to parse it
        text = "[]"
    else:
        names = json.loads(candidates) if isinstance(candidates, str) else candidates
        text = json.dumps(list(names), ensure_ascii=False) if names else "[]"
    return (row_id, application_id, code, other_row_id, other_application_id, past_id, text)


def _single_trainee_rows(cursor: CursorWrapper, application: Application) -> list[tuple[Any, ...]]:
    """The trainee application's rows not read with the keyed persons, in the shape of ``groups_sql``."""
    values = connection.ops.quote_name("values")
    sql = (
        f"SELECT r.id, r.id_hash, r.{values} FROM {RosterRow._meta.db_table} r WHERE r.application_id = %s "
        f"AND NOT EXISTS (SELECT 1 FROM {lookups.keys_table()} k WHERE k.id_hash = r.id_hash)"
    )
    claim = (application.pk, application.call_id, application.call.year, application.kind)
    tail = (application.organisation_id, application.status)
    return [
        (pk, id_hash, *claim, *tail, row_values)
        for pk, id_hash, row_values in _fetch(cursor, sql, [application.pk])
    ]


def _fetch(cursor: CursorWrapper, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params)
    return list(cursor.fetchall())


class _LazyRegistry:
    """The enterprise registry, loaded only when a trainee row needs it."""

    def __init__(self) -> None:
        self._registry: EnterpriseRegistry | None = None

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
            enterprise = hiring_registry.match(hiring_name).enterprise
            hiring_id = enterprise.id if enterprise else None
    claim = Claim(pk, application_id, call_id, year, kind, organisation_id, status, hiring_id)
    return _Row(claim=claim, id_hash=id_hash, hiring_name=hiring_name)


def _hiring_findings(row: _Row, hiring_registry: _LazyRegistry) -> list[_CrossRow]:
    if not row.hiring_name:
        return []
    fact = crosscheck.hiring_fact(hiring_registry.match(row.hiring_name))
    return [_stored(row.claim, fact)] if fact else []


# row_id, application_id, code, other_row_id, other_application_id, past_id, candidates (JSON)
_CrossRow = tuple[int, int, str, int | None, int | None, int | None, str]
_FINDING_COLUMNS = (
    "row_id",
    "application_id",
    "code",
    "other_row_id",
    "other_application_id",
    "past_id",
    "candidates",
)


def _stored(claim: Claim, fact: CrossFact) -> _CrossRow:
    return (
        claim.row_id,
        claim.application_id,
        fact.code.value,
        fact.other.row_id if fact.other else None,
        fact.other.application_id if fact.other else None,
        fact.past.history_id if fact.past else None,
        json.dumps(list(fact.candidates), ensure_ascii=False) if fact.candidates else "[]",
    )


def _insert_findings(cursor: CursorWrapper, findings: list[_CrossRow]) -> None:
    """Store ``findings``; one already stored (a simultaneous refresh committed it first) is skipped."""
    table = CrossFinding._meta.db_table
    columns = ", ".join(_FINDING_COLUMNS)
    if not findings:
        return
    if connection.vendor == "postgresql":
        # COPY cannot skip conflicts: it fills a temporary table, copied over in one statement.
        cursor.execute(
            "CREATE TEMPORARY TABLE pg_temp.crosscheck_new (row_id bigint, application_id bigint, "
            "code varchar(40), other_row_id bigint, other_application_id bigint, past_id bigint, "
            "candidates jsonb) ON COMMIT DROP"
        )
        with cursor.copy(f"COPY pg_temp.crosscheck_new ({columns}) FROM STDIN") as copy:
            for finding in findings:
                copy.write_row(finding)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM pg_temp.crosscheck_new "
            "ON CONFLICT DO NOTHING"
        )
        cursor.execute("DROP TABLE pg_temp.crosscheck_new")
        return
    # executemany rather than bulk_create: building model instances was most of the time at 100,000 rows.
    marks = ", ".join(["%s"] * len(_FINDING_COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"
    for start in range(0, len(findings), BATCH):
        cursor.executemany(sql, findings[start : start + BATCH])


def enterprise_registry() -> EnterpriseRegistry:
    """Registered enterprises a trainee's 录用企业名称 may name (all but those the authority turned down)."""
    enterprises = (
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
        .exclude(status=OrganisationStatus.REJECTED)
        .values_list("id", "name")
    )
    return EnterpriseRegistry(Enterprise(id=pk, name=name) for pk, name in enterprises)


def _chunks[T](items: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- History import ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryOutcome:
    """What an import did: the problems (then nothing was written) or the counts."""

    problems: tuple[Problem, ...] = ()
    records: int = 0
    added: int = 0
    batch: HistoryImport | None = None

    @property
    def is_ok(self) -> bool:
        return not self.problems


def import_history(*, by: User, file: BinaryIO, file_name: str, today: date) -> HistoryOutcome:
    """Import earlier years' supported persons; a file with any problem writes nothing; re-importing adds nothing."""
    parsed = check_history_file(file, suffix=Path(file_name).suffix.lower(), today=today)
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
