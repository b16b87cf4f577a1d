"""Eligibility of a well-formed roster row: reasons a reviewer confirms or overrules.

Format problems (roster_checks) say whether a row is written correctly; findings here
say whether the person counts for this call. Nothing is applied automatically: each
finding is shown to the reviewer with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from shenbao.domain.identity import (
    InvalidIdentifier,
    OrganisationCode,
    parse_organisation_code,
    same_organisation,
)
from shenbao.domain.problems import Problem, Severity, render_zh


class FindingCode(StrEnum):
    HIRED_BEFORE_WINDOW = "hired_before_window"
    HIRED_AFTER_WINDOW = "hired_after_window"
    INSURANCE_NOT_OWN_ACCOUNT = "insurance_not_own_account"
    INSURANCE_OTHER_PAYER = "insurance_other_payer"
    LEFT_BEFORE_REFERENCE = "left_before_reference"
    HIRING_ENTERPRISE_NOT_FOUND = "hiring_enterprise_not_found"
    CLAIMED_ELSEWHERE = "claimed_elsewhere"
    SUPPORTED_BEFORE = "supported_before"


# The reason each finding gives, filled from its params (dates ending in _on are ISO, shown as
# 2025年1月1日 by problem_text.render). The last three are cross-checks (crosscheck.CrossCode),
# whose sentences the crosschecks app builds from the other claim it may show.
FINDING_MESSAGES: dict[FindingCode, str] = {
    FindingCode.HIRED_BEFORE_WINDOW: "入职日期 {hired_on} 早于本批次计入范围的起始日 {from_on}",
    FindingCode.HIRED_AFTER_WINDOW: "入职日期 {hired_on} 晚于本批次计入范围的截止日 {to_on}",
    FindingCode.INSURANCE_NOT_OWN_ACCOUNT: "社保不是由本单位帐户缴纳",
    FindingCode.INSURANCE_OTHER_PAYER: "社保缴纳单位代码 {payer} 不是申报单位的代码",
    FindingCode.LEFT_BEFORE_REFERENCE: "已于 {left_on} 离职[，在职 {tenure_days} 天]",
    FindingCode.HIRING_ENTERPRISE_NOT_FOUND: "录用企业未在系统中注册",
    FindingCode.CLAIMED_ELSEWHERE: "该人员同时在另一份申报中被申报",
    FindingCode.SUPPORTED_BEFORE: "该人员往年已获得新录用员工培训支持",
}


def make_finding(code: FindingCode, column: str, **params: object) -> Problem:
    """A finding is a warning the reviewer decides on; its sentence is rendered from code and params."""
    return Problem(
        code, Severity.WARNING, None, column, "", render_zh(FINDING_MESSAGES[code], params), params
    )


@dataclass(frozen=True, slots=True)
class Window:
    """The call's rules for one row: the hire-date window (inclusive) and the tenure reference date."""

    hired_from: date
    hired_to: date
    reference_date: date


def row_findings(
    values: Mapping[str, str], *, window: Window, organisation_code: str | None, tenure_days: int | None
) -> list[Problem]:
    """Findings for one row whose format is valid (dates in ISO form)."""
    findings: list[Problem] = []
    hired = _date(values.get("入职日期", ""))
    if hired is not None and hired < window.hired_from:
        findings.append(
            make_finding(
                FindingCode.HIRED_BEFORE_WINDOW,
                "入职日期",
                hired_on=hired.isoformat(),
                from_on=window.hired_from.isoformat(),
            )
        )
    if hired is not None and hired > window.hired_to:
        findings.append(
            make_finding(
                FindingCode.HIRED_AFTER_WINDOW,
                "入职日期",
                hired_on=hired.isoformat(),
                to_on=window.hired_to.isoformat(),
            )
        )
    if values.get("是否本单位帐户缴纳社保") == "否":
        findings.append(make_finding(FindingCode.INSURANCE_NOT_OWN_ACCOUNT, "是否本单位帐户缴纳社保"))
    # With 否 the finding above already says the applicant did not pay; the payer is not a second finding.
    own_account = values.get("是否本单位帐户缴纳社保") == "是"
    other = _other_payer(values.get("社保缴纳单位组织机构代码", ""), organisation_code) if own_account else ""
    if other:
        findings.append(
            make_finding(FindingCode.INSURANCE_OTHER_PAYER, "社保缴纳单位组织机构代码", payer=other)
        )
    left = _date(values.get("离职日期", ""))
    if values.get("是否在职") == "否" and left is not None and left <= window.reference_date:
        findings.append(
            make_finding(
                FindingCode.LEFT_BEFORE_REFERENCE,
                "离职日期",
                left_on=left.isoformat(),
                tenure_days=tenure_days,
            )
        )
    return findings


@cache
def _other_payer(code_text: str, organisation_code: str | None) -> str:
    # A roster names few distinct payers: each pair is parsed once, not once per row.
    if not code_text or not organisation_code:
        return ""
    try:
        payer: OrganisationCode = parse_organisation_code(code_text)
        own = parse_organisation_code(organisation_code)
    except InvalidIdentifier:
        return ""  # a malformed code is a format problem, reported by the roster check
    return "" if same_organisation(payer, own) else payer.value


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
