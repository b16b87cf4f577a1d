"""Key rotation: re-encrypt every ciphertext with the current data key.

Every model field named ``id_cipher`` is found through the app registry, so a new app that
stores ID numbers the same way is covered without changing this module.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from shenbao.domain.personal import Protector

CIPHER_FIELD = "id_cipher"
BATCH_SIZE = 500


@dataclass
class RotationReport:
    # model label -> old key id -> number of ciphertexts re-encrypted from it
    rotated: dict[str, Counter[str]] = field(default_factory=dict)
    # model label -> ciphertexts already under the current key
    current: Counter[str] = field(default_factory=Counter)

    @property
    def total_rotated(self) -> int:
        return sum(sum(counts.values()) for counts in self.rotated.values())


def cipher_models() -> list[type[models.Model]]:
    """Every concrete model with an ``id_cipher`` field."""
    found = []
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        if any(f.name == CIPHER_FIELD for f in model._meta.concrete_fields):
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def rotate_keys(*, protector: Protector, batch_size: int = BATCH_SIZE) -> RotationReport:
    """Re-encrypt, batch by batch (each its own transaction), what the current key did not make."""
    report = RotationReport()
    prefix = f"{protector.current}:"
    for model in cipher_models():
        label = model._meta.label
        counts: Counter[str] = Counter()
        report.current[label] = model._default_manager.filter(
            **{f"{CIPHER_FIELD}__startswith": prefix}
        ).count()
        last_pk = None
        while True:
            with transaction.atomic():
                queryset = (
                    model._default_manager.exclude(**{CIPHER_FIELD: ""})
                    .exclude(**{f"{CIPHER_FIELD}__startswith": prefix})
                    .order_by("pk")
                )
                if last_pk is not None:
                    queryset = queryset.filter(pk__gt=last_pk)
                batch = list(queryset.select_for_update().only("pk", CIPHER_FIELD)[:batch_size])
                if not batch:
                    break
                for obj in batch:
                    token = getattr(obj, CIPHER_FIELD)
                    counts[protector.key_id_of(token)] += 1
                    setattr(obj, CIPHER_FIELD, protector.encrypt(protector.decrypt(token)))
                model._default_manager.bulk_update(batch, [CIPHER_FIELD])
                last_pk = batch[-1].pk
        report.rotated[label] = counts
    return report
