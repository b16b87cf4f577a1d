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
from shenbao.domain.catalog_text import CatalogCode, catalog_line, part, part_words
from shenbao.domain.problems import Problem

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
        listing_line = catalog_line(CatalogCode.LISTED, met=met, short_title=edition.short_title)
    else:
        listing_line = catalog_line(CatalogCode.NOT_LISTED, short_title=edition.short_title)
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
        edition_line=_edition_line(edition, figures),
        source_line=_source_line(edition, figures),
        listing_line=listing_line,
        potential_line=_potential_line(edition, figures),
    )


def assess_object(obj: dict[str, object], edition: Edition) -> Assessment:
    """Parse a JSON-shaped object and assess it; raises ``FiguresError`` on bad input."""
    return assess(parse_figures(obj, edition), edition)


def _listing_outcome(test: ListingTest, figures: Figures) -> ListingOutcome:
    revenue, offshore = figures.revenue_usd, figures.offshore_revenue_usd
    revenue_ok = revenue >= test.min_revenue_usd
    floor = _usd(test.min_revenue_usd)
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
            line=catalog_line(
                CatalogCode.TEST_NO_REVENUE,
                number=test.number,
                floor=floor,
                verdict=_verdict(Status.NOT_MET),
                source=test.source,
            ),
        )
    share = Fraction(offshore) * 100 / Fraction(revenue)
    # Exact comparison: offshore / revenue >= percent / 100, cross-multiplied, no rounding.
    share_ok = offshore * 100 >= test.min_offshore_percent * revenue
    holds = revenue_ok and share_ok
    line = catalog_line(
        CatalogCode.TEST,
        number=test.number,
        revenue=_usd(revenue),
        revenue_sign=_sign(revenue_ok),
        floor=floor,
        offshore=_usd(offshore),
        share=_percent(share),
        share_sign=_sign(share_ok),
        min_percent=_usd(test.min_offshore_percent),
        verdict=_verdict(Status.MET if holds else Status.NOT_MET),
        source=test.source,
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
        line=line,
    )


def _category_outcome(category: Category, figures: Figures, listed: bool) -> CategoryOutcome:
    export = figures.export_in(category.code)
    reached = next((tier for tier in category.tiers if export >= tier.min_export_usd), None)
    shown = reached if reached is not None else category.tiers[-1]
    tier_line = catalog_line(
        CatalogCode.TIER_REACHED if reached is not None else CatalogCode.TIER_NOT_REACHED,
        category_name=category.name,
        category=category.code,
        export=_usd(export),
        authority=shown.authority,
        min_export=_usd(shown.min_export_usd),
        source=shown.source,
    )
    conditions = tuple(_condition_outcome(condition, category, figures) for condition in category.conditions)
    granted: Tier | None = None
    if not listed:
        key_line = catalog_line(CatalogCode.KEY_NOT_LISTED, category=category.code)
    elif reached is None:
        key_line = catalog_line(CatalogCode.KEY_NO_TIER, category=category.code)
    elif all(condition.status is Status.MET for condition in conditions):
        granted = reached.tier
        key_line = catalog_line(
            CatalogCode.KEY_GRANTED,
            category=category.code,
            authority=reached.authority,
            tier=TIER_LABELS[reached.tier],
        )
    else:
        not_met, unknown = (
            [condition.line.params["what"] for condition in conditions if condition.status is status]
            for status in (Status.NOT_MET, Status.UNKNOWN)
        )
        gaps = CatalogCode.KEY_GAPS if not_met and unknown else _ONE_GAP[bool(not_met)]
        key_line = catalog_line(
            gaps, category=category.code, authority=reached.authority, not_met=not_met, unknown=unknown
        )
    return CategoryOutcome(
        code=category.code,
        name=category.name,
        export_usd=export,
        export_tier=reached.tier if reached is not None else None,
        key_cultivation=granted,
        conditions=conditions,
        tier_line=tier_line,
        key_cultivation_line=key_line,
    )


def _condition_outcome(condition: Condition, category: Category, figures: Figures) -> ConditionOutcome:
    status, found = _check_condition(condition, category, figures)
    what = _condition_what(condition)
    line = catalog_line(
        CatalogCode.CONDITION,
        category=category.code,
        what=what,
        found=found,
        verdict=_verdict(status),
        source=condition.source,
    )
    return ConditionOutcome(
        kind=condition.kind,
        label=part_words(what),
        status=status,
        source=condition.source,
        line=line,
    )


Found = dict[str, object]  # what a condition's check found: a part (catalog_text.part)


def _check_condition(condition: Condition, category: Category, figures: Figures) -> tuple[Status, Found]:
    code = category.code
    match condition.kind:
        case ConditionKind.ENGAGED:
            engaged = figures.is_engaged_in(code)
            if engaged is None:
                return Status.UNKNOWN, part(CatalogCode.ENGAGED_UNKNOWN)
            if engaged:
                return Status.MET, part(CatalogCode.ENGAGED, category_name=category.name)
            declared = "、".join(figures.categories or ()) or "无"
            return Status.NOT_MET, part(
                CatalogCode.NOT_ENGAGED, category_name=category.name, declared=declared
            )
        case ConditionKind.LONG_TERM_CONTRACTS:
            held = figures.has_long_term_contracts(code)
            if condition.min_contract_years is None:
                length = part(CatalogCode.CONTRACT_LENGTH_ANY)
            else:
                length = part(CatalogCode.CONTRACT_LENGTH_YEARS, years=condition.min_contract_years)
            if held is None:
                return Status.UNKNOWN, part(CatalogCode.CONTRACTS_UNKNOWN, length=length)
            if held:
                return Status.MET, part(CatalogCode.CONTRACTS, length=length)
            return Status.NOT_MET, part(CatalogCode.NO_CONTRACTS, length=length)
        case ConditionKind.CERTIFICATION:
            names = figures.certifications_in(code)
            if names is None:
                return Status.UNKNOWN, part(CatalogCode.CERTIFICATION_UNKNOWN)
            if names:
                return Status.MET, part(CatalogCode.CERTIFIED, names="、".join(names))
            return Status.NOT_MET, part(CatalogCode.NOT_CERTIFIED, category=code)
        case ConditionKind.COLLEGE_SHARE:
            return _check_college_share(condition, figures)


def _check_college_share(condition: Condition, figures: Figures) -> tuple[Status, Found]:
    staff, college = figures.staff, figures.staff_college
    floor = condition.min_percent if condition.min_percent is not None else Decimal(0)
    if staff is None or college is None:
        return Status.UNKNOWN, part(CatalogCode.STAFF_UNKNOWN)
    if staff == 0:
        return Status.UNKNOWN, part(CatalogCode.STAFF_ZERO)
    share = Fraction(college * 100, staff)
    ok = college * 100 >= floor * staff
    found = part(
        CatalogCode.COLLEGE_SHARE,
        college=college,
        staff=staff,
        share=_percent(share),
        share_sign=_sign(ok),
        floor=_usd(floor),
    )
    return (Status.MET if ok else Status.NOT_MET), found


def _condition_what(condition: Condition) -> dict[str, object]:
    match condition.kind:
        case ConditionKind.ENGAGED:
            return part(CatalogCode.WHAT_ENGAGED)
        case ConditionKind.LONG_TERM_CONTRACTS:
            return part(CatalogCode.WHAT_CONTRACTS)
        case ConditionKind.CERTIFICATION:
            return part(CatalogCode.WHAT_CERTIFICATION)
        case ConditionKind.COLLEGE_SHARE:
            return part(CatalogCode.WHAT_COLLEGE_SHARE, percent=_usd(condition.min_percent))


def _verdict(status: Status) -> dict[str, object]:
    return part(_VERDICTS[status])


_VERDICTS = {
    Status.MET: CatalogCode.VERDICT_MET,
    Status.NOT_MET: CatalogCode.VERDICT_NOT_MET,
    Status.UNKNOWN: CatalogCode.VERDICT_UNKNOWN,
}


# Only some conditions unmet, or only some unknown.
_ONE_GAP = {True: CatalogCode.KEY_GAPS_NOT_MET, False: CatalogCode.KEY_GAPS_UNKNOWN}


def _sign(holds: bool) -> str:
    return "≥" if holds else "<"


def _edition_line(edition: Edition, figures: Figures) -> Problem:
    params: dict[str, object] = {
        "title": edition.title,
        "edition": edition.code,
        "source": edition.source,
        "data_year": edition.data_year,
    }
    if figures.name:
        return catalog_line(CatalogCode.EDITION_NAMED, name=figures.name, **params)
    return catalog_line(CatalogCode.EDITION, **params)


def _source_line(edition: Edition, figures: Figures) -> Problem:
    code = CatalogCode.SOURCE_SELF_DECLARED if figures.is_self_declared else CatalogCode.SOURCE_APPROVED
    return catalog_line(code, basis_system=edition.basis_system, basis_source=edition.basis_source)


def _potential_line(edition: Edition, figures: Figures) -> Problem:
    if not figures.potential_fields:
        names = "、".join(edition.potential_field_names)
        return catalog_line(CatalogCode.POTENTIAL_NONE, names=names, source=edition.potential_source)
    fields = "、".join(figures.potential_fields)
    return catalog_line(CatalogCode.POTENTIAL, fields=fields, source=edition.potential_source)


def _usd(amount: Decimal | None) -> str:
    """``5200000`` as ``5,200,000``; cents kept as given."""
    return "" if amount is None else f"{amount:,f}"


def _percent(share: Fraction) -> str:
    """An exact share shown to two decimals, truncated so it never looks above a floor it misses."""
    shown = Decimal(math.floor(share * 100)) / 100
    prefix = " " if shown == share else "约 "
    return f"{prefix}{shown:f}%"
