"""Approved figures from the statistics system's export: a sheet in, rows ready to store and problems out.

Nothing is written here and nothing is looked up in the database: the caller passes
``find_organisations`` (organisation codes → the organisations registered under them). A file
with any problem imports nothing, so every problem is listed at once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from shenbao.domain.catalog import Figures, FiguresError, parse_amount, parse_figures
from shenbao.domain.identity import InvalidIdentifier, validate_credit_code
from shenbao.domain.problems import Problem, Severity, render_zh
from shenbao.domain.sheets import HEADER_ALLOWANCE

CODE = "统一社会信用代码"
NAME = "企业名称"
YEAR = "年度"
REVENUE = "服务外包业务额（美元）"
OFFSHORE = "离岸业务额（美元）"
STAFF = "员工总数"
COLLEGE = "大专及以上学历员工数"
MIN_YEAR, MAX_YEAR = 2000, 2100
AMOUNT_LIMIT = Decimal(10) ** 14  # BusinessFigures amounts hold 14 digits before the point


class ImportCode(StrEnum):
    FILE_EMPTY = "import_file_empty"
    HEADER_NOT_FOUND = "import_header_not_found"
    COLUMN_MISSING = "import_column_missing"
    NO_DATA_ROWS = "import_no_data_rows"
    CREDIT_CODE_INVALID = "import_credit_code_invalid"
    ENTERPRISE_NOT_FOUND = "import_enterprise_not_found"
    NOT_AN_ENTERPRISE = "import_not_an_enterprise"
    FIGURE_INVALID = "import_figure_invalid"
    COUNT_INVALID = "import_count_invalid"
    AMOUNT_MISSING = "import_amount_missing"
    YEAR_MISSING = "import_year_missing"
    YEAR_OUT_OF_RANGE = "import_year_out_of_range"
    ROW_DUPLICATED = "import_row_duplicated"


# {detail} is the reason the figures rules or the credit-code check gave (in Chinese: they have no code).
IMPORT_MESSAGES: dict[ImportCode, str] = {
    ImportCode.FILE_EMPTY: "文件是空的，请按模板填写后再上传",
    ImportCode.HEADER_NOT_FOUND: "找不到表头行（应含「{header}」列），请使用导入模板",
    ImportCode.COLUMN_MISSING: "缺少列：{columns}，请使用导入模板",
    ImportCode.NO_DATA_ROWS: "表头下没有数据行",
    ImportCode.CREDIT_CODE_INVALID: "{detail}",
    ImportCode.ENTERPRISE_NOT_FOUND: "本系统中没有统一社会信用代码为 {credit_code} 的企业，请确认该企业已注册",
    ImportCode.NOT_AN_ENTERPRISE: "{name} 是培训机构，不导入业务数据",
    ImportCode.FIGURE_INVALID: "{detail}",
    ImportCode.COUNT_INVALID: "应填写非负整数（{detail}）",
    ImportCode.AMOUNT_MISSING: "缺少此金额",
    ImportCode.YEAR_MISSING: "缺少年度",
    ImportCode.YEAR_OUT_OF_RANGE: "年度 {year} 不是有效的年份",
    ImportCode.ROW_DUPLICATED: "与第 {first_row} 行为同一企业同一年度，每家企业每年只能有一行",
}


def import_problem(
    code: ImportCode, *, row: int | None = None, column: str | None = None, **params: object
) -> Problem:
    """The page shows row and column in their own cells, so the words carry no 第 n 行."""
    return Problem(code, Severity.ERROR, row, column, "", render_zh(IMPORT_MESSAGES[code], params), params)


@dataclass(frozen=True, slots=True)
class Registered:
    """What the import needs of an organisation found by its code."""

    pk: int
    name: str
    is_enterprise: bool


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int
    organisation_id: int
    data_year: int
    revenue_usd: Decimal
    offshore_revenue_usd: Decimal
    export_usd: dict[str, Decimal]
    staff: int | None
    staff_college: int | None


@dataclass(slots=True)
class ImportCheck:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_ok(self) -> bool:
        return not self.problems and bool(self.rows)


FindOrganisations = Callable[[Collection[str]], Mapping[str, Registered]]


def export_column(code: str) -> str:
    return f"{code}出口额（美元）"


def import_columns(category_codes: Sequence[str]) -> list[tuple[str, bool]]:
    """(column, required) in the template's order."""
    exports = [(export_column(code), False) for code in category_codes]
    return [(CODE, True), (NAME, False), (YEAR, True), (REVENUE, True), (OFFSHORE, True), *exports,
            (STAFF, False), (COLLEGE, False)]  # fmt: skip


def check_storable(figures: Figures) -> None:
    """Amounts must fit BusinessFigures: at most two decimals, below 10^14 USD."""
    amounts = [("revenue_usd", figures.revenue_usd), ("offshore_revenue_usd", figures.offshore_revenue_usd)]
    amounts += [(f"export_usd.{code}", amount) for code, amount in figures.export_usd.items()]
    for name, amount in amounts:
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(Decimal("0.01")):
            raise FiguresError(name, f"金额最多保留两位小数（美分）：{amount}")
        if amount >= AMOUNT_LIMIT:
            raise FiguresError(name, f"金额过大：{amount}，请核对单位是否为美元")


def _key(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _number(value: object) -> object:
    """Spreadsheet numbers come as floats: whole ones become ints, blanks None."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def check_figures_sheet(
    rows: Sequence[Sequence[object]], *, category_codes: Sequence[str], find_organisations: FindOrganisations
) -> ImportCheck:
    """Every row of the sheet checked; the result holds rows or problems, never both."""
    check = ImportCheck()
    header_index = next(
        (i for i, row in enumerate(rows[:HEADER_ALLOWANCE]) if _key(CODE) in {_key(cell) for cell in row}),
        None,
    )
    if header_index is None:
        check.problems.append(import_problem(ImportCode.HEADER_NOT_FOUND, header=CODE))
        return check
    columns = import_columns(category_codes)
    wanted = {_key(name): name for name, _ in columns}
    positions: dict[str, int] = {}
    for index, cell in enumerate(rows[header_index]):
        name = wanted.get(_key(cell))
        if name is not None and name not in positions:
            positions[name] = index
    missing = [name for name, required in columns if required and name not in positions]
    if missing:
        check.problems.append(import_problem(ImportCode.COLUMN_MISSING, columns="、".join(missing)))
        return check
    records = []
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        values = {name: (cells[pos] if pos < len(cells) else "") for name, pos in positions.items()}
        if all(_text(value) == "" for value in values.values()):
            continue
        records.append((index + 1, values))
    if not records:
        check.problems.append(import_problem(ImportCode.NO_DATA_ROWS))
        return check
    check_figure_rows(records, check, category_codes=category_codes, find_organisations=find_organisations)
    if check.problems:
        check.rows.clear()
    return check


def check_figure_rows(
    records: list[tuple[int, dict[str, object]]],
    check: ImportCheck,
    *,
    category_codes: Sequence[str],
    find_organisations: FindOrganisations,
) -> None:
    """Each record's organisation, cells and figures; one row per enterprise and year."""
    codes = {}
    for row, values in records:
        try:
            codes[row] = validate_credit_code(_text(values[CODE]))
        except InvalidIdentifier as error:
            check.problems.append(
                import_problem(ImportCode.CREDIT_CODE_INVALID, row=row, column=CODE, detail=error.reason)
            )
    by_org_code = find_organisations({c[8:17] for c in codes.values()})
    seen: dict[tuple[int, int], int] = {}
    for row, values in records:
        organisation = by_org_code.get(codes[row][8:17]) if row in codes else None
        if row in codes and organisation is None:
            check.problems.append(
                import_problem(ImportCode.ENTERPRISE_NOT_FOUND, row=row, column=CODE, credit_code=codes[row])
            )
        elif organisation is not None and not organisation.is_enterprise:
            check.problems.append(
                import_problem(ImportCode.NOT_AN_ENTERPRISE, row=row, column=CODE, name=organisation.name)
            )
            organisation = None
        figures = _row_figures(row, values, check, category_codes)
        if figures is None or organisation is None:
            continue
        key = (organisation.pk, figures.data_year)
        if key in seen:
            check.problems.append(
                import_problem(ImportCode.ROW_DUPLICATED, row=row, column=CODE, first_row=seen[key])
            )
            continue
        seen[key] = row
        check.rows.append(
            ImportRow(
                row=row,
                organisation_id=organisation.pk,
                data_year=figures.data_year,
                revenue_usd=figures.revenue_usd,
                offshore_revenue_usd=figures.offshore_revenue_usd,
                export_usd={code: figures.export_in(code) for code in category_codes},
                staff=figures.staff,
                staff_college=figures.staff_college,
            )
        )


def _row_figures(
    row: int, values: dict[str, object], check: ImportCheck, category_codes: Sequence[str]
) -> Figures | None:
    obj: dict[str, object] = {
        "data_year": _number(values[YEAR]) if _text(values[YEAR]) else None,
        "revenue_usd": _number(values[REVENUE]),
        "offshore_revenue_usd": _number(values[OFFSHORE]),
        "export_usd": {
            code: _number(values[export_column(code)])
            for code in category_codes
            if export_column(code) in values and _text(values[export_column(code)])
        },
        "staff": _number(values.get(STAFF, "")),
        "staff_college": _number(values.get(COLLEGE, "")),
    }
    cell_problems = _cell_problems(row, obj)
    if cell_problems:
        check.problems.extend(cell_problems)
        return None
    try:
        figures = parse_figures(obj)
        check_storable(figures)
    except FiguresError as error:
        check.problems.append(_figures_problem(row, error))
        return None
    if not MIN_YEAR <= figures.data_year <= MAX_YEAR:
        check.problems.append(
            import_problem(ImportCode.YEAR_OUT_OF_RANGE, row=row, column=YEAR, year=figures.data_year)
        )
        return None
    return figures


def _cell_problems(row: int, obj: dict[str, object]) -> list[Problem]:
    """Each cell checked on its own, so every bad cell of a row is listed at once."""
    found = []
    amounts: list[tuple[str, object]] = [(key, obj[key]) for key in ("revenue_usd", "offshore_revenue_usd")]
    exports: dict[str, object] = obj["export_usd"]  # type: ignore[assignment]
    amounts += [(f"export_usd.{code}", amount) for code, amount in exports.items()]
    for name, value in amounts:
        if value is None:
            found.append(import_problem(ImportCode.AMOUNT_MISSING, row=row, column=_column_for(name)))
            continue
        try:
            amount = parse_amount(value, name)
            check_storable(Figures(name="", data_year=0, revenue_usd=amount, offshore_revenue_usd=Decimal(0)))
        except FiguresError as error:
            found.append(_figures_problem(row, error, name))
    base: dict[str, object] = {"revenue_usd": 0, "offshore_revenue_usd": 0}
    for key in ("data_year", "staff", "staff_college"):
        if key == "data_year" and obj[key] is None:
            found.append(import_problem(ImportCode.YEAR_MISSING, row=row, column=YEAR))
            continue
        try:
            parse_figures(base | {"data_year": 2000, key: obj[key]})
        except FiguresError as error:
            found.append(_figures_problem(row, error))
    return found


_COLUMNS_BY_FIELD = {
    "data_year": YEAR,
    "revenue_usd": REVENUE,
    "offshore_revenue_usd": OFFSHORE,
    "staff": STAFF,
    "staff_college": COLLEGE,
}


def _column_for(error_field: str) -> str | None:
    if error_field.startswith("export_usd."):
        return export_column(error_field.removeprefix("export_usd."))
    return _COLUMNS_BY_FIELD.get(error_field)


def _figures_problem(row: int, error: FiguresError, name: str | None = None) -> Problem:
    column = _column_for(name or error.field)
    if error.field in ("staff", "staff_college", "data_year") and "应为" in error.message:
        return import_problem(ImportCode.COUNT_INVALID, row=row, column=column, detail=error.message)
    return import_problem(ImportCode.FIGURE_INVALID, row=row, column=column, detail=error.message)
