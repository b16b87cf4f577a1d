"""Re-upload keeps the review: a person whose row is unchanged keeps the decision made on it.

Persons are matched by their ID look-up key; a decision remembers the digest of the row's
values it was made on (the key is not in it, so a new look-up key changes no digest). When the roster is replaced or a row edited during a return, the same person
with the same digest keeps decision and reason; a changed row is decided again (the reviewer
sees what it was); a new person starts undecided; persons no longer in the roster are listed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from shenbao.domain import json_text


def row_digest(values: Mapping[str, str]) -> str:
    """What a row says: for the same person, equal digests mean nothing a reviewer decided on changed."""
    # json.dumps(dict(values), sort_keys=True, ensure_ascii=False), as migration 0007 froze it.
    payload = json_text.dumps(
        values if type(values) is dict else dict(values), sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Review:
    """A reviewer's decision on one person, and the row it was made on."""

    decision: str
    reason: str
    digest: str


class Carry(StrEnum):
    KEPT = "kept"  # same person, same row: the decision stands
    CHANGED = "changed"  # same person, the row changed since the decision: to be decided again
    NEW = "new"  # a person not decided before


def carry(before: Review | None, digest: str) -> Carry:
    if before is None:
        return Carry.NEW
    return Carry.KEPT if before.digest == digest else Carry.CHANGED


@dataclass(frozen=True, slots=True)
class RosterCarry:
    """What a replacement did to the review, person by person."""

    outcome: dict[str, Carry] = field(default_factory=dict)  # person key → carry, for the new roster
    removed: tuple[str, ...] = ()  # person keys of the old roster not in the new one

    def count(self, kind: Carry) -> int:
        return sum(1 for value in self.outcome.values() if value is kind)


def carry_roster(before: Mapping[str, Review | None], after: Mapping[str, str]) -> RosterCarry:
    """``before``: each old person's review (None: undecided); ``after``: each new person's digest."""
    outcome = {key: carry(before.get(key), digest) for key, digest in after.items()}
    removed = tuple(key for key in before if key not in after)
    return RosterCarry(outcome, removed)
