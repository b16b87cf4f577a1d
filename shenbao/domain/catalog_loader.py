"""Loading and validating catalog edition files (TOML, one per edition, in ``editions/``).

An edition file is refused as a whole when any field is missing, mistyped, unknown or
inconsistent; ``EditionError`` names the file and the field (``2016.toml:
categories[0].key_cultivation.tiers[1].min_export_usd``) so whoever adds next year's
edition sees at once what to fix.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from shenbao.domain.catalog_edition import (
    CASES_SUFFIX,
    EDITIONS_DIR,
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


def list_editions(directory: Path = EDITIONS_DIR) -> list[str]:
    """The codes of the editions shipped in ``directory``, oldest first."""
    return sorted(
        path.name.removesuffix(".toml")
        for path in directory.glob("*.toml")
        if not path.name.endswith(CASES_SUFFIX)
    )


def load_edition(code: str) -> Edition:
    """The shipped edition ``code`` (e.g. ``"2016"``); raises ``UnknownEdition``."""
    available = list_editions()
    if code not in available:
        raise UnknownEdition(code, available)
    return _load_shipped(code)


@cache
def _load_shipped(code: str) -> Edition:
    return load_edition_file(EDITIONS_DIR / f"{code}.toml")


def load_edition_file(path: Path) -> Edition:
    """Read and validate one edition file; raises ``EditionError`` naming the file and field."""
    reader = _Reader(path.name)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise EditionError(path.name, "(文件)", f"不是有效的 TOML：{error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise EditionError(path.name, "(文件)", f"无法读取：{error}") from error
    return reader.edition(raw, expected_code=path.name.removesuffix(".toml"))


class _Reader:
    """Typed access to the parsed TOML, raising ``EditionError`` with the field's path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, field: str, message: str) -> EditionError:
        return EditionError(self.file, field, message)

    def table(
        self, value: object, field: str, required: Collection[str], optional: Collection[str] = ()
    ) -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(field, "应为表（table）")
        for key in sorted(required):
            if key not in value:
                raise self.fail(_join(field, key), "缺少此字段")
        for key in value:
            if key not in required and key not in optional:
                raise self.fail(_join(field, key), "未知字段")
        return value

    def text(self, table: dict[str, object], key: str, field: str) -> str:
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(_join(field, key), "应为非空字符串")
        return value

    def integer(self, table: dict[str, object], key: str, field: str, minimum: int = 0) -> int:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(_join(field, key), "应为整数")
        if value < minimum:
            raise self.fail(_join(field, key), f"不能小于 {minimum}")
        return value

    def amount(
        self, table: dict[str, object], key: str, field: str, maximum: Decimal | None = None
    ) -> Decimal:
        value = table[key]
        where = _join(field, key)
        if isinstance(value, float):
            raise self.fail(where, "金额和比例不得写成浮点数，请写整数或带引号的十进制字符串")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise self.fail(where, "应为整数或十进制字符串")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.fail(where, f"不是有效的数字：{value!r}") from None
        if not number.is_finite() or number <= 0:
            raise self.fail(where, "应为正数")
        if maximum is not None and number > maximum:
            raise self.fail(where, f"不能大于 {maximum}")
        return number

    def list_of(self, table: dict[str, object], key: str, field: str) -> list[object]:
        value = table[key]
        if not isinstance(value, list) or not value:
            raise self.fail(_join(field, key), "应为非空列表")
        return value

    def edition(self, raw: dict[str, object], expected_code: str) -> Edition:
        root = self.table(
            raw,
            "",
            {
                "code",
                "data_year",
                "title",
                "short_title",
                "source",
                "preamble",
                "basis",
                "listing_tests",
                "categories",
                "potential",
            },
        )
        code = self.text(root, "code", "")
        if code != expected_code:
            raise self.fail("code", f"版本号 {code!r} 与文件名 {expected_code!r} 不一致")
        preamble = tuple(
            self.string_item(item, f"preamble[{i}]")
            for i, item in enumerate(self.list_of(root, "preamble", ""))
        )
        basis = self.table(root["basis"], "basis", {"text", "system", "source"})
        tests = tuple(
            self.listing_test(item, f"listing_tests[{i}]")
            for i, item in enumerate(self.list_of(root, "listing_tests", ""))
        )
        if [test.number for test in tests] != list(range(1, len(tests) + 1)):
            raise self.fail("listing_tests", "标准应按 1、2、3… 依次编号")
        categories = tuple(
            self.category(item, f"categories[{i}]")
            for i, item in enumerate(self.list_of(root, "categories", ""))
        )
        codes = [category.code for category in categories]
        if len(set(codes)) != len(codes):
            raise self.fail("categories", f"类别代码重复：{codes}")
        potential = self.table(root["potential"], "potential", {"heading", "source", "fields"})
        fields = tuple(
            self.potential_field(item, f"potential.fields[{i}]")
            for i, item in enumerate(self.list_of(potential, "fields", "potential"))
        )
        return Edition(
            code=code,
            data_year=self.integer(root, "data_year", "", minimum=2000),
            title=self.text(root, "title", ""),
            short_title=self.text(root, "short_title", ""),
            source=self.text(root, "source", ""),
            preamble=preamble,
            basis_text=self.text(basis, "text", "basis"),
            basis_system=self.text(basis, "system", "basis"),
            basis_source=self.text(basis, "source", "basis"),
            listing_tests=tests,
            categories=categories,
            potential_heading=self.text(potential, "heading", "potential"),
            potential_source=self.text(potential, "source", "potential"),
            potential_fields=fields,
            file=self.file,
        )

    def string_item(self, value: object, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "应为非空字符串")
        return value

    def listing_test(self, value: object, field: str) -> ListingTest:
        table = self.table(
            value, field, {"number", "min_revenue_usd", "min_offshore_percent", "text", "source"}
        )
        return ListingTest(
            number=self.integer(table, "number", field, minimum=1),
            min_revenue_usd=self.amount(table, "min_revenue_usd", field),
            min_offshore_percent=self.amount(table, "min_offshore_percent", field, maximum=Decimal(100)),
            text=self.text(table, "text", field),
            source=self.text(table, "source", field),
        )

    def category(self, value: object, field: str) -> Category:
        table = self.table(
            value,
            field,
            {
                "code",
                "name",
                "heading",
                "scope",
                "goals",
                "source",
                "subcategories",
                "conditions",
                "key_cultivation",
            },
        )
        subcategories = tuple(
            self.subcategory(item, f"{field}.subcategories[{i}]")
            for i, item in enumerate(self.list_of(table, "subcategories", field))
        )
        conditions = tuple(
            self.condition(item, f"{field}.conditions[{i}]")
            for i, item in enumerate(self.list_of(table, "conditions", field))
        )
        kinds = [condition.kind for condition in conditions]
        if len(set(kinds)) != len(kinds):
            raise self.fail(f"{field}.conditions", "同一类条件出现了两次")
        key_field = f"{field}.key_cultivation"
        key = self.table(table["key_cultivation"], key_field, {"text", "source", "tiers"})
        tiers = tuple(
            self.tier(item, f"{key_field}.tiers[{i}]")
            for i, item in enumerate(self.list_of(key, "tiers", key_field))
        )
        order = list(Tier)
        if [order.index(t.tier) for t in tiers] != sorted({order.index(t.tier) for t in tiers}):
            raise self.fail(f"{key_field}.tiers", "档次应按 national、municipal、district 的顺序各出现一次")
        amounts = [t.min_export_usd for t in tiers]
        if any(higher <= lower for higher, lower in zip(amounts, amounts[1:], strict=False)):
            raise self.fail(f"{key_field}.tiers", "高档次的出口额门槛应高于低档次")
        return Category(
            code=self.text(table, "code", field),
            name=self.text(table, "name", field),
            heading=self.text(table, "heading", field),
            scope=self.text(table, "scope", field),
            goals=self.text(table, "goals", field),
            source=self.text(table, "source", field),
            subcategories=subcategories,
            conditions=conditions,
            key_cultivation_text=self.text(key, "text", key_field),
            key_cultivation_source=self.text(key, "source", key_field),
            tiers=tiers,
        )

    def subcategory(self, value: object, field: str) -> Subcategory:
        table = self.table(value, field, {"name", "items", "source"})
        items = tuple(
            self.string_item(item, f"{field}.items[{i}]")
            for i, item in enumerate(self.list_of(table, "items", field))
        )
        return Subcategory(
            name=self.text(table, "name", field), items=items, source=self.text(table, "source", field)
        )

    def condition(self, value: object, field: str) -> Condition:
        table = self.table(value, field, {"kind", "text", "source"}, {"min_contract_years", "min_percent"})
        raw_kind = self.text(table, "kind", field)
        try:
            kind = ConditionKind(raw_kind)
        except ValueError:
            known = "、".join(kind.value for kind in ConditionKind)
            raise self.fail(_join(field, "kind"), f"未知条件 {raw_kind!r}（可用：{known}）") from None
        min_years = None
        if "min_contract_years" in table:
            if kind is not ConditionKind.LONG_TERM_CONTRACTS:
                raise self.fail(_join(field, "min_contract_years"), "只适用于 long_term_contracts 条件")
            min_years = self.integer(table, "min_contract_years", field, minimum=1)
        min_percent = None
        if kind is ConditionKind.COLLEGE_SHARE:
            if "min_percent" not in table:
                raise self.fail(_join(field, "min_percent"), "college_share 条件缺少此字段")
            min_percent = self.amount(table, "min_percent", field, maximum=Decimal(100))
        elif "min_percent" in table:
            raise self.fail(_join(field, "min_percent"), "只适用于 college_share 条件")
        return Condition(
            kind=kind,
            text=self.text(table, "text", field),
            source=self.text(table, "source", field),
            min_contract_years=min_years,
            min_percent=min_percent,
        )

    def tier(self, value: object, field: str) -> TierThreshold:
        table = self.table(value, field, {"tier", "authority", "min_export_usd", "source"})
        raw_tier = self.text(table, "tier", field)
        try:
            tier = Tier(raw_tier)
        except ValueError:
            raise self.fail(
                _join(field, "tier"), f"未知档次 {raw_tier!r}（可用：national、municipal、district）"
            ) from None
        return TierThreshold(
            tier=tier,
            authority=self.text(table, "authority", field),
            min_export_usd=self.amount(table, "min_export_usd", field),
            source=self.text(table, "source", field),
        )

    def potential_field(self, value: object, field: str) -> PotentialField:
        table = self.table(value, field, {"name", "scope", "goals", "source"})
        return PotentialField(
            name=self.text(table, "name", field),
            scope=self.text(table, "scope", field),
            goals=self.text(table, "goals", field),
            source=self.text(table, "source", field),
        )


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key
