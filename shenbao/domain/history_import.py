"""The city admin's history file (persons supported before shenbao): a sheet in, records and problems out.

A file with any problem imports nothing, so every problem is listed at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import BinaryIO

from shenbao.domain.crosscheck import EMPLOYEES, TRAINEES
from shenbao.domain.idcard import check_id_card, check_passport, normalise_number
from shenbao.domain.problems import Problem, Severity, render_zh, row_prefix
from shenbao.domain.sheets import UnreadableFile, read_buffer


class HistoryCode(StrEnum):
    FILE_UNREADABLE = "history_file_unreadable"
    NO_SHEET = "history_no_sheet"
    HEADER_NOT_FOUND = "history_header_not_found"
    COLUMN_MISSING = "history_column_missing"
    NO_DATA_ROWS = "history_no_data_rows"
    ID_TYPE_NOT_ALLOWED = "history_id_type_not_allowed"
    REQUIRED_MISSING = "history_required_missing"
    ID_CARD_INVALID = "history_id_card_invalid"
    PASSPORT_INVALID = "history_passport_invalid"
    YEAR_OUT_OF_RANGE = "history_year_out_of_range"
    KIND_UNRECOGNISED = "history_kind_unrecognised"


HISTORY_MESSAGES: dict[HistoryCode, str] = {
    HistoryCode.FILE_UNREADABLE: "文件无法读取，请上传 .xlsx 格式的表格",
    HistoryCode.NO_SHEET: "文件中没有工作表",
    HistoryCode.HEADER_NOT_FOUND: "找不到表头：第一行应为 {columns}",
    HistoryCode.COLUMN_MISSING: "缺少“{column}”列",
    HistoryCode.NO_DATA_ROWS: "文件中没有数据行",
    HistoryCode.ID_TYPE_NOT_ALLOWED: "应为“身份证”或“护照”",
    HistoryCode.REQUIRED_MISSING: "不能为空",
    HistoryCode.ID_CARD_INVALID: "不是有效的18位身份证号码，请核对（若为数字格式，请将该列设为文本）",
    HistoryCode.PASSPORT_INVALID: "护照号码应为5至20位字母或数字",
    HistoryCode.YEAR_OUT_OF_RANGE: "应为 2000 至 {last_year} 之间的年份",
    HistoryCode.KIND_UNRECOGNISED: "应为“新录用员工”（附件3）或“培训人员”（附件4）",
}


def history_problem(
    code: HistoryCode, *, row: int | None = None, column: str = "", **params: object
) -> Problem:
    """An error in the history file: the row's problems start with where they are."""
    message = row_prefix(row, column) + render_zh(HISTORY_MESSAGES[code], {"column": column, **params})
    return Problem(code, Severity.ERROR, row, column, "", message, params)


HISTORY_COLUMNS: dict[str, tuple[str, ...]] = {
    "证件类型": ("证件类型",),
    "证件号码": ("证件号码", "身份证号码", "身份证号"),
    "姓名": ("姓名",),
    "单位名称": ("单位名称", "单位", "申报单位", "企业名称", "organisation", "organization"),
    "年度": ("年度", "年份", "申报年度", "year"),
    "类型": ("类型", "支持类型", "申报类型", "kind"),
}
_KIND_WORDS = {
    EMPLOYEES: ("employees", "employee", "新录用员工", "员工", "附件3", "企业"),
    TRAINEES: ("trainees", "trainee", "培训人员", "学员", "附件4", "培训机构"),
}
ID_TYPES = ("身份证", "护照")
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    row: int
    id_type: str
    number: str
    name: str
    organisation: str
    year: int
    kind: str


@dataclass(frozen=True, slots=True)
class HistoryParse:
    records: tuple[HistoryRecord, ...]
    problems: tuple[Problem, ...]


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return " ".join(str(cell).replace("\u3000", " ").replace("\u00a0", " ").split())


def _header_key(cell: object) -> str:
    text = "".join(_text(cell).split()).casefold()
    for name, aliases in HISTORY_COLUMNS.items():
        if text in (a.casefold() for a in aliases):
            return name
    return ""


def parse_history(rows: Sequence[Sequence[object]], *, today: date) -> HistoryParse:
    """Every record of a history sheet, or every problem in it (a file with problems imports nothing)."""
    header_index = next(
        (
            i
            for i, row in enumerate(rows[:HEADER_SEARCH_ROWS])
            if sum(1 for cell in row if _header_key(cell)) >= 2
        ),
        None,
    )
    if header_index is None:
        return HistoryParse(
            (), (history_problem(HistoryCode.HEADER_NOT_FOUND, columns="、".join(HISTORY_COLUMNS)),)
        )
    positions: dict[str, int] = {}
    for col, cell in enumerate(rows[header_index]):
        key = _header_key(cell)
        if key and key not in positions:
            positions[key] = col
    missing = [name for name in HISTORY_COLUMNS if name not in positions]
    if missing:
        return HistoryParse(
            (), tuple(history_problem(HistoryCode.COLUMN_MISSING, column=name) for name in missing)
        )
    records: list[HistoryRecord] = []
    problems: list[Problem] = []
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        values = {name: _text(cells[col]) if col < len(cells) else "" for name, col in positions.items()}
        if not any(values.values()):
            continue
        record, row_problems = _history_row(index + 1, values, today=today)
        problems.extend(row_problems)
        if record is not None:
            records.append(record)
    if not records and not problems:
        problems.append(history_problem(HistoryCode.NO_DATA_ROWS))
    return HistoryParse(tuple(records), tuple(problems))


def _history_row(
    number: int, values: dict[str, str], *, today: date
) -> tuple[HistoryRecord | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(code: HistoryCode, column: str, **params: object) -> None:
        problems.append(history_problem(code, row=number, column=column, **params))

    id_type = values["证件类型"]
    id_number = normalise_number(values["证件号码"])
    if id_type not in ID_TYPES:
        problem(HistoryCode.ID_TYPE_NOT_ALLOWED, "证件类型")
    elif not id_number:
        problem(HistoryCode.REQUIRED_MISSING, "证件号码")
    elif id_type == "身份证" and check_id_card(id_number, reference_date=today) is not None:
        problem(HistoryCode.ID_CARD_INVALID, "证件号码")
    elif id_type == "护照" and check_passport(id_number) is not None:
        problem(HistoryCode.PASSPORT_INVALID, "证件号码")
    for column in ("姓名", "单位名称"):
        if not values[column]:
            problem(HistoryCode.REQUIRED_MISSING, column)
    year = _year(values["年度"])
    if year is None or not 2000 <= year <= today.year:
        problem(HistoryCode.YEAR_OUT_OF_RANGE, "年度", last_year=today.year)
    kind = _kind(values["类型"])
    if kind is None:
        problem(HistoryCode.KIND_UNRECOGNISED, "类型")
    if problems or year is None or kind is None:
        return None, problems
    record = HistoryRecord(
        row=number,
        id_type=id_type,
        number=id_number,
        name=values["姓名"],
        organisation=values["单位名称"],
        year=year,
        kind=kind,
    )
    return record, problems


def _year(text: str) -> int | None:
    digits = text.removesuffix("年度").removesuffix("年")
    return int(digits) if digits.isdigit() else None


def _kind(text: str) -> str | None:
    folded = "".join(text.split()).casefold()
    if not folded:
        return None
    for kind, words in _KIND_WORDS.items():
        if folded == kind or any(word in folded for word in words[:5]):
            return kind
    for kind, words in _KIND_WORDS.items():
        if any(word in folded for word in words[5:]):
            return kind
    return None


def check_history_file(upload: BinaryIO, *, suffix: str, today: date) -> HistoryParse:
    """The first sheet of an uploaded history file, checked: records, or every problem in it."""
    try:
        sheet = next(read_buffer(upload, suffix=suffix), None)
    except UnreadableFile:
        return HistoryParse((), (history_problem(HistoryCode.FILE_UNREADABLE),))
    if sheet is None:
        return HistoryParse((), (history_problem(HistoryCode.NO_SHEET),))
    return parse_history(sheet.rows, today=today)
