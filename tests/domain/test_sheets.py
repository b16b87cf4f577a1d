"""The sheet reader: encodings, delimiters, the first sheet that has a header."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import xlsxwriter

from shenbao.domain.problems import ProblemCode
from shenbao.domain.roster import RosterKind, check_roster_file
from shenbao.domain.sheets import Limits, UnreadableFile, decode_text, read_sheets

FILES = Path(__file__).parent.parent / "files" / "rosters"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("\ufeff姓名".encode(), "姓名"),
        ("姓名".encode(), "姓名"),
        ("姓名".encode("gb18030"), "姓名"),
        ("姓名".encode("utf-16"), "姓名"),
    ],
)
def test_text_encodings_are_recognised(raw: bytes, text: str) -> None:
    assert decode_text(raw) == text


def test_gb18030_file_is_not_read_as_utf8() -> None:
    [sheet] = read_sheets(FILES / "trainees_gb18030.csv")
    assert sheet.rows[1][1] == "张伟"


def test_tab_separated_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("序号\t姓名\t证件号码\n1\t张伟\t110\n", encoding="utf-8")
    [sheet] = read_sheets(path)
    assert sheet.rows[1] == ["1", "张伟", "110"]


def test_a_csv_over_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("序号,姓名\n" + "1,张伟\n" * 200, encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        list(read_sheets(path, limits=Limits(max_rows=100)))
    assert caught.value.code is ProblemCode.FILE_TOO_MANY_ROWS


def test_spreadsheet_rows_keep_their_row_numbers_after_leading_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "gap.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet().write_row(4, 2, ["序号", "姓名"])
    book.close()
    [sheet] = read_sheets(path)
    assert sheet.rows[4][2] == "序号"


def test_the_first_sheet_with_a_header_is_used(tmp_path: Path) -> None:
    path = tmp_path / "two_sheets.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("说明").write_string(0, 0, "请在第二个工作表填写")
    sheet = book.add_worksheet("名单")
    sheet.write_row(
        0, 0, ["序号", "姓名", "性别", "证件类型", "证件号码", "培训内容", "考核证书名称", "录用企业名称"]
    )
    sheet.write_row(1, 0, ["1", "张伟", "男", "护照", "E12345678", "Java", "软件设计师", "某公司"])
    book.close()
    result = check_roster_file(path, reference_date=date(2017, 3, 31))
    assert result.kind is RosterKind.TRAINEES
    assert result.sheet_name == "名单"
    assert result.problems == []


def test_ragged_csv_rows_are_padded_or_cut_to_the_header(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    header = "序号,姓名,性别,证件类型,证件号码,培训内容,考核证书名称,录用企业名称"
    path.write_text(
        f"{header}\n1,张伟,男,护照,E12345678,Java,软件设计师,某公司,,extra\n2,李娜,女,护照,E87654321\n",
        encoding="utf-8",
    )
    result = check_roster_file(path, reference_date=date(2017, 3, 31))
    assert result.row_count == 2
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "培训内容"),
        (3, "考核证书名称"),
        (3, "录用企业名称"),
    ]
