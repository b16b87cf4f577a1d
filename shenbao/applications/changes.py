"""A submission's changes against the one before it, stored once when it is made (issue 13).

The comparison of two 100,000-row rosters takes seconds; it is done in the submitting request,
which already reads the whole roster, and every later view reads the stored persons.
"""

from __future__ import annotations

from shenbao.applications.models import Application, RosterChange
from shenbao.applications.selectors import RosterChanges


def record_submission_changes(application: Application, changes: RosterChanges) -> None:
    """Store ``changes`` (the roster now against the last submission) under the submission just snapshotted.

    Called after snapshot_submission with what changes_since_last_submission said before it; a first
    submission (nothing compared) stores nothing. Only the latest submission's changes are ever shown.
    """
    latest = application.submitted_rows.order_by("-submission").values_list("submission", flat=True).first()
    if latest is None or not changes.compared:
        return
    application.roster_changes.filter(submission__lt=latest).delete()
    kinds = RosterChange.Kind
    records = [
        RosterChange(
            application=application,
            submission=latest,
            kind=kinds.ADDED,
            number=p.number,
            name=p.name,
            id_masked=p.id_masked,
        )
        for p in changes.added
    ]
    records += [
        RosterChange(
            application=application,
            submission=latest,
            kind=kinds.REMOVED,
            number=p.number,
            name=p.name,
            id_masked=p.id_masked,
        )
        for p in changes.removed
    ]
    records += [
        RosterChange(
            application=application,
            submission=latest,
            kind=kinds.CHANGED,
            number=c.person.number,
            name=c.person.name,
            id_masked=c.person.id_masked,
            cells=[[cell.column, cell.before, cell.after] for cell in c.cells],
        )
        for c in changes.changed
    ]
    RosterChange.objects.bulk_create(records, batch_size=2000)
