"""Submitted rows re-digested as the SQL copy digests them (issue 14).

A submission is now copied inside the database, its digest the row digest the roster row stores,
row_digest(values), without the look-up key. Snapshots kept from before were digested as
sha256(json [values, id_hash]); re-digested here, so a resubmission compares like with like.
"""

import hashlib
import json

from django.db import migrations

BATCH = 2000


def _digest(values):  # type: ignore[no-untyped-def]
    # shenbao.applications.submissions.submitted_digest (domain.person_review.row_digest), frozen
    # here as it was written.
    payload = json.dumps(dict(values), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    submitted_row = apps.get_model("applications", "SubmittedRow")
    batch = []
    for row in submitted_row.objects.only("pk", "values").iterator(chunk_size=BATCH):
        row.digest = _digest(row.values or {})
        batch.append(row)
        if len(batch) >= BATCH:
            submitted_row.objects.bulk_update(batch, ["digest"])
            batch = []
    submitted_row.objects.bulk_update(batch, ["digest"])


class Migration(migrations.Migration):
    dependencies = [("applications", "0009_roster_changes_stored_once")]

    # Backwards: the old digests are not needed by anything that could run then.
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
