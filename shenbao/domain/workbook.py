"""Spreadsheets shenbao writes: the annotated report of a checked roster and the blank templates."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from shenbao.domain.problems import NOT_A_PERSON, Problem, Severity
from shenbao.domain.roster import RosterResult
from shenbao.domain.roster_columns import ROSTER_COLUMNS, TITLES, Column, RosterKind

FORMULA_TRIGGERS = ("=", "+", "-", "@")
TEMPLATE_ROWS = 1000
PRENUMBERED_ROWS = 5
NOTE_COLUMN = "问题说明"


def neutralise(text: str) -> str:
    """Text that a spreadsheet shows instead of running: a leading = + - @ gets a quote in front."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def write_report(target: str | Path | IO[bytes], result: RosterResult) -> None:
    """An annotated copy of the applicant's rows, at their original row numbers.

    Every problem cell is highlighted and carries a comment; 问题说明 sums up each row.
    """
    # Rows are written top to bottom, so a 200,000-row report never sits whole in memory.
    book = xlsxwriter.Workbook(_target(target), {"strings_to_formulas": False, "constant_memory": True})
    try:
        styles = _styles(book)
        sheet = book.add_worksheet("检查结果")
        # Rows that are not persons are not in the copy: their warnings are listed with the file's.
        file_notes = [p for p in result.problems if p.row is None or p.code in NOT_A_PERSON]
        if result.kind is None or not result.row_numbers and not result.columns:
            sheet.write_string(0, 0, "文件无法作为花名册使用：", styles["bold"])
            for index, problem in enumerate(file_notes, start=1):
                sheet.write_string(index, 0, neutralise(problem.message))
            return
        columns = [c for c in ROSTER_COLUMNS[result.kind] if c.name in result.columns]
        header_index = (result.header_row or 1) - 1
        for col, column in enumerate(columns):
            sheet.write_string(header_index, col, column.header, styles["header"])
            sheet.set_column(col, col, 22 if column.is_text_code else 14)
        note_col = len(columns)
        sheet.write_string(header_index, note_col, NOTE_COLUMN, styles["header"])
        sheet.set_column(note_col, note_col, 80)
        by_cell: dict[tuple[int, str | None], list[Problem]] = defaultdict(list)
        by_row: dict[int, list[Problem]] = defaultdict(list)
        for problem in result.problems:
            if (
                problem.row is not None
                and problem.row > header_index + 1
                and problem.code not in NOT_A_PERSON
            ):
                by_cell[(problem.row, problem.column)].append(problem)
                by_row[problem.row].append(problem)
        values = [result.columns[c.name] for c in columns]
        for i, number in enumerate(result.row_numbers):
            index = number - 1
            for col, column in enumerate(columns):
                text = values[col][i]
                found = by_cell.get((number, column.name))
                if not found:
                    if text:  # a blank cell without a problem is left out: XlsxWriter's time is per cell
                        sheet.write_string(index, col, neutralise(text))
                    continue
                is_error = any(p.severity is Severity.ERROR for p in found)
                comment = "\n".join(p.message for p in found)
                sheet.write_comment(index, col, neutralise(comment), {"x_scale": 2, "y_scale": 1.5})
                sheet.write_string(index, col, neutralise(text), styles["error" if is_error else "warning"])
            notes = by_row.get(number)
            if notes:
                sheet.write_string(index, note_col, neutralise("；".join(p.message for p in notes)))
        if file_notes:
            notes_sheet = book.add_worksheet("文件提醒")
            for index, problem in enumerate(file_notes):
                notes_sheet.write_string(index, 0, neutralise(problem.message))
    finally:
        book.close()


def write_template(target: str | Path | IO[bytes], kind: RosterKind) -> None:
    """The blank official template: title, exact headers, dropdowns, text and date formats, instructions."""
    book = xlsxwriter.Workbook(_target(target))
    try:
        styles = _styles(book)
        columns = ROSTER_COLUMNS[kind]
        sheet = book.add_worksheet("花名册")
        last = len(columns) - 1
        sheet.merge_range(0, 0, 0, last, TITLES[kind], styles["title"])
        sheet.set_row(0, 30)
        sheet.set_row(1, 36)
        first, final = 2, 2 + TEMPLATE_ROWS - 1
        for col, column in enumerate(columns):
            sheet.write_string(1, col, column.header, styles["header"])
            sheet.set_column(col, col, _width(column), _column_style(column, styles))
            _validate(sheet, column, first, final, col)
        for n in range(1, PRENUMBERED_ROWS + 1):
            sheet.write_number(first + n - 1, 0, n)
        sheet.freeze_panes(2, 0)
        notes = book.add_worksheet("填写说明")
        notes.set_column(0, 0, 100)
        for index, line in enumerate(_instructions(kind)):
            notes.write_string(index, 0, line, styles["bold"] if index == 0 else None)
    finally:
        book.close()


def _target(target: str | Path | IO[bytes]) -> Any:
    return str(target) if isinstance(target, Path) else target


def _styles(book: xlsxwriter.Workbook) -> dict[str, Any]:
    return {
        "title": book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        "header": book.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "#DDEBF7",
            }
        ),
        "bold": book.add_format({"bold": True}),
        "text": book.add_format({"num_format": "@"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "error": book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
        "warning": book.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
    }


def _width(column: Column) -> int:
    return 22 if column.is_text_code or len(column.header) > 8 else 12


def _column_style(column: Column, styles: dict[str, Any]) -> Any:
    if column.is_date:
        return styles["date"]
    return styles["text"] if column.is_text_code or column.name != "序号" else None


def _validate(sheet: Any, column: Column, first: int, last: int, col: int) -> None:
    if column.allowed:
        sheet.data_validation(
            first,
            col,
            last,
            col,
            {
                "validate": "list",
                "source": list(column.allowed),
                "error_title": column.name,
                "error_message": "请从下拉列表中选择：" + "/".join(column.allowed),
            },
        )
    elif column.is_date:
        sheet.data_validation(
            first,
            col,
            last,
            col,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": date(1950, 1, 1),
                "maximum": date(2100, 12, 31),
                "error_title": column.name,
                "error_message": "请填写日期，例如 2016-03-01",
            },
        )


def _instructions(kind: RosterKind) -> list[str]:
    lines = [
        "填写说明",
        "1. 请从第 3 行开始每行填写一人，不要修改第 2 行的列名；序号列已预填的行若无其他内容不会被当作数据。",
        "2. 性别、证件类型及「是/否」列请从下拉列表选择。",
        "3. 证件号码：身份证填写 18 位号码（最后一位可为 X）；护照填写 5–20 位字母或数字。该列已设为文本格式，请勿改为数字格式，否则末尾几位会丢失。",
    ]
    if kind is RosterKind.EMPLOYEES:
        lines += [
            "4. 社保缴纳单位组织机构代码：填写 18 位统一社会信用代码或 9 位组织机构代码（可带连字符）。",
            "5. 日期请填写为日期格式，例如 2016-03-01；「是否在职」为否时必须填写离职日期，为是时不填离职日期。",
            "6. 在职时长（天）可不填：系统按入职日期到离职日期（在职者到审核参照日期）计算，不含首尾两天（2016-03-01 至 2016-03-31 为 30 天）。",
        ]
    else:
        lines.append("4. 培训内容、考核证书名称、录用企业名称均为必填。")
    return lines
