"""Look-up hashes computed again from the decrypted numbers: after a new look-up key or a change of profile.

Every model with ``id_type``, ``id_cipher`` and ``id_hash`` fields is found through the app
registry. The rows go in batches, each its own transaction, and how far each model got is kept in
``RotationProgress`` under the new key's fingerprint: an interrupted run continues where it
stopped, and a finished one is not repeated. Submitted rosters (SubmittedRow keeps a hash and a
digest, no number) follow the roster rows of the same application in the same transaction, so no
batch leaves a submission and its roster under different keys; a person since removed from the
application's roster keeps the old hash, which matches nobody under either key.

The hashes of a model are only comparable once all are recomputed: run it with the site stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.apps import apps
from django.db import models, transaction

from shenbao.applications.models import RosterRow, SubmittedRow
from shenbao.domain.idcard import is_comparable
from shenbao.domain.personal import Protector, normalise_number
from shenbao.operations.models import RotationProgress

FIELDS = ("id_type", "id_cipher", "id_hash")
BATCH_SIZE = 2000
STEP = "hashes"


def hashed_models() -> list[type[models.Model]]:
    """Every concrete model keeping a number both encrypted and hashed."""
    found = []
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        if names.issuperset(FIELDS):
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def rehash_lookup(*, protector: Protector, batch_size: int = BATCH_SIZE) -> Counter[str]:
    """Bring every look-up hash to the protector's key; returns the hashes changed per model."""
    target = protector.lookup_fingerprint
    RotationProgress.objects.filter(step=STEP).exclude(target=target).delete()
    changed: Counter[str] = Counter()
    for model in hashed_models():
        progress, _ = RotationProgress.objects.get_or_create(
            step=STEP, model=model._meta.label, target=target
        )
        while not progress.done:
            with transaction.atomic():
                counts = _rehash_batch(model, progress, protector, batch_size)
            changed.update(counts)
    return changed


def _rehash_batch(
    model: type[models.Model], progress: RotationProgress, protector: Protector, batch_size: int
) -> Counter[str]:
    rows = list(
        model._default_manager.filter(pk__gt=progress.last_pk)
        .order_by("pk")
        .select_for_update()
        .only("pk", *FIELDS, *(["application_id"] if model is RosterRow else []))[:batch_size]
    )
    changed: Counter[str] = Counter()
    renamed: dict[str, str] = {}
    moved = []
    for obj in rows:
        if not obj.id_cipher:  # type: ignore[attr-defined]
            continue
        number = normalise_number(protector.decrypt(obj.id_cipher))  # type: ignore[attr-defined]
        # As build_row: a number whose digits are lost (or a formula's error value) gets no hash.
        new = protector.lookup_hash(obj.id_type, number) if is_comparable(number) else ""  # type: ignore[attr-defined]
        if new != obj.id_hash:  # type: ignore[attr-defined]
            renamed[obj.id_hash] = new  # type: ignore[attr-defined]
            obj.id_hash = new  # type: ignore[attr-defined]
            moved.append(obj)
    if moved:
        model._default_manager.bulk_update(moved, ["id_hash"], batch_size=500)
        changed[model._meta.label] = len(moved)
    if model is RosterRow and renamed:
        applications = {row.application_id for row in moved}  # type: ignore[attr-defined]
        changed[SubmittedRow._meta.label] = _rehash_submitted(applications, renamed)
    if rows:
        progress.last_pk = rows[-1].pk
    else:
        progress.done = True
    progress.save(update_fields=["last_pk", "done", "updated_at"])
    return changed


def _rehash_submitted(applications: set[int], renamed: dict[str, str]) -> int:
    """The submitted rows of these applications whose persons were just rehashed (index on application, id_hash)."""
    olds: Sequence[str] = list(renamed)
    batch = list(
        SubmittedRow.objects.filter(application_id__in=applications, id_hash__in=olds).select_for_update()
    )
    for row in batch:
        row.id_hash = renamed[row.id_hash]  # the digest holds no key (submissions.submitted_digest)
    SubmittedRow.objects.bulk_update(batch, ["id_hash"], batch_size=500)
    return len(batch)
