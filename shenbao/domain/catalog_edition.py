"""Catalog editions (附件5 and its successors) as typed, frozen data; loaded by ``catalog_loader``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from shenbao.domain.text import gettext_noop

EDITIONS_DIR = Path(__file__).parent / "editions"
CASES_SUFFIX = ".cases.toml"


class Tier(StrEnum):
    """Key-cultivation tiers, highest first (商务部 / 上海市 / 区县)."""

    NATIONAL = "national"
    MUNICIPAL = "municipal"
    DISTRICT = "district"


TIER_LABELS: Mapping[Tier, str] = {
    Tier.NATIONAL: gettext_noop("商务部重点培育"),
    Tier.MUNICIPAL: gettext_noop("上海市重点培育"),
    Tier.DISTRICT: gettext_noop("区县重点培育"),
}


class ConditionKind(StrEnum):
    """The qualitative key-cultivation conditions shenbao knows how to check."""

    ENGAGED = "engaged"  # 从事该类外包
    LONG_TERM_CONTRACTS = "long_term_contracts"  # 中长期服务外包业务合同
    CERTIFICATION = "certification"  # 相关领域国际认证
    COLLEGE_SHARE = "college_share"  # 大专及以上学历员工占比


class EditionError(ValueError):
    """An edition file cannot be used; the message names the file and the field."""

    def __init__(self, file: str, field: str, message: str) -> None:
        super().__init__(f"{file}: {field}: {message}")
        self.file = file
        self.field = field
        self.message = message


class UnknownEdition(LookupError):
    """No edition file with that code ships with shenbao."""

    def __init__(self, code: str, available: list[str]) -> None:
        super().__init__(f"没有 {code} 年版指导目录；现有版本：{'、'.join(available) or '无'}")
        self.code = code
        self.available = available


@dataclass(frozen=True, slots=True)
class ListingTest:
    """One of the alternative tests for being listed in the catalog."""

    number: int
    min_revenue_usd: Decimal
    min_offshore_percent: Decimal
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class TierThreshold:
    tier: Tier
    authority: str
    min_export_usd: Decimal
    source: str


@dataclass(frozen=True, slots=True)
class Condition:
    kind: ConditionKind
    text: str
    source: str
    min_contract_years: int | None = None  # only for LONG_TERM_CONTRACTS, when the edition gives one
    min_percent: Decimal | None = None  # only for COLLEGE_SHARE


@dataclass(frozen=True, slots=True)
class Subcategory:
    name: str
    items: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Category:
    """ITO, BPO or KPO: the taxonomy, the qualitative conditions and the export tiers."""

    code: str
    name: str
    heading: str
    scope: str
    goals: str
    source: str
    subcategories: tuple[Subcategory, ...]
    conditions: tuple[Condition, ...]
    key_cultivation_text: str
    key_cultivation_source: str
    tiers: tuple[TierThreshold, ...]  # highest threshold first

    @property
    def cultivation_paragraphs(self) -> tuple[str, ...]:
        """The 培育重点 paragraphs in the attachment's order (the tiers paragraph sits among the conditions)."""
        texts = [condition.text for condition in self.conditions] + [self.key_cultivation_text]
        return tuple(sorted(texts, key=_paragraph_number))


@dataclass(frozen=True, slots=True)
class PotentialField:
    name: str
    scope: str
    goals: str
    source: str


@dataclass(frozen=True, slots=True)
class Edition:
    code: str
    data_year: int
    title: str
    short_title: str
    source: str
    preamble: tuple[str, ...]
    basis_text: str
    basis_system: str
    basis_source: str
    listing_tests: tuple[ListingTest, ...]
    categories: tuple[Category, ...]
    potential_heading: str
    potential_source: str
    potential_fields: tuple[PotentialField, ...]
    file: str

    @property
    def category_codes(self) -> tuple[str, ...]:
        return tuple(category.code for category in self.categories)

    @property
    def potential_field_names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.potential_fields)

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(code)


def _paragraph_number(text: str) -> int:
    digits = re.match(r"\s*(\d+)", text)
    return int(digits.group(1)) if digits else 0
