"""A new SHENBAO_LOOKUP_KEY: every look-up hash computed again from the decrypted number.

Every model with ``id_type``, ``id_cipher`` and ``id_hash`` fields is found through the app
registry. Submitted rosters (SubmittedRow keeps a hash and a digest, no number) follow the
rows of the same persons; a person since removed from every roster keeps the old hash, which
matches nobody under either key. It all happens in one transaction: with the site stopped
(web and worker), either every hash is new or none is. Running it again changes nothing.
"""

from __future__ import annotations

from collections import Counter

from django.apps import apps
from django.db import models, transaction

from shenbao.applications.models import SubmittedRow
from shenbao.applications.services import submitted_digest
from shenbao.domain.personal import Protector

FIELDS = ("id_type", "id_cipher", "id_hash")
BATCH_SIZE = 2000


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


@transaction.atomic
def rehash_lookup(*, protector: Protector, batch_size: int = BATCH_SIZE) -> Counter[str]:
    """Recompute every look-up hash with the protector's key; returns the hashes changed per model."""
    changed: Counter[str] = Counter()
    renamed: dict[str, str] = {}
    for model in hashed_models():
        label = model._meta.label
        rows = model._default_manager.exclude(id_cipher="").only("pk", *FIELDS).order_by("pk")
        batch: list[models.Model] = []
        for obj in rows.iterator(chunk_size=batch_size):
            old = obj.id_hash  # type: ignore[attr-defined]
            new = protector.lookup_hash(obj.id_type, protector.decrypt(obj.id_cipher))  # type: ignore[attr-defined]
            if new != old:
                renamed[old] = new
                obj.id_hash = new  # type: ignore[attr-defined]
                batch.append(obj)
                changed[label] += 1
            if len(batch) >= batch_size:
                model._default_manager.bulk_update(batch, ["id_hash"])
                batch = []
        if batch:
            model._default_manager.bulk_update(batch, ["id_hash"])
    changed[SubmittedRow._meta.label] = _rehash_submitted(renamed, batch_size)
    return changed


def _rehash_submitted(renamed: dict[str, str], batch_size: int) -> int:
    batch: list[SubmittedRow] = []
    count = 0
    for row in SubmittedRow.objects.order_by("pk").iterator(chunk_size=batch_size):
        new = renamed.get(row.id_hash)
        if new is None:
            continue
        row.id_hash = new
        row.digest = submitted_digest(row.values, new)
        batch.append(row)
        count += 1
        if len(batch) >= batch_size:
            SubmittedRow.objects.bulk_update(batch, ["id_hash", "digest"])
            batch = []
    if batch:
        SubmittedRow.objects.bulk_update(batch, ["id_hash", "digest"])
    return count
