"""The workflow's sentences: one code per reason, one Chinese template per code, filled at build time.

Templates use named ``{placeholders}``; ``flow_problem`` keeps the values it filled them with in
``Problem.params`` so a page can render the template again in another language (``render``).
Dates are written 2026年12月7日 and money 121,500.00 元 by ``render`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from shenbao.domain.problems import Problem, Severity, fill
from shenbao.domain.text import gettext_noop


class FlowCode(StrEnum):
    # Who and when.
    NOT_YOUR_ROLE = "not_your_role"
    WRONG_STATUS = "wrong_status"
    WRONG_STATUS_NOTHING_NOW = "wrong_status_nothing_now"
    # The applicant's side.
    ORGANISATION_UNCONFIRMED = "organisation_unconfirmed"
    ROSTER_MISSING = "roster_missing"
    ROSTER_CHECKING = "roster_checking"
    ROSTER_ERRORS = "roster_errors"
    VOLUMES_NOT_DECLARED = "volumes_not_declared"
    CALL_NOT_YET_OPEN = "call_not_yet_open"
    CALL_CLOSED = "call_closed"
    DEADLINE_PASSED = "deadline_passed"
    REVIEW_STARTED = "review_started"
    # The reviewer's and the city's side.
    ROWS_UNDECIDED = "rows_undecided"
    RECEIPT_MISSING = "receipt_missing"
    NO_ELIGIBLE_TO_ACCEPT = "no_eligible_to_accept"
    NO_ELIGIBLE_TO_APPROVE = "no_eligible_to_approve"
    NOT_PUBLISHED = "not_published"
    # The 公示 of a call.
    ALREADY_PUBLISHED = "already_published"
    CALL_STILL_OPEN = "call_still_open"
    REPORTED_UNDECIDED = "reported_undecided"
    NOTHING_APPROVED = "nothing_approved"
    # What the confirmation must carry.
    DECLARATION_MISSING = "declaration_missing"
    RETURN_REASON_MISSING = "return_reason_missing"
    REJECT_REASON_MISSING = "reject_reason_missing"
    SEND_BACK_REASON_MISSING = "send_back_reason_missing"
    DEADLINE_MISSING = "deadline_missing"
    DEADLINE_IN_PAST = "deadline_in_past"
    OVERRIDE_NOT_LISTED = "override_not_listed"
    OVERRIDE_NO_FIGURES = "override_no_figures"
    VOLUMES_NOT_ACKNOWLEDGED = "volumes_not_acknowledged"
    PAYMENT_DATE_MISSING = "payment_date_missing"
    PAYMENT_DATE_FUTURE = "payment_date_future"
    PAYMENT_AMOUNT_NOT_POSITIVE = "payment_amount_not_positive"
    PAYMENT_OVER_APPROVED = "payment_over_approved"
    VOUCHER_MISSING = "voucher_missing"
    PERIOD_MISSING = "period_missing"
    PERIOD_REVERSED = "period_reversed"
    CONTACT_MISSING = "contact_missing"
    # Refusals of the services' own checks (no status involved).
    UPLOAD_TOO_LARGE = "upload_too_large"
    DOWNLOADS_IN_FLIGHT = "downloads_in_flight"
    STANDARD_OVER_CEILING = "standard_over_ceiling"
    DATES_REVERSED = "dates_reversed"
    CALL_YEAR_TAKEN = "call_year_taken"
    NOBODY_CHOSEN = "nobody_chosen"
    DECISION_MISSING = "decision_missing"
    INELIGIBLE_REASON_MISSING = "ineligible_reason_missing"
    BULK_COUNT_CHANGED = "bulk_count_changed"
    BULK_NOBODY = "bulk_nobody"
    RETURN_ROWS_UNKNOWN = "return_rows_unknown"
    NOTHING_TO_REPORT = "nothing_to_report"
    ALREADY_WITH_AUTHORITY = "already_with_authority"
    ORGANISATION_ALREADY_WITH = "organisation_already_with"
    RETENTION_NOT_OVER = "retention_not_over"
    ALREADY_PURGED = "already_purged"
    # Findings shown beside the actions (warnings, never refusals by themselves).
    CATALOG_NOT_LISTED = "catalog_not_listed"
    CATALOG_NO_FIGURES = "catalog_no_figures"
    CATALOG_PROVISIONAL = "catalog_provisional"
    VOLUMES_MISMATCH = "volumes_mismatch"
    # The applicant's next step (see flow.next_step).
    STEP_SUBMIT = "step_submit"
    STEP_RESUBMIT = "step_resubmit"
    STEP_WAIT_REVIEW = "step_wait_review"
    STEP_WAIT_REVIEW_WITHDRAWABLE = "step_wait_review_withdrawable"
    STEP_WITHDRAWN = "step_withdrawn"
    STEP_ACCEPTED = "step_accepted"
    STEP_REJECTED = "step_rejected"
    STEP_REPORTED = "step_reported"
    STEP_APPROVED = "step_approved"
    STEP_PAID = "step_paid"


FLOW_MESSAGES: dict[FlowCode, str] = {
    FlowCode.NOT_YOUR_ROLE: gettext_noop("“{action}”不是您的角色可以进行的操作。"),
    FlowCode.WRONG_STATUS: gettext_noop(
        "申报当前状态为“{status}”，不能“{action}”。当前可进行的操作：{allowed}。"
    ),
    FlowCode.WRONG_STATUS_NOTHING_NOW: gettext_noop(
        "申报当前状态为“{status}”，不能“{action}”。当前没有您可进行的操作。"
    ),
    FlowCode.ORGANISATION_UNCONFIRMED: gettext_noop("单位信息尚待{authority}主管部门确认，确认后才能提交。"),
    FlowCode.ROSTER_MISSING: gettext_noop("尚未上传花名册：请下载模板，填写后上传。"),
    FlowCode.ROSTER_CHECKING: gettext_noop("花名册正在检查，请等检查完成后再提交。"),
    FlowCode.ROSTER_ERRORS: gettext_noop("花名册中有 {rows} 行存在错误，请在线修改或重新上传。"),
    FlowCode.VOLUMES_NOT_DECLARED: gettext_noop("请填写将报送的纸质材料册数。"),
    FlowCode.CALL_NOT_YET_OPEN: gettext_noop("本批次自 {opens_on} 起受理申报，尚未开始。"),
    FlowCode.CALL_CLOSED: gettext_noop("本批次申报已于 {closes_on} 截止，不再受理首次提交。"),
    FlowCode.DEADLINE_PASSED: gettext_noop(
        "补正截止日期 {deadline} 已过，不能再提交；请联系{authority}主管部门。"
    ),
    FlowCode.REVIEW_STARTED: gettext_noop(
        "审核人员已开始审核，不能撤回；如需修改请联系{authority}主管部门退回补正。"
    ),
    FlowCode.ROWS_UNDECIDED: gettext_noop("还有 {count} 人未作审核结论，请逐人审核后再通过。"),
    FlowCode.RECEIPT_MISSING: gettext_noop("请先登记实收纸质材料册数和电子版材料是否齐全。"),
    FlowCode.NO_ELIGIBLE_TO_ACCEPT: gettext_noop(
        "没有认定为“符合”的人员，不能审核通过；请不予通过或退回补正。"
    ),
    FlowCode.NO_ELIGIBLE_TO_APPROVE: gettext_noop("没有认定为“符合”的人员，不能审定；请退回区级重审。"),
    FlowCode.NOT_PUBLISHED: gettext_noop("本批次审定名单尚未公示，公示后才能记录拨付。"),
    FlowCode.ALREADY_PUBLISHED: gettext_noop("本批次审定名单已公示，不能再次公示。"),
    FlowCode.CALL_STILL_OPEN: gettext_noop("本批次受理期至 {closes_on} 结束，结束后才能公示。"),
    FlowCode.REPORTED_UNDECIDED: gettext_noop(
        "还有 {count} 项已上报市级的申报未审定，请审定或退回区级重审后再公示。"
    ),
    FlowCode.NOTHING_APPROVED: gettext_noop("本批次还没有市级审定的申报，无可公示的名单。"),
    FlowCode.DECLARATION_MISSING: gettext_noop("请确认已告知名单中的人员其信息将用于本次申报。"),
    FlowCode.RETURN_REASON_MISSING: gettext_noop("请填写退回原因。"),
    FlowCode.REJECT_REASON_MISSING: gettext_noop("请填写不予通过的原因。"),
    FlowCode.SEND_BACK_REASON_MISSING: gettext_noop("请填写退回区级重审的原因。"),
    FlowCode.DEADLINE_MISSING: gettext_noop("请填写补正截止日期。"),
    FlowCode.DEADLINE_IN_PAST: gettext_noop("补正截止日期不能早于今天。"),
    FlowCode.OVERRIDE_NOT_LISTED: gettext_noop(
        "该企业按{edition}年版指导目录未列入目录，请填写仍然{action}的理由（记入办理记录）。"
    ),
    FlowCode.OVERRIDE_NO_FIGURES: gettext_noop(
        "该企业没有 {data_year} 年业务数据，无法判定是否列入指导目录，请填写仍然{action}的理由（记入办理记录）。"
    ),
    FlowCode.VOLUMES_NOT_ACKNOWLEDGED: gettext_noop(
        "申报单位填报纸质材料 {declared} 本，实收 {received} 本，请勾选确认已知悉后再通过。"
    ),
    FlowCode.PAYMENT_DATE_MISSING: gettext_noop("请填写拨付日期。"),
    FlowCode.PAYMENT_DATE_FUTURE: gettext_noop("拨付日期 {paid_on} 晚于今天，请核对。"),
    FlowCode.PAYMENT_AMOUNT_NOT_POSITIVE: gettext_noop("拨付金额应大于 0。"),
    FlowCode.PAYMENT_OVER_APPROVED: gettext_noop("拨付金额 {amount} 超过审定金额 {approved}，请核对。"),
    FlowCode.VOUCHER_MISSING: gettext_noop("请填写拨付凭证号。"),
    FlowCode.PERIOD_MISSING: gettext_noop("请填写公示期的开始和结束日期。"),
    FlowCode.PERIOD_REVERSED: gettext_noop("公示期结束日期不能早于开始日期。"),
    FlowCode.CONTACT_MISSING: gettext_noop("请填写异议受理的联系方式（部门、电话）。"),
    FlowCode.UPLOAD_TOO_LARGE: gettext_noop(
        "文件超过 {limit} MB 的上限，请删除无关内容或分成多个文件后再上传。"
    ),
    FlowCode.DOWNLOADS_IN_FLIGHT: gettext_noop("您已有 {count} 个文件正在生成，请等它们完成后再试。"),
    FlowCode.STANDARD_OVER_CEILING: gettext_noop("支持标准不能高于国家政策规定的上限 {limit} 元/人。"),
    FlowCode.DATES_REVERSED: gettext_noop("日期区间的结束日期不能早于开始日期。"),
    FlowCode.CALL_YEAR_TAKEN: gettext_noop("{year}年度的申报批次已存在，每年只能有一个申报批次。"),
    FlowCode.NOBODY_CHOSEN: gettext_noop("请至少选择一人。"),
    FlowCode.DECISION_MISSING: gettext_noop("请选择“符合”或“不符合”。"),
    FlowCode.INELIGIBLE_REASON_MISSING: gettext_noop("认定“不符合”时请填写原因。"),
    FlowCode.BULK_COUNT_CHANGED: gettext_noop("符合条件的人数已变为 {count} 人，请返回重新确认。"),
    FlowCode.BULK_NOBODY: gettext_noop("当前筛选下没有可批量认定的人员。"),
    FlowCode.RETURN_ROWS_UNKNOWN: gettext_noop("花名册中没有第 {rows} 行。"),
    FlowCode.NOTHING_TO_REPORT: gettext_noop("没有审核通过、待上报的申报。"),
    FlowCode.ALREADY_WITH_AUTHORITY: gettext_noop("该申报已由{authority}受理。"),
    FlowCode.ORGANISATION_ALREADY_WITH: gettext_noop("该单位已属于{authority}。"),
    FlowCode.RETENTION_NOT_OVER: gettext_noop(
        "{year}年度申报批次受理截止于 {closes_on}，未满 {years} 年保存期限，不能清除。"
    ),
    FlowCode.ALREADY_PURGED: gettext_noop("{year}年度申报批次的个人信息已清除。"),
    FlowCode.CATALOG_NOT_LISTED: gettext_noop(
        "按{edition}年版指导目录和 {data_year} 年数据，该企业未列入指导目录：审核通过或审定须填写理由。"
    ),
    FlowCode.CATALOG_NO_FIGURES: gettext_noop(
        "该企业没有 {data_year} 年业务数据，无法按{edition}年版指导目录判定：审核通过或审定须填写理由。"
    ),
    FlowCode.CATALOG_PROVISIONAL: gettext_noop(
        "该企业列入指导目录的判定依据企业自报的 {data_year} 年数据，为临时结论，以统计系统审定数据为准。"
    ),
    FlowCode.VOLUMES_MISMATCH: gettext_noop("纸质材料申报 {declared} 本，实收 {received} 本。"),
    FlowCode.STEP_SUBMIT: gettext_noop("确认电子材料和纸质材料册数后提交。"),
    FlowCode.STEP_RESUBMIT: gettext_noop("按退回原因修改后，在 {deadline} 前重新提交。"),
    FlowCode.STEP_WAIT_REVIEW: gettext_noop("等待{authority}主管部门审核。"),
    FlowCode.STEP_WAIT_REVIEW_WITHDRAWABLE: gettext_noop("等待{authority}主管部门审核；审核开始前可以撤回。"),
    FlowCode.STEP_WITHDRAWN: gettext_noop("申报已撤回，本批次不能再提交。"),
    FlowCode.STEP_ACCEPTED: gettext_noop("区主管部门已审核通过，等待上报市级。"),
    FlowCode.STEP_REJECTED: gettext_noop("申报未通过审核。"),
    FlowCode.STEP_REPORTED: gettext_noop("已上报市级，等待审定。"),
    FlowCode.STEP_APPROVED: gettext_noop("市级已审定：{persons} 人，{amount}；公示后拨付。"),
    FlowCode.STEP_PAID: gettext_noop("支持资金 {amount} 已拨付。"),
}

_WARNINGS = frozenset(
    {
        FlowCode.CATALOG_NOT_LISTED,
        FlowCode.CATALOG_NO_FIGURES,
        FlowCode.CATALOG_PROVISIONAL,
        FlowCode.VOLUMES_MISMATCH,
    }
)


def zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def render(template: str, params: Mapping[str, object], language: str = "zh") -> str:
    """The template with its placeholders filled: dates and money in the one way they are written."""
    return fill(template, params, language)


def flow_problem(code: FlowCode, **params: object) -> Problem:
    """A refusal (error) or a finding (warning) of the workflow, with its sentence."""
    severity = Severity.WARNING if code in _WARNINGS else Severity.ERROR
    return Problem(code, severity, None, None, "", render(FLOW_MESSAGES[code], params), dict(params))
