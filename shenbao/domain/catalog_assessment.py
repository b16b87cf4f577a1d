"""The result of applying a catalog edition: typed outcomes, each with its explanation, and a JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from shenbao.domain.catalog_edition import ConditionKind, Tier
from shenbao.domain.catalog_figures import FigureSource
from shenbao.domain.problems import Problem
from shenbao.domain.text import gettext_noop


class Status(StrEnum):
    """How a qualitative condition stands."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


STATUS_LABELS = {
    Status.MET: gettext_noop("满足"),
    Status.NOT_MET: gettext_noop("不满足"),
    Status.UNKNOWN: gettext_noop("未知"),
}


@dataclass(frozen=True, slots=True)
class ListingOutcome:
    """Whether one listing test holds, with the figures it used."""

    number: int
    holds: bool
    revenue_usd: Decimal
    offshore_revenue_usd: Decimal
    offshore_share: Fraction | None  # exact, in per cent; None when revenue is zero
    min_revenue_usd: Decimal
    min_offshore_percent: Decimal
    source: str
    line: Problem  # its explanation, rendered from a code (catalog_text)

    @property
    def explanation(self) -> str:
        return self.line.message


@dataclass(frozen=True, slots=True)
class ConditionOutcome:
    kind: ConditionKind
    label: str  # short Chinese name of the condition, e.g. 取得相关领域国际认证
    status: Status
    source: str
    line: Problem

    @property
    def explanation(self) -> str:
        return self.line.message


@dataclass(frozen=True, slots=True)
class CategoryOutcome:
    """One category (ITO/BPO/KPO): the export tier reached and the key-cultivation result."""

    code: str
    name: str
    export_usd: Decimal
    export_tier: Tier | None  # the highest tier whose threshold the export reaches
    key_cultivation: Tier | None  # export_tier, only when listed and every condition is met
    conditions: tuple[ConditionOutcome, ...]
    tier_line: Problem
    key_cultivation_line: Problem

    @property
    def tier_explanation(self) -> str:
        return self.tier_line.message

    @property
    def key_cultivation_explanation(self) -> str:
        return self.key_cultivation_line.message

    @property
    def are_conditions_met(self) -> bool:
        return all(condition.status is Status.MET for condition in self.conditions)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The catalog decision for one enterprise under one edition."""

    name: str
    edition: str
    edition_title: str
    data_year: int
    source: FigureSource
    provisional: bool
    listed: bool
    tests: tuple[ListingOutcome, ...]
    categories: tuple[CategoryOutcome, ...]
    potential_fields: tuple[str, ...]
    edition_line: Problem
    source_line: Problem
    listing_line: Problem
    potential_line: Problem

    @property
    def edition_explanation(self) -> str:
        return self.edition_line.message

    @property
    def source_explanation(self) -> str:
        return self.source_line.message

    @property
    def listing_explanation(self) -> str:
        return self.listing_line.message

    @property
    def potential_explanation(self) -> str:
        return self.potential_line.message

    @property
    def tests_met(self) -> list[int]:
        return [test.number for test in self.tests if test.holds]

    @property
    def export_tier(self) -> dict[str, Tier | None]:
        return {category.code: category.export_tier for category in self.categories}

    @property
    def key_cultivation(self) -> dict[str, Tier | None]:
        return {category.code: category.key_cultivation for category in self.categories}

    @property
    def lines(self) -> list[Problem]:
        """Every line of the explanation, in reading order, each rendered from its code when shown."""
        lines = [self.edition_line, self.source_line]
        lines += [test.line for test in self.tests]
        lines.append(self.listing_line)
        for category in self.categories:
            lines.append(category.tier_line)
            lines += [condition.line for condition in category.conditions]
            lines.append(category.key_cultivation_line)
        lines.append(self.potential_line)
        return lines

    @property
    def explanation(self) -> list[str]:
        """Every line of the explanation in Chinese, in reading order."""
        return [line.message for line in self.lines]

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (amounts as strings); the CLI prints it and the web may render it."""
        return {
            "name": self.name,
            "edition": self.edition,
            "data_year": self.data_year,
            "listed": self.listed,
            "tests_met": self.tests_met,
            "tests": [
                {
                    "number": test.number,
                    "holds": test.holds,
                    "revenue_usd": str(test.revenue_usd),
                    "offshore_revenue_usd": str(test.offshore_revenue_usd),
                    "min_revenue_usd": str(test.min_revenue_usd),
                    "min_offshore_percent": str(test.min_offshore_percent),
                    "source": test.source,
                }
                for test in self.tests
            ],
            "export_usd": {category.code: str(category.export_usd) for category in self.categories},
            "export_tier": _tier_values(self.export_tier),
            "key_cultivation": _tier_values(self.key_cultivation),
            "conditions": {
                category.code: {
                    condition.kind.value: condition.status.value for condition in category.conditions
                }
                for category in self.categories
            },
            "potential_fields": list(self.potential_fields),
            "provisional": self.provisional,
            "source": self.source.value,
            "explanation": self.explanation,
        }


def _tier_values(tiers: dict[str, Tier | None]) -> dict[str, str | None]:
    return {code: (tier.value if tier is not None else None) for code, tier in tiers.items()}
