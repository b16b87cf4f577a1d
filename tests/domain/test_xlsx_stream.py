"""The lean streaming .xlsx writer: what it writes reads back the same in openpyxl and calamine."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from shenbao.domain.cells import neutralise
from shenbao.domain.xlsx_stream import Cell, SheetColumn, StreamingBook, Style, column_letter

TEXTS = ["张伟", 'a & b <c> "d"', "  spaced  ", "=1+1", "-5", "line\nbreak", "", "普通"]


def _table() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "_row": [3, 4, 7, 8, 9, 10, 11, 12],
            "甲": TEXTS,
            "乙": list(reversed(TEXTS)),
        }
    )


COLUMNS = [SheetColumn("甲", "甲_style"), SheetColumn("乙", "乙_style")]


def _write(table: pl.DataFrame, *, one_by_one: bool = False) -> bytes:
    """``table`` written by polars (rows) or cell by cell (row), with a header, a comment and a second sheet."""
    if "甲_style" not in table.columns:
        table = table.with_columns(
            pl.lit(None, pl.Int8).alias("甲_style"), pl.lit(None, pl.Int8).alias("乙_style")
        )
    buffer = io.BytesIO()
    book = StreamingBook(buffer)
    with book.sheet("检查结果", widths=[14, 22]) as sheet:
        sheet.row(2, [(0, "甲", Style.HEADER), (1, "乙", Style.HEADER)])
        sheet.comment(4, 1, "第 4 行「乙」：校验位不正确")
        if one_by_one:
            for values in table.iter_rows(named=True):
                cells: list[Cell] = [
                    (col, neutralise(values[c.text]), Style(values[c.style] or 0))
                    for col, c in enumerate(COLUMNS)
                    if values[c.text]
                ]
                sheet.row(values["_row"], cells)
        else:
            sheet.rows(table, number="_row", columns=COLUMNS)
    with book.sheet("文件提醒") as notes:
        notes.row(1, [(0, "第 20 行是合计行，未计入人员", Style.PLAIN)])
    book.close()
    return buffer.getvalue()


def _openpyxl_values(data: bytes) -> dict[tuple[int, int], object]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["检查结果"]
    return {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value is not None}


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_are_those_of_a_spreadsheet(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_cells_read_back_at_their_rows_with_text_escaped_and_formulas_neutralised() -> None:
    values = _openpyxl_values(_write(_table()))
    assert values[(2, 1)] == "甲"
    assert values[(3, 1)] == "张伟"
    assert values[(4, 1)] == 'a & b <c> "d"'
    assert values[(7, 1)] == "  spaced  "
    assert values[(8, 1)] == "'=1+1"
    assert values[(9, 1)] == "'-5"
    assert values[(10, 1)] == "line\nbreak"
    assert (11, 1) not in values  # a blank cell is not written
    assert (5, 1) not in values and (6, 1) not in values  # rows keep their numbers, gaps stay gaps


def test_calamine_reads_the_same_values_as_openpyxl() -> None:
    data = _write(_table())
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("检查结果")
    assert sheet.start is not None
    top, left = sheet.start  # calamine's range starts at the first cell written
    by_calamine = {
        (r, c): value
        for r, row in enumerate(sheet.to_python(), start=top + 1)
        for c, value in enumerate(row, start=left + 1)
        if value != ""
    }
    assert by_calamine == _openpyxl_values(data)


def test_rows_built_by_polars_equal_rows_written_one_by_one() -> None:
    styled = _table().with_columns(
        pl.when(pl.col("_row") == 4).then(int(Style.WARNING)).cast(pl.Int8).alias("甲_style"),
        pl.when(pl.col("_row") == 4).then(int(Style.ERROR)).cast(pl.Int8).alias("乙_style"),
    )
    assert _openpyxl_values(_write(styled)) == _openpyxl_values(_write(styled, one_by_one=True))


def test_styles_and_comments_are_kept() -> None:
    styled = _table().with_columns(
        pl.when(pl.col("_row") == 3).then(int(Style.WARNING)).cast(pl.Int8).alias("甲_style"),
        pl.when(pl.col("_row") == 3).then(int(Style.ERROR)).cast(pl.Int8).alias("乙_style"),
    )
    book = openpyxl.load_workbook(io.BytesIO(_write(styled)))
    sheet = book["检查结果"]
    assert sheet.cell(2, 1).font.b
    assert sheet.cell(3, 2).fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(3, 1).fill.fgColor.rgb.endswith("FFEB9C")
    assert sheet.cell(4, 1).fill.fill_type is None
    assert sheet.cell(4, 2).comment is not None
    assert sheet.cell(4, 2).comment.text == "第 4 行「乙」：校验位不正确"
    assert sheet.column_dimensions["B"].width == 22
    assert book.sheetnames == ["检查结果", "文件提醒"]
    assert book["文件提醒"].cell(1, 1).value == "第 20 行是合计行，未计入人员"


def test_a_character_xml_cannot_carry_is_written_the_way_excel_writes_it() -> None:
    table = pl.DataFrame({"_row": [3, 4], "甲": ["bell\x07here", "fine"], "乙": ["", "x"]})
    styled = table.with_columns(
        pl.lit(int(Style.ERROR), pl.Int8).alias("甲_style"), pl.lit(None, pl.Int8).alias("乙_style")
    )
    values = _openpyxl_values(_write(styled))
    book = openpyxl.load_workbook(io.BytesIO(_write(styled)))
    assert book["检查结果"].cell(3, 1).fill.fgColor.rgb.endswith("FFC7CE")  # built cell by cell, style kept
    assert values[(3, 1)] in ("bell\x07here", "bell_x0007_here")  # openpyxl may decode the escape
    assert values[(4, 1)] == "fine"


def test_a_large_sheet_is_written_to_a_file(tmp_path: Path) -> None:
    n = 20_000
    table = pl.DataFrame(
        {"_row": list(range(2, n + 2)), "甲": [f"人{i}" for i in range(n)], "乙": ["是"] * n}
    )
    out = tmp_path / "big.xlsx"
    book = StreamingBook(out)
    with book.sheet("检查结果") as sheet:
        sheet.rows(table, number="_row", columns=[SheetColumn("甲"), SheetColumn("乙")])
    book.close()
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert sheet.start == (1, 0)  # row 1 is empty
    assert len(rows) == n
    assert rows[-1] == [f"人{n - 1}", "是"]
