"""Keeping the review when the roster changes during a return (the rule is domain/person_review.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from shenbao.applications.models import Application, RosterRow
from shenbao.applications.rows import NewRow, person_key
from shenbao.domain.person_review import Carry, Review, carry, carry_roster

UNDECIDED = RosterRow.Decision.UNDECIDED


@dataclass(frozen=True, slots=True)
class PriorRow:
    """What a stored row held of its review before the roster changed."""

    number: int
    name: str
    id_masked: str
    decision: str
    reason: str
    decided_by_id: int | None
    decided_at: datetime | None
    decided_digest: str
    earlier_decision: str
    earlier_reason: str

    @property
    def review(self) -> Review | None:
        if self.decision == UNDECIDED:
            return None
        return Review(self.decision, self.reason, self.decided_digest)


_FIELDS = (
    "id_hash",
    "number",
    "name",
    "id_masked",
    "decision",
    "decision_reason",
    "decided_by_id",
    "decided_at",
    "decided_digest",
    "earlier_decision",
    "earlier_reason",
)


def prior_rows(application: Application) -> dict[str, PriorRow]:
    """Person key → what the stored roster holds of the review (only the fields the carry needs)."""
    found: dict[str, PriorRow] = {}
    for id_hash, number, *rest in application.rows.values_list(*_FIELDS).iterator(chunk_size=5000):
        key = id_hash or f"row:{number}"
        found.setdefault(key, PriorRow(number, *rest))
    return found


def prior_of(row: RosterRow) -> PriorRow:
    return PriorRow(
        row.number,
        row.name,
        row.id_masked,
        row.decision,
        row.decision_reason,
        row.decided_by_id,
        row.decided_at,
        row.decided_digest,
        row.earlier_decision,
        row.earlier_reason,
    )


def carry_into(row: RosterRow | NewRow, prior: PriorRow | None) -> Carry:
    """Give ``row`` (not yet saved, its digest set) what it keeps of ``prior``'s review."""
    outcome = carry(prior.review if prior is not None else None, row.digest)
    row.decision, row.decision_reason = UNDECIDED, ""
    row.decided_by_id, row.decided_at, row.decided_digest = None, None, ""
    row.earlier_decision = row.earlier_reason = ""
    if prior is None:
        return outcome
    if outcome is Carry.KEPT:
        row.decision, row.decision_reason = prior.decision, prior.reason
        row.decided_by_id, row.decided_at, row.decided_digest = (
            prior.decided_by_id,
            prior.decided_at,
            prior.decided_digest,
        )
    elif outcome is Carry.CHANGED:
        row.earlier_decision, row.earlier_reason = prior.decision, prior.reason
    elif prior.earlier_decision and row.digest != prior.decided_digest:
        # Changed before and still not decided again: the reviewer still needs to see what it was.
        row.earlier_decision, row.earlier_reason = prior.earlier_decision, prior.earlier_reason
    return outcome


# Enough to read on a page; the count says how many there were in all.
REMOVED_LISTED = 500


def carry_all(rows: Iterable[RosterRow | NewRow], before: dict[str, PriorRow]) -> dict[str, object]:
    """Carry the review into a replacing roster; what happened, for the upload's page and the history.

    Empty when nothing had been decided yet (a draft): there is no review to keep.
    """
    new_rows = list(rows)
    for row in new_rows:
        carry_into(row, before.get(person_key(row)))
    if not any(prior.review or prior.earlier_decision for prior in before.values()):
        return {}
    decided = {key: prior.review for key, prior in before.items()}
    result = carry_roster(decided, {person_key(row): row.digest for row in new_rows})
    return {
        "kept": result.count(Carry.KEPT),
        "changed": result.count(Carry.CHANGED),
        "new": result.count(Carry.NEW),
        "removed_count": len(result.removed),
        "removed": [_person(before[key]) for key in result.removed[:REMOVED_LISTED]],
    }


def _person(prior: PriorRow) -> dict[str, object]:
    return {"number": prior.number, "name": prior.name, "id_masked": prior.id_masked}
