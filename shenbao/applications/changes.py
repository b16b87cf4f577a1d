"""A submission's changes against the one before it, stored once when it is made (issues 13, 14).

The roster being submitted is compared with the last submission in one pass over plain tuples
(look-up key, digest, row number, name, masked ID), no model object: persons are matched by their
look-up key and a person whose digest differs is changed. Only the changed persons' values are
read, to list their cells. The result is written as plain rows (executemany / COPY); every
later view of the reviewer's page reads them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from shenbao.applications.models import Application, RosterChange
from shenbao.applications.selectors import CellChange, ChangedPerson, Person, RosterChanges
from shenbao.applications.submissions import insert_into, table_and_columns

CHUNK = 2000  # look-ups per query, under SQLite's limit on parameters


def compare_with_submission(application: Application, submission: int) -> RosterChanges:
    """The current roster against ``submission``: added, removed and changed persons by row number.

    A row without a look-up key (its ID number unreadable) matches nobody; a row stored without its
    digest (written by hand: the import and the edits store one) is compared by its values.
    """
    kept = application.submitted_rows.filter(submission=submission).order_by()
    roster = application.rows.order_by()
    before = {row[0]: row for row in _plain(kept, *ROW) if row[0]}
    now = _plain(roster.order_by("number"), *ROW)
    keys = {row[0] for row in now if row[0]}
    removed = [_person(row) for key, row in before.items() if key not in keys]
    removed += [_person(row) for row in _plain(kept.filter(id_hash=""), *ROW)]
    maybe = [row for row in now if row[0] in before and (not row[1] or row[1] != before[row[0]][1])]
    # Only the values of these persons are read: in a resubmission a few, at most the whole roster.
    earlier = _values(kept, "id_hash", [row[0] for row in maybe])
    later = _values(roster, "number", [row[2] for row in maybe])
    changed = []
    for row in maybe:
        cells = changed_cells(earlier[row[0]], later[row[2]])
        if cells:  # equal values under another digest (or none): no change
            changed.append(ChangedPerson(_person(row), [CellChange(*cell) for cell in cells]))
    return RosterChanges(
        compared=True,
        added=[_person(row) for row in now if not row[0] or row[0] not in before],
        removed=sorted(removed, key=lambda person: person.number),
        changed=changed,
    )


def record_submission_changes(application: Application, submission: int, changes: RosterChanges) -> None:
    """Store ``changes`` (compare_with_submission against the one before) under ``submission``.

    Only the latest submission's changes are ever shown, so earlier ones are deleted. Written as
    plain rows: a roster replaced whole adds and removes 100,000 persons.
    """
    application.roster_changes.filter(submission__lt=submission).delete()
    kinds, pk = RosterChange.Kind, application.pk
    # The cells as the JSONField writes them (json.dumps, no encoder), the same text for both
    # drivers; a person added or removed has none (a roster replaced whole: 200,000 such rows).
    rows = [(pk, submission, kinds.ADDED, p.number, p.name, p.id_masked, "[]") for p in changes.added]
    rows += [(pk, submission, kinds.REMOVED, p.number, p.name, p.id_masked, "[]") for p in changes.removed]
    for change in changes.changed:
        cells = json.dumps([[cell.column, cell.before, cell.after] for cell in change.cells])
        person = change.person
        rows.append((pk, submission, kinds.CHANGED, person.number, person.name, person.id_masked, cells))
    _insert(rows)


def counts(changes: RosterChanges) -> dict[str, int]:
    return {"added": len(changes.added), "removed": len(changes.removed), "changed": len(changes.changed)}


def changed_cells(before: Mapping[str, str], after: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(column, before, after) of the columns whose value differs, by column name."""
    columns = sorted(set(before) | set(after))
    return [
        (column, before.get(column, ""), after.get(column, ""))
        for column in columns
        if before.get(column, "") != after.get(column, "")
    ]


ROW = ("id_hash", "digest", "number", "name", "id_masked")


def _person(row: tuple[Any, ...]) -> Person:
    return Person(row[2], row[3], row[4])


def _plain(queryset: QuerySet[Any], *fields: str) -> list[tuple[Any, ...]]:
    """``values_list``'s rows as the driver returns them (plain text and integers here): 100,000
    of them without Django's per-row iteration."""
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _values(rows: QuerySet[Any], field: str, keys: list[Any]) -> dict[Any, dict[str, str]]:
    """The values of the rows whose ``field`` is one of ``keys``, by key."""
    found: dict[Any, dict[str, str]] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = rows.filter(**{f"{field}__in": keys[start : start + CHUNK]})
        found.update(chunk.values_list(field, "values"))
    return found


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Plain rows into RosterChange, as bulk.py writes roster rows: ``executemany`` on SQLite,
    ``COPY`` on PostgreSQL (Django's bulk_create would build a model object for each)."""
    columns = ("application", "submission", "kind", "number", "name", "id_masked", "cells")
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table_and_columns(RosterChange, columns)} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"{insert_into(RosterChange, columns)} VALUES ({marks})", rows)
