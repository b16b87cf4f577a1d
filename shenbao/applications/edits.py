"""Online edits of roster rows: each edited row checked again at once, as an upload checks it."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from shenbao.accounts.models import User
from shenbao.applications import outbox
from shenbao.applications import rows as stored_rows
from shenbao.applications.carry import carry_into, prior_of
from shenbao.applications.models import Application, RosterRow
from shenbao.applications.services import own, update_counts
from shenbao.applications.transitions import StaleView, check, lock, record_event
from shenbao.domain import roster
from shenbao.domain.checked_roster import check_roster
from shenbao.domain.events import EventKind
from shenbao.domain.workflow import Action

# What a row's edit replaces: everything the check computes, nothing of the review.
CHECKED_FIELDS = (
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
    "digest",
)
REVIEW_FIELDS = (
    "decision",
    "decision_reason",
    "decided_by_id",
    "decided_at",
    "decided_digest",
    "earlier_decision",
    "earlier_reason",
)


def edit_cell(
    *, by: User, application: Application, row_id: int, column: str, value: str, expected_version: int
) -> RosterRow:
    """Edit one cell online; the row is checked again at once, including against the other rows' ID numbers."""
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
    """Edit cells of one row online; checked again by the same domain entry as an upload."""
    own(by, application)
    current = lock(application, None)
    check(current, Action.EDIT_ROSTER, by=by)
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
    id_hash = stored_rows.id_hash_of(merged)
    first = _first_row_with(current, id_hash, besides=row) if id_hash else None
    [checked] = check_roster(
        [roster.RosterRow(row.number, merged)],
        kind=kind,
        window=stored_rows.window_of(current),
        organisation_code=current.organisation.code,
        duplicate_of={row.number: first} if first is not None else None,
    ).rows()
    fresh = stored_rows.build_row(current, checked)
    prior = prior_of(row)
    persons = {row.id_hash, fresh.id_hash} - {""}
    # Another person's row is not this person's review: keep it only for the same look-up key.
    carry_into(fresh, prior if stored_rows.person_key(row) == stored_rows.person_key(fresh) else None)
    for name in CHECKED_FIELDS + REVIEW_FIELDS:
        setattr(row, name, getattr(fresh, name))
    row.version += 1
    row.save()
    update_counts(current)
    # Only column names go into the history: an edited value may be an ID number.
    record_event(current, by=by, kind=EventKind.EDIT_ROW, data={"row": row.number, "columns": changed})
    # The person before and after the edit may each be claimed elsewhere.
    outbox.record(current, topic=outbox.Topic.PERSONS, hashes=persons)
    return row


def _first_row_with(application: Application, id_hash: str, *, besides: RosterRow) -> int | None:
    return (
        application.rows.filter(id_hash=id_hash)
        .exclude(pk=besides.pk)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
