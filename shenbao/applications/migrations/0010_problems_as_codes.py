"""Stored problems become code and params: rendered in the viewer's language when shown (issue 15).

Roster rows' problems and findings, and an upload's file problems and warnings, were stored with
their Chinese words under ``message``. Each is handed to problem_stored.from_old_form: a code and
params lose the message; a code without params gets them read back out of the words (kept only if
they render the same words); words no template gives back, and notes stored without a code, are
kept under ``text`` and shown as they are. Going back writes the Chinese words in again.
"""

from collections.abc import Callable

from django.db import migrations
from django.db.models import Q

BATCH = 2000
ROW_FIELDS = ("problems", "findings")
UPLOAD_FIELDS = ("file_problems", "warnings")


def _convert(model, fields: tuple[str, ...], change: Callable[[dict], dict]) -> None:  # type: ignore[no-untyped-def]
    """Rewrite every stored problem of ``fields`` with ``change``; only rows holding any are read."""
    holding = ~Q(**{fields[0]: []}) | ~Q(**{fields[1]: []})
    changed = []
    for record in model.objects.filter(holding).order_by("pk").only("pk", *fields).iterator(chunk_size=BATCH):
        for field in fields:
            setattr(record, field, [change(item) for item in getattr(record, field)])
        changed.append(record)
        if len(changed) == BATCH:
            model.objects.bulk_update(changed, fields)
            changed = []
    if changed:
        model.objects.bulk_update(changed, fields)


def _forward_one(item: dict) -> dict:  # type: ignore[type-arg]
    from shenbao.domain.problem_stored import from_old_form

    return from_old_form(item) if isinstance(item, dict) else item


def _back_one(item: dict) -> dict:  # type: ignore[type-arg]
    from shenbao.domain.problem_text import render_stored

    if not isinstance(item, dict) or "message" in item:
        return item
    return {**item, "message": render_stored(item, "zh")}


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    _convert(apps.get_model("applications", "RosterRow"), ROW_FIELDS, _forward_one)
    _convert(apps.get_model("applications", "RosterUpload"), UPLOAD_FIELDS, _forward_one)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    _convert(apps.get_model("applications", "RosterRow"), ROW_FIELDS, _back_one)
    _convert(apps.get_model("applications", "RosterUpload"), UPLOAD_FIELDS, _back_one)


class Migration(migrations.Migration):
    dependencies = [("applications", "0009_roster_changes_stored_once")]

    operations = [migrations.RunPython(forward, backward, elidable=True)]
