"""Cross-checks across the city: one person claimed twice, supported before, and trainees' hiring enterprises.

Pure rules over plain facts; the crosschecks app loads the facts by person key and stores the results.
The city admin's history file (earlier years' supported persons) is read by history_import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from shenbao.domain.eligibility import FindingCode
from shenbao.domain.enterprise_names import MatchOutcome, NameMatch
from shenbao.domain.workflow import LIVE_STATUSES, Status

EMPLOYEES = "employees"
TRAINEES = "trainees"
# A claim in an earlier call counts as support given once the city has approved it.
SUPPORTED_STATUSES = frozenset({Status.APPROVED, Status.PAID})
HIRING_COLUMN = "录用企业名称"
ID_COLUMN = "证件号码"


class CrossCode(StrEnum):
    # The first three share their values with eligibility.FindingCode: one vocabulary of stored codes.
    CLAIMED_ELSEWHERE = FindingCode.CLAIMED_ELSEWHERE.value
    SUPPORTED_BEFORE = FindingCode.SUPPORTED_BEFORE.value
    HIRING_ENTERPRISE_NOT_FOUND = FindingCode.HIRING_ENTERPRISE_NOT_FOUND.value
    HIRING_ENTERPRISE_AMBIGUOUS = "hiring_enterprise_ambiguous"
    # A trainee whose hiring enterprise claims the same person as an employee: expected, not an error.
    LINKED_CLAIM = "linked_claim"


CROSS_LABELS = {
    CrossCode.CLAIMED_ELSEWHERE: "同一人员重复申报",
    CrossCode.SUPPORTED_BEFORE: "往年已获支持",
    CrossCode.HIRING_ENTERPRISE_NOT_FOUND: "录用企业未注册",
    CrossCode.HIRING_ENTERPRISE_AMBIGUOUS: "录用企业名称不唯一",
    CrossCode.LINKED_CLAIM: "企业与培训机构关联申报",
}
# Codes that name another claim on the same person (shown in the city's conflicts view).
CLAIM_CODES = frozenset({CrossCode.CLAIMED_ELSEWHERE, CrossCode.SUPPORTED_BEFORE, CrossCode.LINKED_CLAIM})


@dataclass(frozen=True, slots=True)
class Claim:
    """One roster row as a claim on a person, with what the rules need of its application."""

    row_id: int
    application_id: int
    call_id: int
    year: int
    kind: str
    organisation_id: int
    status: str
    hiring_enterprise_id: int | None = None  # trainee rows whose 录用企业名称 matched one enterprise


@dataclass(frozen=True, slots=True)
class PastSupport:
    """A person supported before shenbao, from the city admin's history import."""

    history_id: int
    year: int
    kind: str


@dataclass(frozen=True, slots=True)
class CrossFact:
    code: CrossCode
    other: Claim | None = None
    past: PastSupport | None = None
    candidates: tuple[str, ...] = ()


def is_linked(a: Claim, b: Claim) -> bool:
    """An institution's trainee whose hiring enterprise is the enterprise claiming the person as an employee."""

    def trains_for(trainee: Claim, employee: Claim) -> bool:
        return (
            trainee.kind == TRAINEES
            and employee.kind == EMPLOYEES
            and trainee.hiring_enterprise_id is not None
            and trainee.hiring_enterprise_id == employee.organisation_id
        )

    return trains_for(a, b) or trains_for(b, a)


def claim_facts(row: Claim, others: Iterable[Claim], past: Iterable[PastSupport] = ()) -> list[CrossFact]:
    """What the other claims on the same person mean for ``row``, whatever ``row``'s own status."""
    facts: list[CrossFact] = []
    for other in others:
        if other.application_id == row.application_id or Status(other.status) not in LIVE_STATUSES:
            continue
        if other.call_id == row.call_id:
            code = CrossCode.LINKED_CLAIM if is_linked(row, other) else CrossCode.CLAIMED_ELSEWHERE
            facts.append(CrossFact(code, other=other))
        elif (
            row.kind == EMPLOYEES
            and other.kind == EMPLOYEES
            and other.year < row.year
            and Status(other.status) in SUPPORTED_STATUSES
        ):
            facts.append(CrossFact(CrossCode.SUPPORTED_BEFORE, other=other))
    for support in past:
        if row.kind == EMPLOYEES and support.kind == EMPLOYEES and support.year < row.year:
            facts.append(CrossFact(CrossCode.SUPPORTED_BEFORE, past=support))
    return facts


def hiring_fact(match: NameMatch) -> CrossFact | None:
    """A finding for a trainee's 录用企业名称 that names no single registered enterprise."""
    if match.outcome is MatchOutcome.NOT_FOUND:
        return CrossFact(CrossCode.HIRING_ENTERPRISE_NOT_FOUND, candidates=match.candidates)
    if match.outcome is MatchOutcome.AMBIGUOUS:
        return CrossFact(CrossCode.HIRING_ENTERPRISE_AMBIGUOUS, candidates=match.candidates)
    return None
