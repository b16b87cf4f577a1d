"""The cross-checks follow the applications' outbox: each recorded change refreshed, then removed, together."""

from __future__ import annotations

from django.db import transaction

from shenbao.applications.models import Application, Outbox
from shenbao.crosschecks import services

# Changes taken per transaction; the same application changed many times is refreshed once.
BATCH = 200


def follow_outbox() -> int:
    """Refresh the findings for every change recorded so far; returns how many changes were applied.

    The worker runs this every second (operations/worker.py). Each batch is taken under row locks
    that another worker skips, refreshed, and deleted in one transaction: a crash before the commit
    leaves the batch for the next pass, and no change is lost or applied by two workers at once.

    The position is kept by deleting what was applied rather than in a high-water mark over the
    ids: PostgreSQL hands out an id when the row is written, not when its transaction commits, so a
    change whose transaction commits after a later one's would fall below a mark already moved past it.
    """
    applied = 0
    # Looked at first without a transaction: on SQLite a write transaction locks the whole database.
    while Outbox.objects.exists():
        with transaction.atomic():
            batch = list(Outbox.objects.select_for_update(skip_locked=True).order_by("pk")[:BATCH])
            if not batch:
                return applied
            _apply(batch)
            Outbox.objects.filter(pk__in=[change.pk for change in batch]).delete()
        applied += len(batch)
    return applied


def _apply(batch: list[Outbox]) -> None:
    whole = {change.application_id for change in batch if change.topic != Outbox.Topic.PERSONS}
    for application in Application.objects.filter(pk__in=whole).order_by("pk"):
        services.refresh_findings(application)
    hashes = {h for change in batch if change.topic == Outbox.Topic.PERSONS for h in change.hashes}
    if hashes:
        services.refresh_for_hashes(sorted(hashes))
