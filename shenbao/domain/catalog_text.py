"""The catalog decision's explanation: one code per kind of line, its words rendered from a table.

Each line of an assessment (catalog.assess) is a Problem built here from a code and params, so a
page renders it in the viewer's language (problem_text); the Chinese words are those the decision
always gave. A line's part that varies by case (a condition's name, what was found, the verdict)
is itself a code and params (``part``), or a list of them, rendered inside the line in the same
language. Titles,
sources and names quoted from the edition file stay as the edition writes them.
"""

from __future__ import annotations

from enum import StrEnum

from shenbao.domain.problems import Problem, Severity


class CatalogCode(StrEnum):
    # Whole lines.
    EDITION = "catalog_edition"
    EDITION_NAMED = "catalog_edition_named"
    SOURCE_SELF_DECLARED = "catalog_source_self_declared"
    SOURCE_APPROVED = "catalog_source_approved"
    LISTED = "catalog_listed"
    NOT_LISTED = "catalog_not_listed_conclusion"
    TEST_NO_REVENUE = "catalog_test_no_revenue"
    TEST = "catalog_test"
    TIER_REACHED = "catalog_tier_reached"
    TIER_NOT_REACHED = "catalog_tier_not_reached"
    KEY_NOT_LISTED = "catalog_key_not_listed"
    KEY_NO_TIER = "catalog_key_no_tier"
    KEY_GRANTED = "catalog_key_granted"
    KEY_GAPS = "catalog_key_gaps"
    KEY_GAPS_NOT_MET = "catalog_key_gaps_not_met"
    KEY_GAPS_UNKNOWN = "catalog_key_gaps_unknown"
    CONDITION = "catalog_condition"
    POTENTIAL_NONE = "catalog_potential_none"
    POTENTIAL = "catalog_potential"
    # Parts of a line.
    VERDICT_MET = "catalog_verdict_met"
    VERDICT_NOT_MET = "catalog_verdict_not_met"
    VERDICT_UNKNOWN = "catalog_verdict_unknown"
    WHAT_ENGAGED = "catalog_what_engaged"
    WHAT_CONTRACTS = "catalog_what_contracts"
    WHAT_CERTIFICATION = "catalog_what_certification"
    WHAT_COLLEGE_SHARE = "catalog_what_college_share"
    ENGAGED_UNKNOWN = "catalog_engaged_unknown"
    ENGAGED = "catalog_engaged"
    NOT_ENGAGED = "catalog_not_engaged"
    CONTRACT_LENGTH_ANY = "catalog_contract_length_any"
    CONTRACT_LENGTH_YEARS = "catalog_contract_length_years"
    CONTRACTS_UNKNOWN = "catalog_contracts_unknown"
    CONTRACTS = "catalog_contracts"
    NO_CONTRACTS = "catalog_no_contracts"
    CERTIFICATION_UNKNOWN = "catalog_certification_unknown"
    CERTIFIED = "catalog_certified"
    NOT_CERTIFIED = "catalog_not_certified"
    STAFF_UNKNOWN = "catalog_staff_unknown"
    STAFF_ZERO = "catalog_staff_zero"
    COLLEGE_SHARE = "catalog_college_share"


_THRESHOLDS = "各项门槛含本数（以上、不低于均包括本数，民法典第一千二百五十九条）。"

CATALOG_MESSAGES: dict[CatalogCode, str] = {
    CatalogCode.EDITION: "依据《{title}》（{edition}年版，{source}）判定该企业，适用 {data_year} 年数据；"
    + _THRESHOLDS,
    CatalogCode.EDITION_NAMED: "依据《{title}》（{edition}年版，{source}）判定「{name}」，适用 {data_year} 年数据；"
    + _THRESHOLDS,
    CatalogCode.SOURCE_SELF_DECLARED: (
        "数据来源：企业自报，尚未经{basis_system}审定；{basis_source}以审定通过的金额为准，本结论为临时结论。"
    ),
    CatalogCode.SOURCE_APPROVED: "数据来源：{basis_system}审定通过的金额（{basis_source}以审定金额为准）。",
    CatalogCode.LISTED: "结论：满足列入标准{met}，列入《{short_title}》。",
    CatalogCode.NOT_LISTED: "结论：不满足任何一项列入标准，未列入《{short_title}》。",
    CatalogCode.TEST_NO_REVENUE: (
        "列入标准（{number}）：服务外包业务额为 0 美元，低于 {floor} 美元，无法计算境外最终客户占比，"
        "{verdict}（{source}）。"
    ),
    CatalogCode.TEST: (
        "列入标准（{number}）：服务外包业务额 {revenue} 美元 {revenue_sign} {floor} 美元；"
        "境外最终客户业务额 {offshore} 美元，占{share} {share_sign} {min_percent}%；{verdict}（{source}）。"
    ),
    CatalogCode.TIER_REACHED: (
        "{category_name}（{category}）出口额 {export} 美元，达到{authority}服务外包企业重点培育标准"
        "（{min_export} 美元以上）（{source}）。"
    ),
    CatalogCode.TIER_NOT_REACHED: (
        "{category_name}（{category}）出口额 {export} 美元，未达到最低一档{authority}服务外包企业重点培育标准"
        "（{min_export} 美元以上）（{source}）。"
    ),
    CatalogCode.KEY_NOT_LISTED: "{category} 重点培育：企业未列入指导目录，不予认定。",
    CatalogCode.KEY_NO_TIER: "{category} 重点培育：出口额未达到任何一档标准，不予认定。",
    CatalogCode.KEY_GRANTED: (
        "{category} 重点培育：已列入指导目录，出口额和各项条件均满足，"
        "认定为{authority}服务外包企业重点培育对象（{tier}）。"
    ),
    # {not_met} and {unknown} are lists of conditions' names (WHAT_* parts), joined in the language.
    CatalogCode.KEY_GAPS: (
        "{category} 重点培育：出口额达到{authority}一档，但条件未全部满足（不满足：{not_met}；未知：{unknown}），不予认定。"
    ),
    CatalogCode.KEY_GAPS_NOT_MET: (
        "{category} 重点培育：出口额达到{authority}一档，但条件未全部满足（不满足：{not_met}），不予认定。"
    ),
    CatalogCode.KEY_GAPS_UNKNOWN: (
        "{category} 重点培育：出口额达到{authority}一档，但条件未全部满足（未知：{unknown}），不予认定。"
    ),
    CatalogCode.CONDITION: "{category} 条件「{what}」：{found}，{verdict}（{source}）。",
    CatalogCode.POTENTIAL_NONE: "潜力领域：未申报（可申报：{names}；{source}）。",
    CatalogCode.POTENTIAL: "潜力领域：申报{fields}（{source}）。",
    CatalogCode.VERDICT_MET: "满足",
    CatalogCode.VERDICT_NOT_MET: "不满足",
    CatalogCode.VERDICT_UNKNOWN: "未知",
    CatalogCode.WHAT_ENGAGED: "从事该类服务外包",
    CatalogCode.WHAT_CONTRACTS: "签订中长期服务外包业务合同",
    CatalogCode.WHAT_CERTIFICATION: "取得相关领域国际认证",
    CatalogCode.WHAT_COLLEGE_SHARE: "大专及以上学历员工占{percent}%以上",
    CatalogCode.ENGAGED_UNKNOWN: "未填写从事的外包类别",
    CatalogCode.ENGAGED: "已申报从事{category_name}",
    CatalogCode.NOT_ENGAGED: "未申报从事{category_name}（申报类别：{declared}）",
    CatalogCode.CONTRACT_LENGTH_ANY: "（附件未规定合同期限）",
    CatalogCode.CONTRACT_LENGTH_YEARS: "（{years}年以上）",
    CatalogCode.CONTRACTS_UNKNOWN: "未填写是否签订中长期服务外包业务合同{length}",
    CatalogCode.CONTRACTS: "已签订中长期服务外包业务合同{length}",
    CatalogCode.NO_CONTRACTS: "未签订中长期服务外包业务合同{length}",
    CatalogCode.CERTIFICATION_UNKNOWN: "未填写国际认证情况",
    CatalogCode.CERTIFIED: "已取得 {names}",
    CatalogCode.NOT_CERTIFIED: "未填写{category}领域的国际认证",
    CatalogCode.STAFF_UNKNOWN: "未填写员工总数或大专及以上学历员工人数",
    CatalogCode.STAFF_ZERO: "员工总数为 0，无法计算占比",
    CatalogCode.COLLEGE_SHARE: (
        "大专及以上学历员工 {college} 人 / 员工总数 {staff} 人，占{share} {share_sign} {floor}%"
    ),
}


def part(code: CatalogCode, **params: object) -> dict[str, object]:
    """A part of a line, kept as code and params: rendered inside the line, in the line's language."""
    return {"code": str(code), "params": params}


def catalog_line(code: CatalogCode, **params: object) -> Problem:
    """One line of the explanation; ``message`` holds its Chinese words."""
    from shenbao.domain.problem_text import render  # it reads this module's table

    return Problem(code, Severity.WARNING, None, None, "", render(code, params), params)


def part_words(data: dict[str, object]) -> str:
    """A part's Chinese words (a condition's name where the decision lists it in Chinese)."""
    from shenbao.domain.problem_text import render_stored

    return render_stored(data)
