"""Whole roster files: every format, header finding, blank and template rows, file problems."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from shenbao.domain.problems import ProblemCode
from shenbao.domain.roster import RosterKind, check_roster_file

FILES = Path(__file__).parent.parent / "files" / "rosters"
REFERENCE = date(2017, 3, 31)
APPLICANT = "91110000600037341L"


def check(name: str, **options: object):  # type: ignore[no-untyped-def]
    return check_roster_file(FILES / name, reference_date=REFERENCE, organisation_code=APPLICANT, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["employees_clean.xlsx", "employees_clean.xls", "employees_clean.ods"])
def test_a_clean_employee_roster_passes_in_every_spreadsheet_format(name: str) -> None:
    result = check(name)
    assert result.kind is RosterKind.EMPLOYEES
    assert result.problems == []
    assert result.row_count == 5


def test_rows_keep_the_spreadsheet_row_number_and_normalised_values() -> None:
    result = check("employees_clean.xlsx")
    first, second, third = result.rows[:3]
    assert result.header_row == 2
    assert [row.number for row in result.rows] == [3, 4, 5, 6, 7]
    assert first.values["入职日期"] == "2016-03-01"
    assert second.values["社保缴纳单位组织机构代码"] == "60003734-1"
    assert third.values["证件号码"].endswith("X") or third.values["证件号码"].isdigit()
    assert third.values["证件号码"] == third.values["证件号码"].upper()


def test_tenure_is_computed_to_the_leaving_date_or_the_reference_date() -> None:
    rows = check("employees_clean.xlsx").rows
    assert rows[0].tenure_days == (REFERENCE - date(2016, 3, 1)).days
    assert rows[1].tenure_days == 30


def test_template_rows_with_only_a_number_are_not_data() -> None:
    # employees_clean.xlsx has rows 8-10 numbered 6-8 and filled with U+3000 only.
    assert max(row.number for row in check("employees_clean.xlsx").rows) == 7


@pytest.mark.parametrize("name", ["trainees_utf8_bom.csv", "trainees_utf8.csv", "trainees_gb18030.csv"])
def test_trainee_csv_in_utf8_with_or_without_bom_and_in_gb18030(name: str) -> None:
    result = check(name)
    assert result.kind is RosterKind.TRAINEES
    assert result.row_count == 3
    assert result.rows[0].values["姓名"] == "张伟"
    assert [(p.row, p.column, p.code) for p in result.problems] == [
        (4, "考核证书名称", ProblemCode.REQUIRED_MISSING)
    ]


def test_messy_roster_finds_the_header_under_a_title_with_reordered_columns_and_odd_spelling() -> None:
    result = check("employees_messy.xlsx")
    assert result.kind is RosterKind.EMPLOYEES
    assert result.header_row == 3
    assert result.ignored_columns == ("备注",)
    assert result.row_count == 8


def test_messy_roster_reports_every_planted_problem_on_its_row() -> None:
    found = {(p.row, p.column, p.code) for p in check("employees_messy.xlsx").problems}
    assert found == {
        (3, None, ProblemCode.COLUMN_IGNORED),
        (5, "证件号码", ProblemCode.ID_STORED_AS_NUMBER),
        (6, "性别", ProblemCode.VALUE_NOT_ALLOWED),
        (6, "证件号码", ProblemCode.ID_CHECK_CHARACTER),
        (6, "入职日期", ProblemCode.DATE_INVALID),
        (7, "性别", ProblemCode.ID_SEX_MISMATCH),
        (7, "证件号码", ProblemCode.ID_DUPLICATE),
        (8, "姓名", ProblemCode.REQUIRED_MISSING),
        (8, "社保缴纳单位组织机构代码", ProblemCode.ORG_CODE_INVALID),
        (8, "离职日期", ProblemCode.LEAVE_DATE_MISSING),
        (9, "证件号码", ProblemCode.ID_FIRST_GENERATION),
        (9, "离职日期", ProblemCode.LEAVE_BEFORE_HIRE),
        (10, "证件号码", ProblemCode.PASSPORT_FORMAT),
        (10, "离职日期", ProblemCode.LEAVE_DATE_UNEXPECTED),
        (10, "在职时长（天）", ProblemCode.TENURE_MISMATCH),
        (11, "社保缴纳单位组织机构代码", ProblemCode.SOCIAL_INSURANCE_OTHER_ORGANISATION),
        (11, "入职日期", ProblemCode.DATE_AFTER_REFERENCE),
    }


def test_an_id_typed_as_a_number_says_to_format_the_column_as_text() -> None:
    [problem] = [
        p for p in check("employees_messy.xlsx").problems if p.code is ProblemCode.ID_STORED_AS_NUMBER
    ]
    assert "文本" in problem.message


def test_a_roster_of_the_other_kind_than_asked_is_refused() -> None:
    result = check("trainees_utf8.csv", kind=RosterKind.EMPLOYEES)
    assert [p.code for p in result.problems] == [ProblemCode.KIND_MISMATCH]
    assert not result.is_usable


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("bad/empty.xlsx", ProblemCode.FILE_EMPTY),
        ("bad/truncated.xlsx", ProblemCode.FILE_UNREADABLE),
        ("bad/not_a_spreadsheet.xlsx", ProblemCode.FILE_FORMAT_UNSUPPORTED),
        ("bad/encrypted.xlsx", ProblemCode.FILE_ENCRYPTED),
        ("bad/header_only.xlsx", ProblemCode.NO_DATA_ROWS),
        ("bad/no_header.xlsx", ProblemCode.HEADER_NOT_FOUND),
        ("bad/wide_5000_columns.xlsx", ProblemCode.FILE_TOO_MANY_COLUMNS),
        ("bad/far_cell.xlsx", ProblemCode.FILE_TOO_MANY_ROWS),  # its dimension says 1,048,576 rows
        ("bad/far_cell_lying_dimension.xlsx", ProblemCode.FILE_TOO_MANY_COLUMNS),
        ("bad/ten_million_rows.xlsx", ProblemCode.FILE_TOO_MANY_ROWS),
        ("bad/ten_million_rows_lying_dimension.xlsx", ProblemCode.FILE_TOO_MANY_ROWS),
        ("bad/far_row_out_of_order.xlsx", ProblemCode.FILE_TOO_MANY_ROWS),
        ("bad/zip_bomb.xlsx", ProblemCode.FILE_COMPRESSION_SUSPICIOUS),
        ("bad/ten_million_rows.ods", ProblemCode.FILE_TOO_MANY_ROWS),
        ("bad/wide_5000_columns.ods", ProblemCode.FILE_TOO_MANY_COLUMNS),
        # Security issue 16: the sheet calamine loads is the one scanned, and sizes are counted.
        ("bad/decoy_sheet_in_comment.xlsx", ProblemCode.FILE_TOO_MANY_COLUMNS),
        ("bad/lying_size.xlsx", ProblemCode.FILE_UNREADABLE),
    ],
)
def test_unusable_files_get_one_file_problem_and_no_rows(name: str, code: ProblemCode) -> None:
    result = check(name)
    assert [p.code for p in result.problems] == [code]
    assert result.problems[0].row is None
    assert not result.is_usable
    assert result.rows == []


def test_a_missing_required_column_is_named() -> None:
    result = check("bad/missing_column.xlsx")
    assert [(p.code, p.column) for p in result.problems] == [(ProblemCode.COLUMN_MISSING, "证件号码")]


def test_a_file_over_the_size_limit_is_refused_before_reading() -> None:
    result = check("employees_clean.xlsx", max_bytes=1000)
    assert [p.code for p in result.problems] == [ProblemCode.FILE_TOO_LARGE]


def test_a_file_over_the_row_limit_is_refused() -> None:
    result = check("employees_clean.xlsx", max_rows=3)
    assert [p.code for p in result.problems] == [ProblemCode.FILE_TOO_MANY_ROWS]


def test_a_missing_file_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    result = check_roster_file(tmp_path / "nothing.xlsx", reference_date=REFERENCE)
    assert [p.code for p in result.problems] == [ProblemCode.FILE_UNREADABLE]


def test_a_damaged_entry_inside_the_archive_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    data = bytearray((FILES / "employees_clean.xlsx").read_bytes())
    with zipfile.ZipFile(FILES / "employees_clean.xlsx") as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 10, start + 40):  # corrupt the deflate stream: bad data or bad CRC
        data[offset] ^= 0x5A
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    result = check_roster_file(path, reference_date=REFERENCE)
    assert [p.code for p in result.problems] == [ProblemCode.FILE_UNREADABLE]
