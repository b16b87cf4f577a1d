"""Spreadsheets shenbao writes: the annotated report of a checked roster (streamed) and the blank templates."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import IO, Any

import polars as pl
import xlsxwriter

from shenbao.domain.cells import neutralise
from shenbao.domain.problems import Problem, Severity
from shenbao.domain.roster import RosterResult
from shenbao.domain.roster_columns import ROSTER_COLUMNS, ROW, TITLES, Column, RosterKind
from shenbao.domain.xlsx_stream import Cell, StreamingBook, Style

TEMPLATE_ROWS = 1000
PRENUMBERED_ROWS = 5
NOTE_COLUMN = "问题说明"


def write_report(target: str | Path | IO[bytes], result: RosterResult) -> None:
    """An annotated copy of the applicant's rows, at their original row numbers.

    Every problem cell is highlighted and carries a comment; 问题说明 sums up each row.
    Rows are streamed out as they are built, so a 200,000-row report never sits whole in memory.
    """
    book = StreamingBook(target)
    try:
        _write_report_sheets(book, result)
    finally:
        book.close()


def _write_report_sheets(book: StreamingBook, result: RosterResult) -> None:
    file_notes = [p for p in result.problems if p.row is None]
    # Only the table is read below: turning its columns into lists would cost more than writing them.
    if result.kind is None or result.table is None or not result.row_count and not result.present:
        with book.sheet("检查结果", widths=[80]) as sheet:
            sheet.row(1, [(0, "文件无法作为花名册使用：", Style.BOLD)])
            for number, problem in enumerate(file_notes, start=2):
                sheet.row(number, [(0, neutralise(problem.message), Style.PLAIN)])
        return
    columns = [c for c in ROSTER_COLUMNS[result.kind] if c.name in result.present]
    header_number = result.header_row or 1
    widths = [22.0 if column.is_text_code else 14.0 for column in columns] + [80.0]
    by_cell: dict[tuple[int, str | None], list[Problem]] = defaultdict(list)
    by_row: dict[int, list[Problem]] = defaultdict(list)
    for problem in result.problems:
        if problem.row is not None and problem.row > header_number:
            by_cell[(problem.row, problem.column)].append(problem)
            by_row[problem.row].append(problem)
    names = [c.name for c in columns]
    note_col = len(columns)
    special: dict[int, list[Cell]] = {}
    for values in result.table.filter(pl.col(ROW).is_in(list(by_row))).iter_rows(named=True):
        number = values[ROW]
        notes = by_row[number]
        cells: list[Cell] = []
        for col, name in enumerate(names):
            text = values[name] or ""
            found = by_cell.get((number, name))
            if found:
                is_error = any(p.severity is Severity.ERROR for p in found)
                cells.append((col, neutralise(text), Style.ERROR if is_error else Style.WARNING))
            elif text:
                cells.append((col, neutralise(text), Style.PLAIN))
        cells.append((note_col, neutralise("；".join(p.message for p in notes)), Style.PLAIN))
        special[number] = cells
    with book.sheet("检查结果", widths=widths) as sheet:
        header = [(col, column.header, Style.HEADER) for col, column in enumerate(columns)]
        sheet.row(header_number, [*header, (note_col, NOTE_COLUMN, Style.HEADER)])
        for (number, column_name), found in by_cell.items():
            if column_name in names:
                sheet.comment(
                    number, names.index(column_name), neutralise("\n".join(p.message for p in found))
                )
        sheet.rows(result.table, number=ROW, columns=names, special=special)
    if file_notes:
        with book.sheet("文件提醒", widths=[80]) as sheet:
            for number, problem in enumerate(file_notes, start=1):
                sheet.row(number, [(0, neutralise(problem.message), Style.PLAIN)])


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
