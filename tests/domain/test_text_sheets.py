"""The fast text reader (fastexcel → polars) reads a roster exactly as the typed reader (python-calamine) does."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from polars.testing import assert_frame_equal

from shenbao.domain.problems import ProblemCode
from shenbao.domain.roster import RosterKind, check_roster_file, extract_rows
from shenbao.domain.roster_checks import check_frame
from shenbao.domain.roster_columns import ROSTER_COLUMNS, find_header
from shenbao.domain.roster_row_kinds import split_persons
from shenbao.domain.sheet_scan import holds_typed_cells
from shenbao.domain.sheets import read_sheets
from shenbao.domain.text_sheets import date_texts, stripped_texts
from shenbao.domain.zip_entries import Entries

FILES = Path(__file__).parent.parent / "files" / "rosters"
REFERENCE = date(2017, 3, 31)
HEADERS = [column.header for column in ROSTER_COLUMNS[RosterKind.EMPLOYEES]]


def _both_ways(path: Path, kind: RosterKind) -> tuple[pl.DataFrame, pl.DataFrame]:
    text_sheet = next(read_sheets(path, as_text=True))
    typed_sheet = next(read_sheets(path))
    assert text_sheet.text is not None, "the fast reader was not used"
    assert typed_sheet.text is None
    frames = []
    for sheet in (text_sheet, typed_sheet):
        header = find_header(sheet.rows)
        assert header is not None
        frames.append(extract_rows(sheet, header, kind))
    return frames[0], frames[1]


def test_a_clean_roster_reads_the_same_both_ways() -> None:
    text, typed = _both_ways(FILES / "employees_clean.xlsx", RosterKind.EMPLOYEES)
    assert text.height > 0
    assert_frame_equal(text, typed)


def _awkward_workbook(path: Path) -> None:
    """Cells of every type a roster meets, away from A1, under a merged title, with blank rows between."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range(2, 1, 2, 13, "某某公司 2017 年新录用员工名单")
    for col, header in enumerate(HEADERS, start=1):
        sheet.write_string(4, col, header)
    rows: list[list[object]] = [
        [
            1.0,
            " 张伟 ",
            "男",
            "身份证",
            "310115199003071239",
            "测试",
            "甲公司",
            "91310115MA1H7GXQ4F",
            "是",
            datetime(2016, 3, 1),
            "是",
            "",
            395.0,
        ],
        [
            2.0,
            "李\u3000娜",
            "女",
            "身份证",
            "31010419920115238x",
            "开发",
            "乙公司",
            "MA1H7GXQ4",
            "否",
            "2016/3/1",
            "否",
            datetime(2016, 3, 31, 12, 30),
            "30天",
        ],
        [3.0, "", "", "", "", "", "", "", "", "", "", "", ""],
        [4.0, "王芳", "女性", "护照", "E1234 5678", "=1+1", "丙", "-", "不是", time(8, 30), "否", "", 1.5],
        ["", "\u3000", "", "", "", "", "", "", "", "", "", "", ""],
        [6.0, "赵六", "男", "身份证", "110105198812310050", "", "", "", "是", time(0), "是", "", ""],
        [
            7.0,
            "钱七",
            "男",
            "身份证",
            "110105198812310050",
            "",
            "",
            "",
            "是",
            "2016年3月1日",
            "是",
            "",
            42736.0,
        ],
    ]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            if isinstance(value, datetime | time):  # a time in a date cell: 0 or less than a day
                sheet.write_datetime(r, c, value, day)
            elif isinstance(value, float):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, str(value))
    book.close()


def test_cells_of_every_type_read_the_same_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "awkward.xlsx"
    _awkward_workbook(path)
    text, typed = _both_ways(path, RosterKind.EMPLOYEES)
    assert_frame_equal(text, typed)
    # Row 8 (序号 only) and row 10 (a U+3000 name) are not data; row numbers are the spreadsheet's.
    assert text.get_column("_row").to_list() == [6, 7, 9, 11, 12]
    assert text.row(0, named=True)["入职日期"] == "2016-03-01"
    assert text.row(0, named=True)["是否本单位帐户缴纳社保"] == "是"
    assert text.row(1, named=True)["离职日期"] == "2016-03-31 12:30:00"
    assert [text.row(i, named=True)["入职日期"] for i in (2, 3)] == ["08:30:00", "00:00:00"]


def test_the_checks_find_the_same_problems_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "awkward.xlsx"
    _awkward_workbook(path)
    text, typed = _both_ways(path, RosterKind.EMPLOYEES)
    found = [check_frame(RosterKind.EMPLOYEES, frame, reference_date=REFERENCE)[0] for frame in (text, typed)]
    assert found[0] == found[1]
    assert check_roster_file(path, reference_date=REFERENCE).problems == found[0]
    codes = {(p.row, p.code) for p in found[0]}
    assert (9, ProblemCode.VALUE_NOT_ALLOWED) in codes  # 性别 女性
    # A time (or 0) in a date cell is no date: an error, not 42,824 days since 1899.
    assert {(9, ProblemCode.DATE_INVALID), (11, ProblemCode.DATE_INVALID)} <= codes
    assert (9, ProblemCode.PASSPORT_FORMAT) not in codes  # E1234 5678 is normalised to E12345678
    assert (7, ProblemCode.TENURE_MISMATCH) not in codes  # 30天 is 30 days


def test_a_sheet_holding_a_rounded_number_is_read_with_its_cell_types() -> None:
    """employees_messy.xlsx has an ID typed into a General cell: only the typed reader can tell."""
    sheet = next(read_sheets(FILES / "employees_messy.xlsx", as_text=True))
    assert sheet.text is None
    result = check_roster_file(FILES / "employees_messy.xlsx", reference_date=REFERENCE)
    assert ProblemCode.ID_STORED_AS_NUMBER in {p.code for p in result.problems}


@pytest.mark.parametrize(
    ("cells", "texts"),
    [
        ([" a ", None, "\u3000b\u00a0"], ["a", "", "b"]),
        (["2016-03-01 00:00:00", "2016-03-01 12:30:00"], ["2016-03-01", "2016-03-01 12:30:00"]),
        (["1899-12-31 00:00:00", "1899-12-31 08:30:00"], ["00:00:00", "08:30:00"]),
        (["310115199003071239", "1"], ["310115199003071239", "1"]),
        (
            ["x 2016-03-01 00:00:00", "2016-3-1 00:00:00", None],
            ["x 2016-03-01 00:00:00", "2016-3-1 00:00:00", ""],
        ),
    ],
)
def test_cell_text_is_written_as_the_typed_reader_writes_it(
    cells: list[str | None], texts: list[str]
) -> None:
    column = pl.Series("cell", cells, dtype=pl.String).to_frame()
    assert date_texts(column.select(stripped_texts(column))).to_series().to_list() == texts


ROWS = FILES / "rows"


@pytest.mark.parametrize(
    "name", ["total", "table_total", "sign_off", "note", "header_repeated", "heading", "id_separators"]
)
def test_rows_that_are_not_persons_are_found_the_same_both_ways(name: str) -> None:
    text, typed = _both_ways(ROWS / f"{name}.xlsxwriter.xlsx", RosterKind.EMPLOYEES)
    assert_frame_equal(text, typed)
    (text_persons, text_warnings), (typed_persons, typed_warnings) = split_persons(text), split_persons(typed)
    assert_frame_equal(text_persons, typed_persons)
    assert text_warnings == typed_warnings
    found = [
        check_frame(RosterKind.EMPLOYEES, persons, reference_date=REFERENCE)[0]
        for persons in (text_persons, typed_persons)
    ]
    assert found[0] == found[1]


def test_a_sheet_holding_an_error_value_is_read_with_its_cell_types_and_the_value_put_back() -> None:
    """Both readers give #N/A as blank: the scan sends the sheet to the typed reader, which gets it back."""
    path = ROWS / "formula_error.xlsxwriter.xlsx"
    sheet = next(read_sheets(path, as_text=True))
    assert sheet.text is None
    assert sheet.rows[2][4] == "#N/A"
    with zipfile.ZipFile(path) as archive:  # a sheet too big for the scan is looked at while it loads
        assert holds_typed_cells(Entries(path, archive), "xl/worksheets/sheet1.xml")
    assert next(read_sheets(path)).rows[2][4] == "#N/A"


def test_the_callers_own_work_is_done_once_while_a_sheet_loads() -> None:
    done: list[str] = []
    sheets = list(
        read_sheets(FILES / "employees_clean.xlsx", as_text=True, meanwhile=lambda: done.append("x"))
    )
    assert sheets[0].text is not None
    assert done == ["x"]
