"""An enterprise's business figures for one data year, parsed from the JSON object shape.

``parse_figures`` accepts what other tools and web forms send (amounts as strings or
numbers, full-width digits, thousands separators) and either returns ``Figures`` or raises
``FiguresError`` naming the field, in Chinese. Missing qualitative fields are kept as
``None`` (unknown), never guessed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from shenbao.domain.catalog_edition import Edition


class FigureSource(StrEnum):
    """Where the figures come from; 附件5 counts only amounts approved in the statistics system."""

    STATISTICS = "statistics"  # 商务部服务外包业务管理和统计系统审定
    SELF = "self"  # 企业自报


class FiguresError(ValueError):
    """The figures cannot be assessed; ``field`` names the offending field, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}：{message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Figures:
    """Business figures of one enterprise for one data year (amounts in USD)."""

    name: str
    data_year: int
    revenue_usd: Decimal
    offshore_revenue_usd: Decimal
    export_usd: Mapping[str, Decimal] = field(default_factory=dict)  # a missing category exported nothing
    staff: int | None = None
    staff_college: int | None = None
    # None means unknown. A plain tuple is held in every declared category; a mapping is per
    # category, and a category it leaves out holds none.
    certifications: Mapping[str, tuple[str, ...]] | tuple[str, ...] | None = None
    # None means unknown; a bool answers for every category; a mapping answers per category
    # and leaves the others unknown.
    long_term_contracts: Mapping[str, bool] | bool | None = None
    categories: tuple[str, ...] | None = None  # None means unknown
    potential_fields: tuple[str, ...] = ()
    source: FigureSource = FigureSource.SELF

    @property
    def is_self_declared(self) -> bool:
        return self.source is FigureSource.SELF

    def export_in(self, category: str) -> Decimal:
        return self.export_usd.get(category, Decimal(0))

    def is_engaged_in(self, category: str) -> bool | None:
        return None if self.categories is None else category in self.categories

    def certifications_in(self, category: str) -> tuple[str, ...] | None:
        if self.certifications is None:
            return None
        if isinstance(self.certifications, tuple):
            engaged = self.is_engaged_in(category)
            return self.certifications if engaged in (True, None) else ()
        return self.certifications.get(category, ())

    def has_long_term_contracts(self, category: str) -> bool | None:
        if self.long_term_contracts is None or isinstance(self.long_term_contracts, bool):
            return self.long_term_contracts
        return self.long_term_contracts.get(category)


FIELDS = (
    "name",
    "data_year",
    "revenue_usd",
    "offshore_revenue_usd",
    "export_usd",
    "staff",
    "staff_college",
    "certifications",
    "long_term_contracts",
    "categories",
    "potential_fields",
    "source",
)


def parse_figures(obj: Mapping[str, object], edition: Edition | None = None) -> Figures:
    """Figures from a JSON-shaped object; with ``edition``, also checked against it.

    Without an edition, category codes and potential fields are not checked; ``assess``
    checks them (and the data year) before deciding anything.
    """
    if not isinstance(obj, Mapping):
        raise FiguresError("(对象)", "应为 JSON 对象（{…}）")
    for key in obj:
        if key not in FIELDS:
            raise FiguresError(str(key), f"未知字段（可用字段：{'、'.join(FIELDS)}）")
    name = obj.get("name", "")
    if name is None:
        name = ""
    if not isinstance(name, str):
        raise FiguresError("name", "应为字符串")
    if "data_year" not in obj:
        raise FiguresError("data_year", "缺少数据年度")
    data_year = _count(obj["data_year"], "data_year")
    revenue = _required_amount(obj, "revenue_usd")
    offshore = _required_amount(obj, "offshore_revenue_usd")
    if offshore > revenue:
        raise FiguresError(
            "offshore_revenue_usd",
            f"境外最终客户业务额 {offshore} 美元大于服务外包业务额 {revenue} 美元，请核对",
        )
    export = _export(obj.get("export_usd"))
    staff = _optional_count(obj.get("staff"), "staff")
    staff_college = _optional_count(obj.get("staff_college"), "staff_college")
    if staff is not None and staff_college is not None and staff_college > staff:
        raise FiguresError(
            "staff_college", f"大专及以上学历员工 {staff_college} 人多于员工总数 {staff} 人，请核对"
        )
    categories = _categories(obj.get("categories"))
    figures = Figures(
        name=name.strip(),
        data_year=data_year,
        revenue_usd=revenue,
        offshore_revenue_usd=offshore,
        export_usd=export,
        staff=staff,
        staff_college=staff_college,
        certifications=_certifications(obj.get("certifications")),
        long_term_contracts=_contracts(obj.get("long_term_contracts")),
        categories=categories,
        potential_fields=_strings(obj.get("potential_fields", []), "potential_fields") or (),
        source=_source(obj.get("source")),
    )
    if edition is not None:
        check_figures(figures, edition)
    return figures


def check_figures(figures: Figures, edition: Edition) -> None:
    """Raise ``FiguresError`` when the figures do not fit the edition (year, categories, fields)."""
    if figures.data_year != edition.data_year:
        raise FiguresError(
            "data_year",
            f"{edition.code}年版指导目录适用 {edition.data_year} 年数据，所给数据年度为 {figures.data_year} 年",
        )
    known = edition.category_codes
    places = [(f"export_usd.{code}", code) for code in figures.export_usd]
    places += [(f"categories[{index}]", code) for index, code in enumerate(figures.categories or ())]
    if isinstance(figures.certifications, Mapping):
        places += [(f"certifications.{code}", code) for code in figures.certifications]
    if isinstance(figures.long_term_contracts, Mapping):
        places += [(f"long_term_contracts.{code}", code) for code in figures.long_term_contracts]
    for place, code in places:
        if code not in known:
            raise FiguresError(
                place, f"未知类别 {code!r}（{edition.code}年版指导目录的类别：{'、'.join(known)}）"
            )
    for name in figures.potential_fields:
        if name not in edition.potential_field_names:
            allowed = "、".join(edition.potential_field_names)
            raise FiguresError("potential_fields", f"未知潜力领域 {name!r}（可选：{allowed}）")


def parse_amount(value: object, field: str) -> Decimal:
    """A non-negative amount in USD from a string, an integer or a Decimal; never via float."""
    if isinstance(value, bool) or value is None:
        raise FiguresError(field, "应为金额（数字或数字字符串）")
    if isinstance(value, float):
        # A JSON reader without parse_float=Decimal gives floats; their shortest repr is what was typed.
        value = repr(value)
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace("_", "")
        if not text:
            raise FiguresError(field, "金额为空")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise FiguresError(field, f"不是有效的金额：{value!r}") from None
    else:
        raise FiguresError(field, "应为金额（数字或数字字符串）")
    if not number.is_finite():
        raise FiguresError(field, f"不是有效的金额：{value!r}")
    if number < 0:
        raise FiguresError(field, f"金额不能为负数：{value}")
    return number


def _required_amount(obj: Mapping[str, object], key: str) -> Decimal:
    if key not in obj or obj[key] is None:
        raise FiguresError(key, "缺少此金额")
    return parse_amount(obj[key], key)


def _count(value: object, field: str) -> int:
    if isinstance(value, bool):
        raise FiguresError(field, "应为整数")
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text.isdigit():
            raise FiguresError(field, f"应为非负整数：{value!r}")
        return int(text)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int):
        raise FiguresError(field, "应为整数")
    if value < 0:
        raise FiguresError(field, f"不能为负数：{value}")
    return value


def _optional_count(value: object, field: str) -> int | None:
    return None if value is None else _count(value, field)


def _export(value: object) -> dict[str, Decimal]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise FiguresError("export_usd", '应为按类别填写的对象，例如 {"ITO": "1200000"}')
    return {str(code).upper(): parse_amount(amount, f"export_usd.{code}") for code, amount in value.items()}


def _strings(value: object, field: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise FiguresError(field, "应为字符串列表")
    result: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise FiguresError(f"{field}[{index}]", "应为非空字符串")
        result.append(item.strip())
    return tuple(result)


def _categories(value: object) -> tuple[str, ...] | None:
    codes = _strings(value, "categories")
    return None if codes is None else tuple(code.upper() for code in codes)


def _certifications(value: object) -> dict[str, tuple[str, ...]] | tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, list):
        return _strings(value, "certifications")
    if not isinstance(value, Mapping):
        raise FiguresError("certifications", '应为列表或按类别填写的对象，例如 {"ITO": ["CMMI3"]}')
    return {
        str(code).upper(): _strings(names, f"certifications.{code}") or () for code, names in value.items()
    }


def _contracts(value: object) -> dict[str, bool] | bool | None:
    if value is None or isinstance(value, bool):
        return value
    if not isinstance(value, Mapping):
        raise FiguresError("long_term_contracts", "应为 true/false，或按类别填写的对象")
    result: dict[str, bool] = {}
    for code, held in value.items():
        if not isinstance(held, bool):
            raise FiguresError(f"long_term_contracts.{code}", "应为 true 或 false")
        result[str(code).upper()] = held
    return result


def _source(value: object) -> FigureSource:
    if value is None:
        return FigureSource.SELF
    for source in FigureSource:
        if value == source.value:
            return source
    raise FiguresError("source", f'应为 "statistics"（统计系统审定）或 "self"（自报），而非 {value!r}')
