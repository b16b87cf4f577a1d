"""Storing checked roster rows: the ID number encrypted, hashed and masked; nothing else decided here.

Problems about the 证件号码 column may quote the number; they are stored with the
masked form instead, so no plain number reaches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from shenbao.applications.models import Application, RosterRow
from shenbao.domain import roster
from shenbao.domain.checked_roster import CheckedRow
from shenbao.domain.eligibility import Window
from shenbao.domain.idcard import is_comparable
from shenbao.domain.person_review import row_digest
from shenbao.domain.personal import Protector, mask, mask_normalised, normalise_number
from shenbao.domain.problems import Problem
from shenbao.personal_data import protector

ID_COLUMN = "证件号码"


def window_of(application: Application) -> Window:
    call = application.call
    return Window(hired_from=call.hired_from, hired_to=call.hired_to, reference_date=call.reference_date)


def stored_problem(problem: Problem, id_number: str) -> dict[str, object]:
    """The problem as a row keeps it: code and params, no words (rendered in the viewer's language
    when shown); a value or param quoting the ID number keeps its masked form instead."""
    data = problem.stored()
    if id_number:
        hidden = mask(id_number)
        data["value"] = problem.value.replace(id_number, hidden)
        data["params"] = {
            name: value.replace(id_number, hidden) if isinstance(value, str) else value
            for name, value in problem.params.items()
        }
    return data


class Keyed(Protocol):
    id_hash: str
    number: int


def person_key(row: Keyed) -> str:
    """Who a stored row is about: the ID look-up hash, or its row number when it has no ID number."""
    return row.id_hash or f"row:{row.number}"


def id_hash_of(values: dict[str, str]) -> str:
    """The look-up hash a row with these values is stored under (empty without an ID number)."""
    id_number = normalise_number(values.get(ID_COLUMN, ""))
    id_type = values.get("证件类型", "")[:10]
    return protector().lookup_hash(id_type, id_number) if is_comparable(id_number) else ""


UNDECIDED = RosterRow.Decision.UNDECIDED.value
# A cell far longer than any ID number (an error the row reports) must still fit the column.
MASKED_LENGTH = RosterRow._meta.get_field("id_masked").max_length or 40


@dataclass(slots=True)
class NewRow:
    """A roster row ready to store: every stored field of RosterRow but its application.

    A plain object, not a model: an upload builds 100,000 of them, and a model's ``__init__``
    and bulk_create's per-field SQL compilation cost more than the checking itself
    (bulk.insert_rows writes these). The review fields are those of an undecided row until
    carry.carry_into gives them what the person's earlier row keeps.
    """

    number: int
    values: dict[str, str]
    name: str
    id_type: str
    id_cipher: str
    id_hash: str
    id_masked: str
    tenure_days: int | None
    problems: list[dict[str, object]]
    findings: list[dict[str, object]]
    has_errors: bool
    digest: str
    decision: str = UNDECIDED
    decision_reason: str = ""
    decided_by_id: int | None = None
    decided_at: datetime | None = None
    decided_digest: str = ""
    earlier_decision: str = ""
    earlier_reason: str = ""
    version: int = 1


def prepare_row(checked: CheckedRow, guard: Protector | None = None) -> NewRow:
    """What to store of a checked row: the ID number only encrypted, hashed and masked."""
    guard = guard or protector()
    values = dict(checked.values)
    id_number = normalise_number(values.pop(ID_COLUMN, ""))
    # lookup_hash and mask normalise what they get again: for an ASCII number that changes
    # nothing, so it is skipped (an upload does this 100,000 times); anything else goes through it.
    again = id_number if id_number.isascii() else normalise_number(id_number)
    # Hashed as stored, so rotate_lookup_key can compute the same hash from the stored row.
    id_type = values.get("证件类型", "")[:10]
    return NewRow(
        number=checked.number,
        values=values,
        name=values.get("姓名", "")[:100],
        id_type=id_type,
        id_cipher=guard.encrypt(id_number) if id_number else "",
        # Lost digits (3.10115E+17) or a formula's #N/A identify nobody: no hash, never matched elsewhere.
        id_hash=guard.lookup_hash_normalised(id_type, again) if is_comparable(id_number) else "",
        id_masked=mask_normalised(again)[:MASKED_LENGTH] if id_number else "",
        tenure_days=checked.tenure_days,
        problems=[stored_problem(p, id_number) for p in checked.problems],
        findings=[f.stored() for f in checked.findings],
        has_errors=checked.has_errors,
        digest=row_digest(values),
    )


def build_row(application: Application, checked: CheckedRow) -> RosterRow:
    """A RosterRow ready to save from what the domain checked (one row: an online edit)."""
    prepared = prepare_row(checked)
    return RosterRow(application=application, **{name: getattr(prepared, name) for name in NewRow.__slots__})


def domain_row(stored: RosterRow) -> roster.RosterRow:
    """The stored row as the roster engine sees it (the ID number decrypted)."""
    values = dict(stored.values)
    values[ID_COLUMN] = protector().decrypt(stored.id_cipher) if stored.id_cipher else ""
    return roster.RosterRow(stored.number, values, stored.tenure_days)
