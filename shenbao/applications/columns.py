"""The stored roster read back as text, a chunk of rows at a time, for the annotated copy and the package.

Each column is taken out of the stored JSON by the database (KT), so 100,000 rows cost no
per-row JSON decoding or model objects; the ID number is decrypted only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models.fields.json import KT

from shenbao.applications.models import Application
from shenbao.applications.rows import ID_COLUMN
from shenbao.personal_data import protector

CHUNK = 5000


@dataclass(frozen=True, slots=True)
class StoredRow:
    number: int  # the spreadsheet row number
    texts: tuple[str, ...]  # the text of each asked-for column ("" when blank), the ID full or masked
    tenure_days: int | None
    problems: list[dict[str, Any]]  # as stored; empty unless asked for


def stored_rows(
    application: Application, names: Sequence[str], *, full_ids: bool, problems: bool = False
) -> Iterator[StoredRow]:
    """Every row in sheet order with the text of ``names``; the full ID number only when ``full_ids``."""
    stored = [name for name in names if name != ID_COLUMN]
    id_at = names.index(ID_COLUMN) if ID_COLUMN in names else None
    decrypt = protector().decrypt if full_ids else None
    extra = ["problems"] if problems else []
    query = application.rows.order_by("number").values_list(
        "number",
        "tenure_days",
        "id_cipher" if full_ids else "id_masked",
        *extra,
        *(KT(f"values__{name}") for name in stored),
    )
    for number, days, identity, *rest in query.iterator(chunk_size=CHUNK):
        found = rest.pop(0) if problems else []
        texts = [value or "" for value in rest]
        if id_at is not None:
            texts.insert(id_at, (decrypt(identity) if decrypt and identity else identity) or "")
        yield StoredRow(number, tuple(texts), days, found)
