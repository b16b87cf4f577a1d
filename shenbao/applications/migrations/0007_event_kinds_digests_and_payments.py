"""Data for the flow of issue 12: the renamed Event kind, row digests, and payments already made.

- Event.action "edit_cell" is now "edit_row" (online row edits are edits, not corrections).
- Every stored row gets the digest of its values; a decided row was decided on what it holds now.
- An application already paid gets its Payment: the pay Event's date, the approved amount, and the
  comment written then as the voucher (or a note that none was recorded).
"""

import hashlib
import json

from django.db import migrations
from django.utils import timezone

BATCH = 2000


def _digest(values):
    # The same as shenbao.domain.person_review.row_digest, frozen here as it was written.
    payload = json.dumps(dict(values), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def forward(apps, schema_editor):
    Event = apps.get_model("applications", "Event")
    RosterRow = apps.get_model("applications", "RosterRow")
    Application = apps.get_model("applications", "Application")
    Payment = apps.get_model("applications", "Payment")
    Event.objects.filter(action="edit_cell").update(action="edit_row")
    batch = []
    for row in RosterRow.objects.only("pk", "values", "decision").iterator(chunk_size=BATCH):
        row.digest = _digest(row.values or {})
        row.decided_digest = row.digest if row.decision != "undecided" else ""
        batch.append(row)
        if len(batch) >= BATCH:
            RosterRow.objects.bulk_update(batch, ["digest", "decided_digest"])
            batch = []
    if batch:
        RosterRow.objects.bulk_update(batch, ["digest", "decided_digest"])
    for application in Application.objects.filter(status="paid", payment__isnull=True):
        paid = Event.objects.filter(application=application, action="pay").order_by("-at").first()
        if paid is None or paid.actor_id is None:
            continue
        Payment.objects.create(
            application=application,
            paid_on=timezone.localtime(paid.at).date(),
            amount=application.amount or 0,
            voucher=(paid.comment or "（系统升级前拨付，未登记凭证号）")[:100],
            recorded_by_id=paid.actor_id,
        )


def backward(apps, schema_editor):
    Event = apps.get_model("applications", "Event")
    Event.objects.filter(action="edit_row").update(action="edit_cell")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_flow_review_carry_payments_event_kinds"),
    ]

    operations = [migrations.RunPython(forward, backward)]
