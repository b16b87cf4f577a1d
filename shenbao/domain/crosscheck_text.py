"""The cross-checks' sentences: what a viewer is told about another claim on the same person.

A cross-check finding is stored as its CrossCode and the claim it names (crosschecks.CrossFinding);
which of that claim a viewer may learn is the crosschecks app's decision, made per request. The
sentence is a Problem built here from the params the viewer may see, rendered from its code in
the viewer's language (problem_text). The codes are the sentence's, not the finding's: one finding
reads differently for a trainee's and an employee's roster, or with and without candidates.
"""

from __future__ import annotations

from enum import StrEnum

from shenbao.domain.problems import Problem, Severity


class CrossTextCode(StrEnum):
    CROSS_CLAIMED_ELSEWHERE = "cross_claimed_elsewhere"
    CROSS_SUPPORTED_BEFORE = "cross_supported_before"
    CROSS_SUPPORTED_IN_HISTORY = "cross_supported_in_history"
    CROSS_LINKED_BY_ENTERPRISE = "cross_linked_by_enterprise"
    CROSS_LINKED_BY_INSTITUTION = "cross_linked_by_institution"
    CROSS_HIRING_AMBIGUOUS = "cross_hiring_ambiguous"
    CROSS_HIRING_NOT_FOUND_NEAR = "cross_hiring_not_found_near"
    CROSS_HIRING_NOT_FOUND = "cross_hiring_not_found"


# The other claim: which application only for a viewer who may know it (organisation, reference,
# row number), then its authority, call year and status for everyone who sees the finding.
CLAIM = "[{organisation}（{reference}），][第 {number} 行，]{authority}，{claim_year}年度，状态：{status}"

CROSS_MESSAGES: dict[CrossTextCode, str] = {
    CrossTextCode.CROSS_CLAIMED_ELSEWHERE: "该人员同时在另一份申报中被申报：" + CLAIM,
    CrossTextCode.CROSS_SUPPORTED_BEFORE: "该人员已于{claim_year}年度获得新录用员工培训支持：" + CLAIM,
    CrossTextCode.CROSS_SUPPORTED_IN_HISTORY: (
        "该人员已于{year}年度获得新录用员工培训支持（历史记录[，单位：{organisation}]）"
    ),
    CrossTextCode.CROSS_LINKED_BY_ENTERPRISE: "关联申报（非错误）：录用企业亦以新录用员工申报该人员："
    + CLAIM,
    CrossTextCode.CROSS_LINKED_BY_INSTITUTION: (
        "关联申报（非错误）：培训机构以培训人员申报该人员，录用企业为本单位：" + CLAIM
    ),
    CrossTextCode.CROSS_HIRING_AMBIGUOUS: "录用企业“{written}”对应多家已注册企业：{names}，请核实是哪一家",
    CrossTextCode.CROSS_HIRING_NOT_FOUND_NEAR: "录用企业“{written}”未在系统中注册，相近的已注册企业：{names}",
    CrossTextCode.CROSS_HIRING_NOT_FOUND: "录用企业“{written}”未在系统中注册，没有名称相近的已注册企业",
}


def cross_problem(code: CrossTextCode, column: str, **params: object) -> Problem:
    """A cross-check's sentence for one viewer: a warning the reviewer decides on.

    ``status`` is the other application's Status code, written in the viewer's language when shown.
    """
    from shenbao.domain.problem_text import render  # it reads this module's table

    return Problem(code, Severity.WARNING, None, column, "", render(code, params), params)
