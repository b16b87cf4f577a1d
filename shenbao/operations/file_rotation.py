"""Stored files brought under the current key: content keys re-wrapped, or contents sealed again.

Every FileField kept in an EncryptedStorage is found through the app registry. A file is stored
again beside the old one (``EncryptedStorage.rewrap``), the row is pointed at the new object in a
transaction, and the old object is deleted only after that commits: a crash at any point leaves
each row pointing at a readable file (at worst an unreferenced sealed copy stays behind). How far
each model got is kept in ``RotationProgress`` under the current key, so a rerun continues.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from django.apps import apps
from django.db import models, transaction

from shenbao.domain.personal import Protector
from shenbao.operations.models import RotationProgress
from shenbao.storage import EncryptedStorage

STEP = "files"
BATCH_SIZE = 50


def sealed_file_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every FileField stored through an EncryptedStorage."""
    found = []
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and isinstance(field.storage, EncryptedStorage):
                found.append((model, field.name))
    return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1]))


def rewrap_files(*, protector: Protector, batch_size: int = BATCH_SIZE) -> dict[str, Counter[str]]:
    """Per ``model.field``: files re-wrapped, sealed again, already current, or missing from storage."""
    target = protector.current_prefix.rstrip(":")
    RotationProgress.objects.filter(step=STEP).exclude(target=target).delete()
    report: dict[str, Counter[str]] = {}
    for model, name in sealed_file_fields():
        label = f"{model._meta.label}.{name}"
        counts: Counter[str] = Counter()
        progress, _ = RotationProgress.objects.get_or_create(step=STEP, model=label, target=target)
        while not progress.done:
            rows = list(
                model._default_manager.filter(pk__gt=progress.last_pk)
                .exclude(**{name: ""})
                .order_by("pk")
                .values_list("pk", name)[:batch_size]
            )
            for pk, stored in rows:
                counts[_rewrap_one(model, name, pk, stored)] += 1
            # Recorded after the batch: a crash inside it redoes at most this batch, and
            # a file already current is recognised as such.
            if rows:
                progress.last_pk = rows[-1][0]
            else:
                progress.done = True
            progress.save(update_fields=["last_pk", "done", "updated_at"])
        report[label] = counts
    return report


def _rewrap_one(model: type[models.Model], name: str, pk: int, stored: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.FileField) and isinstance(field.storage, EncryptedStorage)
    storage = field.storage
    if not storage.exists(stored):
        return "missing"
    if storage.is_current(stored):
        return "current"
    new, done = storage.rewrap(stored, max_length=field.max_length)
    if new == stored:  # a storage that overwrites in place (S3 with file_overwrite): already swapped
        return done
    with transaction.atomic():
        moved = model._default_manager.filter(pk=pk, **{name: stored}).update(**{name: new})
        # The row changed meanwhile (a new upload, a purge): the copy is not needed.
        transaction.on_commit(partial(storage.delete, stored if moved else new))
    return done if moved else "changed meanwhile"
