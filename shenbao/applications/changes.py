"""A submission's changes against the one before it, stored once when it is made (issues 13, 14).

Compared inside the database, where both submissions are kept (submissions.py): persons are
matched by their look-up key, added and removed persons are copied by ``INSERT … SELECT``, and
only the rows whose submitted digest differs are read, to list their changed cells. Every later
view reads the stored persons.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from shenbao.applications.models import Application, RosterChange, SubmittedRow
from shenbao.applications.submissions import insert_select

CHANGE_FIELDS = ("application", "submission", "kind", "number", "name", "id_masked", "cells")


def record_submission_changes(application: Application, submission: int) -> dict[str, int] | None:
    """Store what ``submission`` (just snapshotted) added, removed and changed against the one
    before it, and return the counts; None when there is none before it (a first submission).

    Persons are matched by their look-up key; a row without one (its ID number unreadable) matches
    nobody. Only the latest submission's changes are ever shown, so earlier ones are deleted.
    """
    kept = application.submitted_rows.order_by()
    now, before = kept.filter(submission=submission), kept.filter(submission=submission - 1)
    if not before.exists():
        return None
    application.roster_changes.filter(submission__lt=submission).delete()
    kinds = RosterChange.Kind
    counts = {
        kinds.ADDED.value: _store_unmatched(application, submission, kinds.ADDED, now, before),
        kinds.REMOVED.value: _store_unmatched(application, submission, kinds.REMOVED, before, now),
    }
    changed = _changed_persons(now, before)
    RosterChange.objects.bulk_create(
        [
            RosterChange(
                application=application,
                submission=submission,
                kind=kinds.CHANGED,
                number=number,
                name=name,
                id_masked=id_masked,
                cells=cells,
            )
            for number, name, id_masked, cells in changed
        ],
        batch_size=2000,
    )
    counts[kinds.CHANGED.value] = len(changed)
    return counts


def _same_person(others: QuerySet[SubmittedRow]) -> Exists:
    return Exists(others.filter(id_hash=OuterRef("id_hash")).exclude(id_hash=""))


def _store_unmatched(
    application: Application,
    submission: int,
    kind: str,
    rows: QuerySet[SubmittedRow],
    others: QuerySet[SubmittedRow],
) -> int:
    """Store as ``kind`` each person of ``rows`` not in ``others``, in the database; how many."""
    unmatched = rows.filter(Q(~_same_person(others)) | Q(id_hash="")).order_by("number")
    return insert_select(
        RosterChange,
        CHANGE_FIELDS,
        unmatched.values_list(
            Value(application.pk),
            Value(submission),
            Value(kind),
            "number",
            "name",
            "id_masked",
            Value([], output_field=models.JSONField()),
        ),
    )


def _changed_persons(
    now: QuerySet[SubmittedRow], before: QuerySet[SubmittedRow]
) -> list[tuple[int, str, str, list[list[str]]]]:
    """(number, name, masked ID, [[column, before, after], …]) of each person in both whose digest
    differs, by row number; only these rows' values are read."""
    # A row stored without its digest (only written by hand: the import and the edits store one)
    # is compared by its values.
    same = before.filter(id_hash=OuterRef("id_hash")).exclude(id_hash="")
    differs = Exists(same.exclude(digest=OuterRef("digest"))) | Q(digest="") & Exists(same)
    rows = list(
        now.filter(differs).order_by("number").values_list("id_hash", "number", "name", "id_masked", "values")
    )
    earlier: dict[str, dict[str, str]] = {}
    hashes = [row[0] for row in rows]
    for start in range(0, len(hashes), 2000):  # under SQLite's limit on parameters
        chunk = hashes[start : start + 2000]
        earlier.update(before.filter(id_hash__in=chunk).values_list("id_hash", "values"))
    changed = []
    for id_hash, number, name, id_masked, values in rows:
        cells = changed_cells(earlier[id_hash], values)
        if cells:  # equal values under another digest (or none): no change
            changed.append((number, name, id_masked, cells))
    return changed


def changed_cells(before: Mapping[str, str], after: Mapping[str, str]) -> list[list[str]]:
    """[[column, before, after], …] of the columns whose value differs, by column name."""
    columns = sorted(set(before) | set(after))
    return [
        [column, before.get(column, ""), after.get(column, "")]
        for column in columns
        if before.get(column, "") != after.get(column, "")
    ]
