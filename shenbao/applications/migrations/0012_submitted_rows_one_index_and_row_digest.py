"""Submitted rows: one index instead of three, and re-digested as the SQL copy digests them (issue 14).

Every row of a submission is copied in the submitting request, and each index is written for each
row: (application, submission, id_hash) serves a submission's rows, a person in it and a person
in any (the rotation of the look-up key); the foreign key's own index and the two others went,
and so did the foreign key's constraint (each copy comes from a roster row of the application).

A submission is now copied inside the database, its digest the row digest the roster row stores,
row_digest(values), without the look-up key. Snapshots kept from before were digested as
sha256(json [values, id_hash]); re-digested here, so a resubmission compares like with like.
"""

import hashlib
import json

import django.db.models.deletion
from django.db import migrations, models

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
    dependencies = [("applications", "0011_rosterrow_page_indexes")]

    # Backwards: the old digests are not needed by anything that could run then.
    operations = [
        migrations.RemoveIndex(model_name="submittedrow", name="application_applica_2dc945_idx"),
        migrations.RemoveIndex(model_name="submittedrow", name="application_applica_63e55b_idx"),
        migrations.AlterField(
            model_name="submittedrow",
            name="application",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="submitted_rows",
                to="applications.application",
            ),
        ),
        migrations.AddIndex(
            model_name="submittedrow",
            index=models.Index(fields=["application", "submission", "id_hash"], name="submittedrow_person"),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
