"""A submission's changes against the one before it, stored once when it is made (issues 13, 14).

The roster being submitted is compared with the last submission in one pass over plain tuples
(look-up key, digest, row number, name, masked ID) read by ``values_list``: persons are matched
by their look-up key and a person whose digest differs is changed. Only the changed persons'
values are read, to list their cells. The result is written as plain rows; every later view of
the reviewer's page reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection

from shenbao.applications.models import Application, RosterChange
from shenbao.applications.selectors import CellChange, ChangedPerson, Person, RosterChanges
from shenbao.applications.submissions import insert_into

CHUNK = 2000  # look-ups per query, under SQLite's limit on parameters
Tuple = tuple[str, str, int, str, str]  # id_hash, digest, number, name, id_masked
FIELDS = ("id_hash", "digest", "number", "name", "id_masked")


def compare_with_submission(application: Application, submission: int) -> RosterChanges:
    """The current roster against ``submission``: added, removed and changed persons by row number.

    A row without a look-up key (its ID number unreadable) matches nobody; a row stored without its
    digest (written by hand: the import and the edits store one) is compared by its values.
    """
    kept = application.submitted_rows.filter(submission=submission)
    before = {row[0]: row for row in kept.order_by().values_list(*FIELDS) if row[0]}
    now: list[Tuple] = list(application.rows.order_by("number").values_list(*FIELDS))
    keys = {row[0] for row in now if row[0]}
    added = [row for row in now if not row[0] or row[0] not in before]
    removed = list(kept.filter(id_hash="").order_by().values_list(*FIELDS))
    removed += [row for key, row in before.items() if key not in keys]
    maybe = [row for row in now if row[0] in before and (not row[1] or row[1] != before[row[0]][1])]
    earlier = _values(kept, "id_hash", [row[0] for row in maybe])
    later = _values(application.rows.all(), "number", [row[2] for row in maybe])
    changed = []
    for id_hash, _, number, name, id_masked in maybe:
        cells = changed_cells(earlier[id_hash], later[number])
        if cells:  # equal values under another digest (or none): no change
            changed.append(ChangedPerson(Person(number, name, id_masked), [CellChange(*c) for c in cells]))
    return RosterChanges(
        compared=True,
        added=[_person(row) for row in added],
        removed=sorted((_person(row) for row in removed), key=lambda person: person.number),
        changed=changed,
    )


def record_submission_changes(application: Application, submission: int, changes: RosterChanges) -> None:
    """Store ``changes`` (compare_with_submission against the one before) under ``submission``.

    Only the latest submission's changes are ever shown, so earlier ones are deleted. Written as
    plain rows (``executemany``): a roster replaced whole adds and removes 100,000 persons.
    """
    application.roster_changes.filter(submission__lt=submission).delete()
    kinds = RosterChange.Kind
    records: list[tuple[str, Person, list[list[str]]]] = [(kinds.ADDED, p, []) for p in changes.added]
    records += [(kinds.REMOVED, p, []) for p in changes.removed]
    records += [
        (kinds.CHANGED, c.person, [[cell.column, cell.before, cell.after] for cell in c.cells])
        for c in changes.changed
    ]
    cells = RosterChange._meta.get_field("cells")
    _insert(
        [
            (
                application.pk,
                submission,
                kind,
                p.number,
                p.name,
                p.id_masked,
                cells.get_db_prep_value(c, connection),
            )
            for kind, p, c in records
        ]
    )


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


def _person(row: Tuple) -> Person:
    return Person(row[2], row[3], row[4])


def _values(rows: Any, field: str, keys: list[Any]) -> dict[Any, dict[str, str]]:
    found: dict[Any, dict[str, str]] = {}
    for start in range(0, len(keys), CHUNK):
        found.update(
            rows.filter(**{f"{field}__in": keys[start : start + CHUNK]}).values_list(field, "values")
        )
    return found


def _insert(rows: Iterable[tuple[Any, ...]]) -> None:
    """Plain rows into RosterChange: Django's bulk_create would build a model object for each."""
    columns = ("application", "submission", "kind", "number", "name", "id_masked", "cells")
    sql = f"{insert_into(RosterChange, columns)} VALUES ({', '.join(['%s'] * len(columns))})"
    batch = list(rows)
    if batch:
        with connection.cursor() as cursor:
            cursor.executemany(sql, batch)
