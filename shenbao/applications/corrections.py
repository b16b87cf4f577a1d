"""Online corrections of roster rows: each edited row re-checked at once."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.http import Http404

from shenbao.accounts.models import User
from shenbao.applications import rows as stored_rows
from shenbao.applications.models import (
    Application,
    RosterRow,
)
from shenbao.applications.services import _editable, _own, update_counts
from shenbao.applications.transitions import StaleView, lock, record_event
from shenbao.crosschecks.tasks import refresh_persons
from shenbao.domain import roster
from shenbao.domain.dates import days_between, parse_date
from shenbao.domain.problems import Severity


def edit_cell(
    *, by: User, application: Application, row_id: int, column: str, value: str, expected_version: int
) -> RosterRow:
    """Correct one cell online; the row is re-checked at once, including against the other rows' ID numbers."""
    return edit_row(
        by=by,
        application=application,
        row_id=row_id,
        values={column: value},
        expected_version=expected_version,
    )


@transaction.atomic
def edit_row(
    *,
    by: User,
    application: Application,
    row_id: int,
    values: dict[str, str],
    expected_version: int,
) -> RosterRow:
    """Correct cells of one row online; the row is re-checked at once, including for duplicate ID numbers."""
    _own(by, application)
    current = lock(application, None)
    _editable(current)
    row = RosterRow.objects.select_for_update().filter(application=current, pk=row_id).first()
    if row is None:
        raise Http404
    if row.version != expected_version:
        raise StaleView
    kind = roster.RosterKind(current.kind)
    known = {c.name for c in roster.ROSTER_COLUMNS[kind]}
    if not values or any(column not in known for column in values):
        raise Http404
    edited = stored_rows.domain_row(row)
    merged = {**edited.values, **{column: text.strip() for column, text in values.items()}}
    changed = sorted(column for column in values if merged[column] != edited.values.get(column, ""))
    problems = roster.check_rows(
        kind,
        [roster.RosterRow(row.number, merged)],
        reference_date=current.call.reference_date,
        applicant_code=current.organisation.code,
    )
    checked = roster.RosterRow(row.number, merged, _tenure(merged, current))
    fresh = stored_rows.build_row(current, checked, problems, applicant_code=current.organisation.code)
    fresh.problems += _duplicate_problems(current, row, fresh)
    fresh.has_errors = fresh.has_errors or any(p["severity"] == Severity.ERROR for p in fresh.problems)
    persons = {row.id_hash, fresh.id_hash} - {""}
    for name in (
        "values",
        "name",
        "id_type",
        "id_cipher",
        "id_hash",
        "id_masked",
        "tenure_days",
        "problems",
        "findings",
        "has_errors",
    ):
        setattr(row, name, getattr(fresh, name))
    row.version += 1
    row.save()
    update_counts(current)
    # Only column names go into the history: a corrected value may be an ID number.
    record_event(current, by=by, action="edit_cell", data={"row": row.number, "columns": changed})
    # The person before and after the correction may each be claimed elsewhere.
    transaction.on_commit(partial(refresh_persons.enqueue, sorted(persons)))
    return row


def _tenure(values: dict[str, str], application: Application) -> int | None:
    """Days from hire to leaving (or the reference date), as the upload computes them; else the filled value."""
    hired = parse_date(values.get("入职日期", ""))
    left_text = values.get("离职日期", "")
    left = parse_date(left_text) if left_text else None
    if hired is not None and (left is not None or not left_text):
        end = left or application.call.reference_date
        if end >= hired:
            return days_between(hired, end)
    filled = values.get("在职时长（天）", "").strip()
    # Digits a day count can be (isdigit alone takes "²" and a number no database column holds).
    return int(filled) if filled.isascii() and filled.isdigit() and len(filled) <= 6 else None


def _duplicate_problems(
    application: Application, row: RosterRow, fresh: RosterRow
) -> list[dict[str, object]]:
    if not fresh.id_hash:
        return []
    first = (
        application.rows.filter(id_hash=fresh.id_hash)
        .exclude(pk=row.pk)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    if first is None:
        return []
    message = (
        f"第 {row.number} 行「证件号码」：证件号码 {fresh.id_masked} 与第 {first} 行重复，同一人只能填写一次"
    )
    return [
        {
            "row": row.number,
            "column": "证件号码",
            "code": "id_duplicate",
            "severity": "error",
            "value": fresh.id_masked,
            "message": message,
        }
    ]
