"""What each viewer may learn from the cross-check findings.

A reviewer sees the other claim's authority, call and status — and, when the other
application is in the reviewer's own authority, which application it is. Nothing else of an
application in another authority. The city admin sees both sides. Applicants see only what
concerns their own data (the hiring enterprise of their trainees), never another's claim.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from shenbao.accounts.models import User
from shenbao.applications.labels import problem_text, status_label
from shenbao.applications.models import Application, RosterRow
from shenbao.calls.models import Call
from shenbao.crosschecks.models import CrossFinding
from shenbao.directory.models import Authority
from shenbao.domain.crosscheck import CROSS_LABELS, HIRING_COLUMN, ID_COLUMN, TRAINEES, CrossCode
from shenbao.domain.crosscheck_text import CrossTextCode, cross_problem
from shenbao.domain.problems import Problem
from shenbao.domain.workflow import LIVE_STATUSES

HIRING_CODES = frozenset({CrossCode.HIRING_ENTERPRISE_NOT_FOUND, CrossCode.HIRING_ENTERPRISE_AMBIGUOUS})
CHUNK = 5000


@dataclass(frozen=True, slots=True)
class VisibleCrossCheck:
    """A cross-check finding as one viewer may see it: its sentence a Problem rendered when shown."""

    code: str
    label: str
    column: str
    problem: Problem

    @property
    def is_linked(self) -> bool:
        return self.code == CrossCode.LINKED_CLAIM

    @property
    def message(self) -> str:
        """The sentence in the viewer's language."""
        return problem_text(self.problem)


def findings_for_rows(
    user: User, application: Application, rows: Iterable[RosterRow]
) -> dict[int, list[VisibleCrossCheck]]:
    """Row id → the cross-check findings ``user`` may see on that row of ``application``."""
    if user.is_reviewer and user.authority_id != application.authority_id:
        return {}
    if user.is_applicant and user.organisation_id != application.organisation_id:
        return {}
    by_id = {row.pk: row for row in rows}
    found: dict[int, list[VisibleCrossCheck]] = defaultdict(list)
    ids = sorted(by_id)
    for start in range(0, len(ids), CHUNK):
        query = (
            CrossFinding.objects.filter(application=application, row_id__in=ids[start : start + CHUNK])
            .select_related(
                "other_row",
                "other_application__call",
                "other_application__authority",
                "other_application__organisation",
                "past",
            )
            .order_by("row_id", "code", "pk")
        )
        if user.is_applicant:
            query = query.filter(code__in=list(HIRING_CODES))
        for finding in query:
            found[finding.row_id].append(_visible(user, application, by_id[finding.row_id], finding))
    return dict(found)


def _visible(
    user: User, application: Application, row: RosterRow, finding: CrossFinding
) -> VisibleCrossCheck:
    code = CrossCode(finding.code)
    label = CROSS_LABELS[code]
    if code in HIRING_CODES:
        written = str(row.values.get(HIRING_COLUMN, ""))
        names = "、".join(finding.candidates)
        if code is CrossCode.HIRING_ENTERPRISE_AMBIGUOUS:
            text = CrossTextCode.CROSS_HIRING_AMBIGUOUS
        else:
            text = (
                CrossTextCode.CROSS_HIRING_NOT_FOUND_NEAR if names else CrossTextCode.CROSS_HIRING_NOT_FOUND
            )
        return VisibleCrossCheck(
            code.value, label, HIRING_COLUMN, cross_problem(text, HIRING_COLUMN, written=written, names=names)
        )
    if finding.past is not None:
        past = finding.past
        # Which organisation the history names is for the city admin only.
        organisation = past.organisation_name if user.is_city_admin else ""
        problem = cross_problem(
            CrossTextCode.CROSS_SUPPORTED_IN_HISTORY, ID_COLUMN, year=past.year, organisation=organisation
        )
        return VisibleCrossCheck(code.value, label, ID_COLUMN, problem)
    other = finding.other_application
    assert other is not None
    if code is CrossCode.SUPPORTED_BEFORE:
        text = CrossTextCode.CROSS_SUPPORTED_BEFORE
    elif code is CrossCode.LINKED_CLAIM:
        text = (
            CrossTextCode.CROSS_LINKED_BY_ENTERPRISE
            if application.kind == TRAINEES
            else CrossTextCode.CROSS_LINKED_BY_INSTITUTION
        )
    else:
        text = CrossTextCode.CROSS_CLAIMED_ELSEWHERE
    problem = cross_problem(text, ID_COLUMN, **_claim(user, other, finding.other_row))
    return VisibleCrossCheck(code.value, label, ID_COLUMN, problem)


def _claim(user: User, other: Application, other_row: RosterRow | None) -> dict[str, object]:
    """What ``user`` may learn of the other claim: its authority, year and status; which
    application and row only for the city admin and the reviewer of that application's authority."""
    claim: dict[str, object] = {
        "authority": other.authority.name,
        "claim_year": other.call.year,
        "status": other.status,
    }
    if user.is_city_admin or (user.is_reviewer and user.authority_id == other.authority_id):
        claim |= {"organisation": other.organisation.name, "reference": other.reference}
        if other_row is not None:
            claim["number"] = other_row.number
    return claim


def conflicts(
    *, authority: Authority | None = None, call: Call | None = None, code: str = ""
) -> QuerySet[CrossFinding]:
    """The city's cross-check findings on live applications, for the city admin's conflicts view."""
    query = CrossFinding.objects.filter(
        application__status__in=[s.value for s in LIVE_STATUSES]
    ).select_related(
        "row",
        "application__call",
        "application__authority",
        "application__organisation",
        "other_row",
        "other_application__call",
        "other_application__authority",
        "other_application__organisation",
        "past",
    )
    if authority is not None:
        query = query.filter(application__authority=authority)
    if call is not None:
        query = query.filter(application__call=call)
    if code:
        query = query.filter(code=code)
    return query.order_by("application__authority__number", "application__reference", "row__number", "code")


def conflict_line(finding: CrossFinding) -> list[object]:
    """One line of the conflicts view and its export (city admin: both sides, numbers masked)."""
    own = finding.application
    other = finding.other_application
    other_side = ""
    if other is not None:
        number = f"第 {finding.other_row.number} 行" if finding.other_row is not None else ""
        other_side = (
            f"{other.authority.name} · {other.call.year}年度 · {other.organisation.name}"
            f"（{other.reference}）{number} · {status_label(other.status)}"
        )
    elif finding.past is not None:
        other_side = f"历史记录 · {finding.past.year}年度 · {finding.past.organisation_name}"
    elif finding.candidates:
        other_side = "相近企业：" + "、".join(finding.candidates)
    return [
        own.authority.name,
        f"{own.call.year}年度",
        own.reference,
        own.organisation.name,
        finding.row.number,
        finding.row.name,
        finding.row.id_masked,
        CROSS_LABELS[CrossCode(finding.code)],
        other_side,
    ]


CONFLICT_HEADERS = (
    "受理部门",
    "申报批次",
    "申报编号",
    "申报单位",
    "行号",
    "姓名",
    "证件号码",
    "类别",
    "另一方（区、批次、单位、编号、状态）",
)
