"""A submission's changes against the one before it, stored once when it is made (issues 13, 14).

Persons are matched by their look-up key. The database finds the added persons (the roster's rows
whose key the earlier submission lacks, or without a key), the removed ones (the other way round)
and the persons whose digest differs: a roster replaced whole (100,000 added and 100,000 removed)
never leaves the database, its changes are copied with INSERT … SELECT. Only the persons that may
have changed are read into Python, with their values, to list their cells. The reviewer's page of a
returned application asks the same queries for its counts and its first persons of each kind.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.db.models import Exists, JSONField, OuterRef, Q, QuerySet, Value

from shenbao.applications.models import Application, RosterChange, RosterRow, SubmittedRow
from shenbao.applications.selectors import CellChange, ChangedPerson, Person, RosterChanges
from shenbao.applications.submissions import insert_into, insert_select, table_and_columns

CHUNK = 2000  # look-ups per query, under SQLite's limit on parameters
PERSON = ("number", "name", "id_masked")


def compare_with_submission(
    application: Application, submission: int, *, limit: int | None = None
) -> tuple[RosterChanges, dict[str, int]]:
    """The current roster against ``submission``: the added, removed and changed persons by row
    number (the first ``limit`` of each), and how many there are of each.

    A row without a look-up key (its ID number unreadable) matches nobody; a row stored without its
    digest (written by hand: the import and the edits store one) is compared by its values.
    """
    # Each list read whole and counted here: one query per kind (a count and a LIMIT would be two).
    added = _persons(_added(application, submission))
    removed = _persons(_removed(application, submission))
    changed = _changed(application, submission)
    counts = {"added": len(added), "removed": len(removed), "changed": len(changed)}
    if limit is not None:
        added, removed, changed = added[:limit], removed[:limit], changed[:limit]
    return RosterChanges(compared=True, added=added, removed=removed, changed=changed), counts


def record_submission_changes(application: Application, before: int, submission: int) -> dict[str, int]:
    """Store the changes of the roster now submitted as ``submission`` against ``before``; the counts.

    Only the latest submission's changes are ever shown, so earlier ones are deleted.
    """
    application.roster_changes.filter(submission__lt=submission).delete()
    copied = {}
    for kind, rows in ((RosterChange.Kind.ADDED, _added), (RosterChange.Kind.REMOVED, _removed)):
        select = rows(application, before).values_list(
            Value(application.pk), Value(submission), Value(str(kind)), *PERSON, Value([], JSONField())
        )
        copied[str(kind)] = insert_select(RosterChange, COLUMNS, select)
    changed = _changed(application, before)
    pk, kind = application.pk, RosterChange.Kind.CHANGED
    # The cells as the JSONField writes them (json.dumps, no encoder), the same text for both drivers.
    _insert(
        [
            (
                pk,
                submission,
                kind,
                *_person_row(c.person),
                json.dumps([[x.column, x.before, x.after] for x in c.cells]),
            )
            for c in changed
        ]
    )
    return {**copied, "changed": len(changed)}


COLUMNS = ("application", "submission", "kind", "number", "name", "id_masked", "cells")


def _kept(application: Application, submission: int) -> QuerySet[SubmittedRow]:
    return SubmittedRow.objects.filter(application=application, submission=submission).order_by()


def _keys(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.exclude(id_hash="").values("id_hash")


def _added(application: Application, submission: int) -> QuerySet[RosterRow]:
    roster = RosterRow.objects.filter(application=application)
    return _unmatched(roster, _kept(application, submission))


def _removed(application: Application, submission: int) -> QuerySet[SubmittedRow]:
    roster = RosterRow.objects.filter(application=application).order_by()
    return _unmatched(_kept(application, submission), roster)


def _unmatched(rows: QuerySet[Any], others: QuerySet[Any]) -> QuerySet[Any]:
    """``rows`` without a look-up key or with one that none of ``others`` has.

    Written for each planner (100,000 keys on each side): PostgreSQL runs NOT IN as a plain subplan
    once the keys exceed work_mem (minutes), NOT EXISTS as a hash anti-join; SQLite runs NOT IN
    through one temporary index of the keys, but probes its NOT EXISTS through the application's
    index, which is quadratic.
    """
    among: Exists | Q = Q(id_hash__in=_keys(others))
    if connection.vendor == "postgresql":
        among = Exists(others.filter(id_hash=OuterRef("id_hash")))
    return rows.filter(Q(id_hash="") | ~among)


def _changed(application: Application, submission: int) -> list[ChangedPerson]:
    """Persons in both whose digest differs (or is missing), with the cells that changed."""
    kept = _kept(application, submission)
    # A digest missing on either side is never the same: those persons are compared by their values.
    same = kept.filter(id_hash=OuterRef("id_hash"), digest=OuterRef("digest")).exclude(digest="")
    # Rows with no identical submitted row: the changed persons and the added ones (one anti-join,
    # without an OR that would keep PostgreSQL from hashing it; telling the two apart in SQL too
    # made both planners probe an index per row, 0.75 s).
    unlike = list(
        RosterRow.objects.filter(application=application)
        .exclude(id_hash="")
        .filter(~Exists(same))
        .order_by("number")
        .values_list("id_hash", *PERSON)
    )
    # Only the values of persons in both are read: in a resubmission a few, at most the whole roster.
    keys = [row[0] for row in unlike]
    if len(keys) > CHUNK:  # more than one look-up query
        # Many rows unlike any submitted one (a roster replaced whole: 100,000 added persons): the
        # earlier keys read once (≈0.1 s) tell which are in both, instead of 50 look-ups by key
        # finding none (0.75 s, bench/submit.py "replaced").
        both = set(_keys(kept).values_list("id_hash", flat=True))
        keys = [key for key in keys if key in both]
    earlier = _values(kept, "id_hash", keys)
    maybe = [row for row in unlike if row[0] in earlier]
    later = _values(application.rows.order_by(), "number", [row[1] for row in maybe])
    changed = []
    for key, number, name, id_masked in maybe:
        cells = changed_cells(earlier[key], later[number])
        if cells:  # equal values under another digest (or none): no change
            changed.append(
                ChangedPerson(Person(number, name, id_masked), [CellChange(*cell) for cell in cells])
            )
    return changed


def _persons(rows: QuerySet[Any]) -> list[Person]:
    return [Person(*row) for row in rows.order_by("number").values_list(*PERSON)]


def _person_row(person: Person) -> tuple[int, str, str]:
    return person.number, person.name, person.id_masked


def changed_cells(before: Mapping[str, str], after: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(column, before, after) of the columns whose value differs, by column name."""
    columns = sorted(set(before) | set(after))
    return [
        (column, before.get(column, ""), after.get(column, ""))
        for column in columns
        if before.get(column, "") != after.get(column, "")
    ]


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
    columns = COLUMNS
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
