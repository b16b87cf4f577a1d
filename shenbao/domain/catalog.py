"""The guidance catalog (附件5): is an enterprise listed, which key-cultivation tier, and why.

``assess(figures, edition)`` applies one edition (loaded from its data file by
``load_edition``) to one enterprise's figures and returns an ``Assessment`` whose every
part carries a one-line Chinese explanation. No threshold is written here: they all come
from the edition file. Thresholds are inclusive (以上/不低于 include the number, Civil Code
art. 1259), money is ``Decimal`` and shares are compared exactly by cross-multiplying.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from shenbao.domain.catalog_assessment import (
    STATUS_LABELS,
    Assessment,
    CategoryOutcome,
    ConditionOutcome,
    ListingOutcome,
    Status,
)
from shenbao.domain.catalog_edition import (
    CASES_SUFFIX,
    EDITIONS_DIR,
    TIER_LABELS,
    Category,
    Condition,
    ConditionKind,
    Edition,
    EditionError,
    ListingTest,
    PotentialField,
    Subcategory,
    Tier,
    TierThreshold,
    UnknownEdition,
)
from shenbao.domain.catalog_figures import (
    Figures,
    FiguresError,
    FigureSource,
    check_figures,
    parse_amount,
    parse_figures,
)
from shenbao.domain.catalog_loader import list_editions, load_edition, load_edition_file

__all__ = [
    "CASES_SUFFIX",
    "STATUS_LABELS",
    "EDITIONS_DIR",
    "TIER_LABELS",
    "Assessment",
    "Category",
    "CategoryOutcome",
    "Condition",
    "ConditionKind",
    "ConditionOutcome",
    "Edition",
    "EditionError",
    "FigureSource",
    "Figures",
    "FiguresError",
    "ListingOutcome",
    "ListingTest",
    "PotentialField",
    "Status",
    "Subcategory",
    "Tier",
    "TierThreshold",
    "UnknownEdition",
    "assess",
    "assess_object",
    "check_figures",
    "list_editions",
    "load_edition",
    "load_edition_file",
    "parse_amount",
    "parse_figures",
]


def assess(figures: Figures, edition: Edition) -> Assessment:
    """Apply ``edition`` to ``figures``; raises ``FiguresError`` when they do not fit the edition."""
    check_figures(figures, edition)
    tests = tuple(_listing_outcome(test, figures) for test in edition.listing_tests)
    listed = any(test.holds for test in tests)
    met = "、".join(f"（{test.number}）" for test in tests if test.holds)
    if listed:
        listing_explanation = f"结论：满足列入标准{met}，列入《{edition.short_title}》。"
    else:
        listing_explanation = f"结论：不满足任何一项列入标准，未列入《{edition.short_title}》。"
    return Assessment(
        name=figures.name,
        edition=edition.code,
        edition_title=edition.title,
        data_year=figures.data_year,
        source=figures.source,
        provisional=figures.is_self_declared,
        listed=listed,
        tests=tests,
        categories=tuple(_category_outcome(category, figures, listed) for category in edition.categories),
        potential_fields=figures.potential_fields,
        edition_explanation=_edition_line(edition, figures),
        source_explanation=_source_line(edition, figures),
        listing_explanation=listing_explanation,
        potential_explanation=_potential_line(edition, figures),
    )


def assess_object(obj: dict[str, object], edition: Edition) -> Assessment:
    """Parse a JSON-shaped object and assess it; raises ``FiguresError`` on bad input."""
    return assess(parse_figures(obj, edition), edition)


def _listing_outcome(test: ListingTest, figures: Figures) -> ListingOutcome:
    revenue, offshore = figures.revenue_usd, figures.offshore_revenue_usd
    revenue_ok = revenue >= test.min_revenue_usd
    floor = f"{_usd(test.min_revenue_usd)} 美元"
    if revenue == 0:
        # No revenue, no share: the test cannot hold, and nothing is divided by zero.
        return ListingOutcome(
            number=test.number,
            holds=False,
            revenue_usd=revenue,
            offshore_revenue_usd=offshore,
            offshore_share=None,
            min_revenue_usd=test.min_revenue_usd,
            min_offshore_percent=test.min_offshore_percent,
            source=test.source,
            explanation=(
                f"列入标准（{test.number}）：服务外包业务额为 0 美元，低于 {floor}，无法计算境外最终客户占比，"
                f"不满足（{test.source}）。"
            ),
        )
    share = Fraction(offshore) * 100 / Fraction(revenue)
    # Exact comparison: offshore / revenue >= percent / 100, cross-multiplied, no rounding.
    share_ok = offshore * 100 >= test.min_offshore_percent * revenue
    holds = revenue_ok and share_ok
    explanation = (
        f"列入标准（{test.number}）：服务外包业务额 {_usd(revenue)} 美元"
        f" {'≥' if revenue_ok else '<'} {floor}；"
        f"境外最终客户业务额 {_usd(offshore)} 美元，占{_percent(share)}"
        f" {'≥' if share_ok else '<'} {_usd(test.min_offshore_percent)}%；"
        f"{'满足' if holds else '不满足'}（{test.source}）。"
    )
    return ListingOutcome(
        number=test.number,
        holds=holds,
        revenue_usd=revenue,
        offshore_revenue_usd=offshore,
        offshore_share=share,
        min_revenue_usd=test.min_revenue_usd,
        min_offshore_percent=test.min_offshore_percent,
        source=test.source,
        explanation=explanation,
    )


def _category_outcome(category: Category, figures: Figures, listed: bool) -> CategoryOutcome:
    export = figures.export_in(category.code)
    label = f"{category.name}（{category.code}）"
    reached = next((tier for tier in category.tiers if export >= tier.min_export_usd), None)
    if reached is not None:
        tier_line = (
            f"{label}出口额 {_usd(export)} 美元，达到{reached.authority}服务外包企业重点培育标准"
            f"（{_usd(reached.min_export_usd)} 美元以上）（{reached.source}）。"
        )
    else:
        lowest = category.tiers[-1]
        tier_line = (
            f"{label}出口额 {_usd(export)} 美元，未达到最低一档{lowest.authority}服务外包企业重点培育标准"
            f"（{_usd(lowest.min_export_usd)} 美元以上）（{lowest.source}）。"
        )
    conditions = tuple(_condition_outcome(condition, category, figures) for condition in category.conditions)
    granted: Tier | None = None
    if not listed:
        key_line = f"{category.code} 重点培育：企业未列入指导目录，不予认定。"
    elif reached is None:
        key_line = f"{category.code} 重点培育：出口额未达到任何一档标准，不予认定。"
    elif all(condition.status is Status.MET for condition in conditions):
        granted = reached.tier
        key_line = (
            f"{category.code} 重点培育：已列入指导目录，出口额和各项条件均满足，"
            f"认定为{reached.authority}服务外包企业重点培育对象（{TIER_LABELS[reached.tier]}）。"
        )
    else:
        gaps = "；".join(
            f"{STATUS_LABELS[status]}：{'、'.join(c.label for c in conditions if c.status is status)}"
            for status in (Status.NOT_MET, Status.UNKNOWN)
            if any(c.status is status for c in conditions)
        )
        key_line = f"{category.code} 重点培育：出口额达到{reached.authority}一档，但条件未全部满足（{gaps}），不予认定。"
    return CategoryOutcome(
        code=category.code,
        name=category.name,
        export_usd=export,
        export_tier=reached.tier if reached is not None else None,
        key_cultivation=granted,
        conditions=conditions,
        tier_explanation=tier_line,
        key_cultivation_explanation=key_line,
    )


def _condition_outcome(condition: Condition, category: Category, figures: Figures) -> ConditionOutcome:
    status, detail = _check_condition(condition, category, figures)
    what = _condition_label(condition)
    return ConditionOutcome(
        kind=condition.kind,
        label=what,
        status=status,
        source=condition.source,
        explanation=(
            f"{category.code} 条件「{what}」：{detail}，{STATUS_LABELS[status]}（{condition.source}）。"
        ),
    )


def _check_condition(condition: Condition, category: Category, figures: Figures) -> tuple[Status, str]:
    code = category.code
    match condition.kind:
        case ConditionKind.ENGAGED:
            engaged = figures.is_engaged_in(code)
            if engaged is None:
                return Status.UNKNOWN, "未填写从事的外包类别"
            if engaged:
                return Status.MET, f"已申报从事{category.name}"
            declared = "、".join(figures.categories or ()) or "无"
            return Status.NOT_MET, f"未申报从事{category.name}（申报类别：{declared}）"
        case ConditionKind.LONG_TERM_CONTRACTS:
            held = figures.has_long_term_contracts(code)
            if condition.min_contract_years is None:
                length = "（附件未规定合同期限）"
            else:
                length = f"（{condition.min_contract_years}年以上）"
            if held is None:
                return Status.UNKNOWN, f"未填写是否签订中长期服务外包业务合同{length}"
            if held:
                return Status.MET, f"已签订中长期服务外包业务合同{length}"
            return Status.NOT_MET, f"未签订中长期服务外包业务合同{length}"
        case ConditionKind.CERTIFICATION:
            names = figures.certifications_in(code)
            if names is None:
                return Status.UNKNOWN, "未填写国际认证情况"
            if names:
                return Status.MET, f"已取得 {'、'.join(names)}"
            return Status.NOT_MET, f"未填写{code}领域的国际认证"
        case ConditionKind.COLLEGE_SHARE:
            return _check_college_share(condition, figures)


def _check_college_share(condition: Condition, figures: Figures) -> tuple[Status, str]:
    staff, college = figures.staff, figures.staff_college
    floor = condition.min_percent if condition.min_percent is not None else Decimal(0)
    if staff is None or college is None:
        return Status.UNKNOWN, "未填写员工总数或大专及以上学历员工人数"
    if staff == 0:
        return Status.UNKNOWN, "员工总数为 0，无法计算占比"
    share = Fraction(college * 100, staff)
    ok = college * 100 >= floor * staff
    detail = f"大专及以上学历员工 {college} 人 / 员工总数 {staff} 人，占{_percent(share)} {'≥' if ok else '<'} {_usd(floor)}%"
    return (Status.MET if ok else Status.NOT_MET), detail


def _condition_label(condition: Condition) -> str:
    match condition.kind:
        case ConditionKind.ENGAGED:
            return "从事该类服务外包"
        case ConditionKind.LONG_TERM_CONTRACTS:
            return "签订中长期服务外包业务合同"
        case ConditionKind.CERTIFICATION:
            return "取得相关领域国际认证"
        case ConditionKind.COLLEGE_SHARE:
            return f"大专及以上学历员工占{_usd(condition.min_percent)}%以上"


def _edition_line(edition: Edition, figures: Figures) -> str:
    who = f"「{figures.name}」" if figures.name else "该企业"
    return (
        f"依据《{edition.title}》（{edition.code}年版，{edition.source}）判定{who}，适用 {edition.data_year} 年数据；"
        "各项门槛含本数（以上、不低于均包括本数，民法典第一千二百五十九条）。"
    )


def _source_line(edition: Edition, figures: Figures) -> str:
    if figures.is_self_declared:
        return (
            f"数据来源：企业自报，尚未经{edition.basis_system}审定；{edition.basis_source}以审定通过的金额为准，"
            "本结论为临时结论。"
        )
    return f"数据来源：{edition.basis_system}审定通过的金额（{edition.basis_source}以审定金额为准）。"


def _potential_line(edition: Edition, figures: Figures) -> str:
    if not figures.potential_fields:
        return f"潜力领域：未申报（可申报：{'、'.join(edition.potential_field_names)}；{edition.potential_source}）。"
    return f"潜力领域：申报{'、'.join(figures.potential_fields)}（{edition.potential_source}）。"


def _usd(amount: Decimal | None) -> str:
    """``5200000`` as ``5,200,000``; cents kept as given."""
    return "" if amount is None else f"{amount:,f}"


def _percent(share: Fraction) -> str:
    """An exact share shown to two decimals, truncated so it never looks above a floor it misses."""
    shown = Decimal(math.floor(share * 100)) / 100
    prefix = " " if shown == share else "约 "
    return f"{prefix}{shown:f}%"
