"""Approved figures from the statistics system's export: the columns, reading and checking every row.

Nothing is written here. ``check_import`` reads the whole file and returns either rows ready
to store or every problem found (row as the user sees it, column, what is wrong in Chinese),
so the service can refuse the file as a whole.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import BinaryIO

from django.utils.translation import gettext

from shenbao.catalog.forms import check_storable
from shenbao.catalog.models import BusinessFigures
from shenbao.catalog.selectors import current_edition_code
from shenbao.domain.catalog import Figures, FiguresError, load_edition, parse_amount, parse_figures
from shenbao.domain.identity import InvalidIdentifier, validate_credit_code
from shenbao.domain.problems import ProblemCode, make_file_problem
from shenbao.domain.sheets import HEADER_ALLOWANCE, Limits, UnreadableFile, read_buffer
from shenbao.organisations.models import Organisation, OrganisationKind

CODE = "统一社会信用代码"
NAME = "企业名称"
YEAR = "年度"
REVENUE = "服务外包业务额（美元）"
OFFSHORE = "离岸业务额（美元）"
STAFF = "员工总数"
COLLEGE = "大专及以上学历员工数"
MIN_YEAR, MAX_YEAR = 2000, 2100


def export_column(code: str) -> str:
    return f"{code}出口额（美元）"


def category_codes() -> tuple[str, ...]:
    return load_edition(current_edition_code()).category_codes


def columns() -> list[tuple[str, bool, str]]:
    """(column, required, what to fill) in the template's order; shown on the import page."""
    exports = [
        (
            export_column(code),
            False,
            gettext("%(code)s 类离岸服务外包执行额，美元；空白视为 0") % {"code": code},
        )
        for code in category_codes()
    ]
    return [
        (CODE, True, gettext("18 位，用于匹配本系统中已注册的企业")),
        (NAME, False, gettext("仅供核对，不导入")),
        (YEAR, True, gettext("数据年度，如 2015")),
        (REVENUE, True, gettext("审定的服务外包业务额，美元，最多两位小数")),
        (OFFSHORE, True, gettext("其中向境外最终客户提供的业务额（离岸执行额），美元，不得大于业务额")),
        *exports,
        (STAFF, False, gettext("人数；空白表示未知")),
        (COLLEGE, False, gettext("人数，不得多于员工总数；空白表示未知")),
    ]


@dataclass(frozen=True, slots=True)
class ImportProblem:
    row: int | None  # the spreadsheet row as the user sees it; None for the whole file
    column: str | None
    message: str


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
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def is_ok(self) -> bool:
        return not self.problems and bool(self.rows)


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


def check_import(upload: BinaryIO, *, filename: str, max_bytes: int) -> ImportCheck:
    """Read the first sheet and check every row; the result holds rows or problems, never both."""
    check = ImportCheck()
    suffix = PurePath(filename).suffix.lower() or ".csv"
    try:
        sheet = next(read_buffer(upload, suffix=suffix, limits=Limits(max_bytes=max_bytes)), None)
    except UnreadableFile as error:
        message = make_file_problem(error.code, error.details).message
        if error.code is ProblemCode.FILE_EMPTY:
            message = gettext("文件是空的，请按模板填写后再上传")
        check.problems.append(ImportProblem(None, None, message))
        return check
    rows = sheet.rows if sheet is not None else []
    header_index = next(
        (i for i, row in enumerate(rows[:HEADER_ALLOWANCE]) if _key(CODE) in {_key(cell) for cell in row}),
        None,
    )
    if header_index is None:
        message = gettext("找不到表头行（应含「%(column)s」列），请使用导入模板") % {"column": CODE}
        check.problems.append(ImportProblem(None, None, message))
        return check
    wanted = {_key(name): name for name, _, _ in columns()}
    positions: dict[str, int] = {}
    for index, cell in enumerate(rows[header_index]):
        name = wanted.get(_key(cell))
        if name is not None and name not in positions:
            positions[name] = index
    missing = [name for name, required, _ in columns() if required and name not in positions]
    if missing:
        message = gettext("缺少列：%(columns)s，请使用导入模板") % {"columns": "、".join(missing)}
        check.problems.append(ImportProblem(None, None, message))
        return check
    records = []
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        values = {name: (cells[pos] if pos < len(cells) else "") for name, pos in positions.items()}
        if all(_text(value) == "" for value in values.values()):
            continue
        records.append((index + 1, values))
    if not records:
        check.problems.append(ImportProblem(None, None, gettext("表头下没有数据行")))
        return check
    _check_rows(records, check)
    if check.problems:
        check.rows.clear()
    return check


def _check_rows(records: list[tuple[int, dict[str, object]]], check: ImportCheck) -> None:
    codes = {}
    for row, values in records:
        try:
            codes[row] = validate_credit_code(_text(values[CODE]))
        except InvalidIdentifier as error:
            check.problems.append(ImportProblem(row, CODE, error.reason))
    by_org_code = {
        org.org_code: org
        for org in Organisation.objects.filter(org_code__in={c[8:17] for c in codes.values()})
    }
    seen: dict[tuple[int, int], int] = {}
    exports = [code for code in category_codes()]
    for row, values in records:
        organisation = by_org_code.get(codes[row][8:17]) if row in codes else None
        if row in codes and organisation is None:
            check.problems.append(
                ImportProblem(
                    row,
                    CODE,
                    gettext("本系统中没有统一社会信用代码为 %(code)s 的企业，请确认该企业已注册")
                    % {"code": codes[row]},
                )
            )
        elif organisation is not None and organisation.kind != OrganisationKind.ENTERPRISE:
            message = gettext("%(name)s 是培训机构，不导入业务数据") % {"name": organisation.name}
            check.problems.append(ImportProblem(row, CODE, message))
            organisation = None
        obj: dict[str, object] = {
            "data_year": _number(values[YEAR]) if _text(values[YEAR]) else None,
            "revenue_usd": _number(values[REVENUE]),
            "offshore_revenue_usd": _number(values[OFFSHORE]),
            "export_usd": {
                code: _number(values[export_column(code)])
                for code in exports
                if export_column(code) in values and _text(values[export_column(code)])
            },
            "staff": _number(values.get(STAFF, "")),
            "staff_college": _number(values.get(COLLEGE, "")),
        }
        cell_problems = _cell_problems(row, obj)
        if cell_problems:
            check.problems.extend(cell_problems)
            continue
        try:
            figures = parse_figures(obj)
            check_storable(figures)
        except FiguresError as error:
            check.problems.append(ImportProblem(row, _column_for(error.field), _message(error)))
            continue
        if not MIN_YEAR <= figures.data_year <= MAX_YEAR:
            message = gettext("年度 %(year)s 不是有效的年份") % {"year": figures.data_year}
            check.problems.append(ImportProblem(row, YEAR, message))
            continue
        if organisation is None:
            continue
        key = (organisation.pk, figures.data_year)
        if key in seen:
            check.problems.append(
                ImportProblem(
                    row,
                    CODE,
                    gettext("与第 %(row)s 行为同一企业同一年度，每家企业每年只能有一行") % {"row": seen[key]},
                )
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
                export_usd={code: figures.export_in(code) for code in exports},
                staff=figures.staff,
                staff_college=figures.staff_college,
            )
        )


def _cell_problems(row: int, obj: dict[str, object]) -> list[ImportProblem]:
    """Each cell checked on its own, so every bad cell of a row is listed at once."""
    found = []
    amounts: list[tuple[str, object]] = [(key, obj[key]) for key in ("revenue_usd", "offshore_revenue_usd")]
    exports: dict[str, object] = obj["export_usd"]  # type: ignore[assignment]
    amounts += [(f"export_usd.{code}", amount) for code, amount in exports.items()]
    for name, value in amounts:
        try:
            if value is None:
                raise FiguresError(name, gettext("缺少此金额"))
            amount = parse_amount(value, name)
            check_storable(Figures(name="", data_year=0, revenue_usd=amount, offshore_revenue_usd=Decimal(0)))
        except FiguresError as error:
            found.append(ImportProblem(row, _column_for(name), _message(error)))
    base: dict[str, object] = {"revenue_usd": 0, "offshore_revenue_usd": 0}
    for key in ("data_year", "staff", "staff_college"):
        if key == "data_year" and obj[key] is None:
            found.append(ImportProblem(row, YEAR, gettext("缺少年度")))
            continue
        try:
            parse_figures(base | {"data_year": 2000, key: obj[key]})
        except FiguresError as error:
            found.append(ImportProblem(row, _column_for(error.field), _message(error)))
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


def _message(error: FiguresError) -> str:
    message = error.message
    if error.field in ("staff", "staff_college", "data_year") and "应为" in message:
        return gettext("应填写非负整数（%(message)s）") % {"message": message}
    return message


def is_unchanged(record: BusinessFigures, row: ImportRow) -> bool:
    stored = {code: Decimal(amount) for code, amount in (record.export_usd or {}).items()}
    return (
        record.is_approved
        and record.revenue_usd == row.revenue_usd
        and record.offshore_revenue_usd == row.offshore_revenue_usd
        and stored == row.export_usd
        and record.staff == row.staff
        and record.staff_college == row.staff_college
    )
