"""Key rotation and moving between profiles: every ciphertext, look-up hash and stored file under the current key.

Three steps, each in batches of its own transactions, each resumable:

1. ciphertexts: every model field named ``id_cipher`` (found through the app registry, so a new
   app that stores numbers the same way is covered) is encrypted again with the current key.
   A ciphertext records its cipher and key, so what is left is simply what the current key did
   not make: a rerun continues by itself.
2. look-up hashes (``rehash``): only when the look-up key or its hash changed (another profile);
   progress is kept per model under the new key's fingerprint.
3. stored files (``file_rotation``): content keys re-wrapped, or contents sealed again when the
   cipher changes; progress kept per model under the current key.

The Protector reads every key of both profiles throughout, so no row is ever unreadable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from shenbao.domain.personal import Protector
from shenbao.operations.file_rotation import rewrap_files
from shenbao.operations.rehash import rehash_lookup

CIPHER_FIELD = "id_cipher"
BATCH_SIZE = 500


@dataclass
class RotationReport:
    # model label -> old "cipher:key id" -> ciphertexts encrypted again from it
    rotated: dict[str, Counter[str]] = field(default_factory=dict)
    # model label -> ciphertexts already under the current key
    current: Counter[str] = field(default_factory=Counter)
    # model label -> look-up hashes recomputed
    rehashed: Counter[str] = field(default_factory=Counter)
    # "model.field" -> what happened to its files (rewrapped, resealed, sealed, current, missing…)
    files: dict[str, Counter[str]] = field(default_factory=dict)

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


def rotate_keys(*, protector: Protector, batch_size: int = BATCH_SIZE, files: bool = True) -> RotationReport:
    """Bring ciphertexts, look-up hashes and (with ``files``) stored files under the current key."""
    report = RotationReport()
    for model in cipher_models():
        label = model._meta.label
        report.current[label] = model._default_manager.filter(
            **{f"{CIPHER_FIELD}__startswith": protector.current_prefix}
        ).count()
        report.rotated[label] = rotate_ciphertexts(model, protector=protector, batch_size=batch_size)
    report.rehashed = rehash_lookup(protector=protector, batch_size=batch_size)
    if files:
        report.files = rewrap_files(protector=protector)
    return report


def rotate_ciphertexts(model: type[models.Model], *, protector: Protector, batch_size: int) -> Counter[str]:
    """Encrypt again, batch by batch (each its own transaction), what the current key did not make."""
    counts: Counter[str] = Counter()
    last_pk = None
    while True:
        with transaction.atomic():
            queryset = (
                model._default_manager.exclude(**{CIPHER_FIELD: ""})
                .exclude(**{f"{CIPHER_FIELD}__startswith": protector.current_prefix})
                .order_by("pk")
            )
            if last_pk is not None:
                queryset = queryset.filter(pk__gt=last_pk)
            batch = list(queryset.select_for_update().only("pk", CIPHER_FIELD)[:batch_size])
            if not batch:
                return counts
            for obj in batch:
                token = getattr(obj, CIPHER_FIELD)
                counts[protector.label_of(token)] += 1
                setattr(obj, CIPHER_FIELD, protector.encrypt(protector.decrypt(token)))
            model._default_manager.bulk_update(batch, [CIPHER_FIELD])
            last_pk = batch[-1].pk
