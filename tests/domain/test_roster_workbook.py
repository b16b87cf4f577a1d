"""The annotated report (streamed) and the blank templates (XlsxWriter)."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from shenbao.domain.annotated_copy import write_report
from shenbao.domain.cells import neutralise
from shenbao.domain.problems import ProblemCode
from shenbao.domain.roster import RosterKind, RosterRow, check_roster_file, check_rows
from shenbao.domain.roster_columns import ROSTER_COLUMNS, ROW, TITLES
from shenbao.domain.workbook import write_template

FILES = Path(__file__).parent.parent / "files" / "rosters"
REFERENCE = date(2017, 3, 31)

EXACT_HEADERS = {
    RosterKind.EMPLOYEES: [
        "序号", "姓名", "性别（男/女）", "证件类型（身份证/护照）", "证件号码", "岗位", "社保缴纳单位",
        "社保缴纳单位组织机构代码", "是否本单位帐户缴纳社保（是/否）", "入职日期（日期格式）", "是否在职（是/否）",
        "离职日期（日期格式）", "在职时长（天）可不填",
    ],
    RosterKind.TRAINEES: ["序号", "姓名", "性别（男/女）", "证件类型（身份证/护照）", "证件号码", "培训内容", "考核证书名称", "录用企业名称"],
}  # fmt: skip


@pytest.mark.parametrize("text", ["=1+1", "+86", "-5", "@SUM(A1)"])
def test_text_starting_a_formula_is_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_ordinary_text_is_left_alone() -> None:
    assert neutralise("张伟") == "张伟"


def test_report_highlights_problem_cells_with_comments_and_adds_a_note_column(tmp_path: Path) -> None:
    result = check_roster_file(FILES / "employees_messy.xlsx", reference_date=REFERENCE)
    out = tmp_path / "report.xlsx"
    write_report(out, result)
    sheet = openpyxl.load_workbook(out)["检查结果"]
    header = [cell.value for cell in sheet[result.header_row or 0]]
    assert header[-1] == "问题说明"
    notes_col = len(header)
    id_col = header.index("证件号码") + 1
    assert "校验位" in str(sheet.cell(6, notes_col).value)
    assert sheet.cell(6, id_col).comment is not None
    assert "校验位" in sheet.cell(6, id_col).comment.text
    assert sheet.cell(6, id_col).fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(4, notes_col).value is None  # row 4 is clean


def test_report_lists_rows_that_are_not_persons_with_the_file_notes(tmp_path: Path) -> None:
    result = check_roster_file(FILES / "rows" / "sign_off.xlsxwriter.xlsx", reference_date=REFERENCE)
    out = tmp_path / "report.xlsx"
    write_report(out, result)
    book = openpyxl.load_workbook(out)
    notes = [cell.value for cell in book["文件提醒"]["A"]]
    assert notes == [p.message for p in result.problems]
    assert str(notes[0]).startswith("第 7 行是签字盖章栏，未计入人员")
    assert all(cell.value is None for cell in book["检查结果"][7])  # not copied as a person


def test_report_never_writes_a_formula(tmp_path: Path) -> None:
    checked = check_roster_file(FILES / "employees_clean.xlsx", reference_date=REFERENCE)
    assert checked.table is not None
    first = pl.col(ROW) == checked.row_numbers[0]
    name = pl.when(first).then(pl.lit('=HYPERLINK("http://x")')).otherwise(pl.col("姓名")).alias("姓名")
    result = dataclasses.replace(checked, table=checked.table.with_columns(name))
    buffer = io.BytesIO()
    write_report(buffer, result)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet is not None
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert '\'=HYPERLINK("http://x")' in values
    assert not any(value.startswith("=") for value in values)


@pytest.mark.parametrize("kind", list(RosterKind))
def test_template_has_the_title_and_the_exact_headers_of_the_attachment(
    tmp_path: Path, kind: RosterKind
) -> None:
    out = tmp_path / "template.xlsx"
    write_template(out, kind)
    book = openpyxl.load_workbook(out)
    sheet = book["花名册"]
    assert sheet.cell(1, 1).value == TITLES[kind]
    assert [cell.value for cell in sheet[2]] == EXACT_HEADERS[kind]
    assert [c.header for c in ROSTER_COLUMNS[kind]] == EXACT_HEADERS[kind]
    assert "填写说明" in book.sheetnames
    lists = {
        tuple(v.sqref.ranges)[0].min_col: v.formula1
        for v in sheet.data_validations.dataValidation
        if v.type == "list"
    }
    assert lists[3] == '"男,女"'
    assert lists[4] == '"身份证,护照"'
    formats = {
        col: d.number_format for d in sheet.column_dimensions.values() for col in range(d.min, d.max + 1)
    }
    assert formats[5] == "@"  # 证件号码 as text: Excel keeps every digit
    if kind is RosterKind.EMPLOYEES:
        assert formats[8] == "@"
        assert formats[10] == formats[12] == "yyyy-mm-dd"


def test_titles_are_those_of_the_notice() -> None:
    assert TITLES[RosterKind.EMPLOYEES] == "附件3.服务外包企业新录用员工培训支持申请表（模版）"
    assert TITLES[RosterKind.TRAINEES] == "附件4. 培训机构培训人员支持申请表（模版）"


def test_a_template_filled_correctly_passes_with_no_problem(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    write_template(out, RosterKind.EMPLOYEES)
    book = openpyxl.load_workbook(out)
    sheet = book["花名册"]
    values = ["张伟", "男", "身份证", "310115199003071239", "工程师", "某公司", "60003734-1", "是",
              datetime(2016, 3, 1), "否", datetime(2016, 3, 31), 30]  # fmt: skip
    for col, value in enumerate(values, start=2):
        sheet.cell(3, col, value)
    book.save(out)
    result = check_roster_file(out, reference_date=REFERENCE)
    assert result.problems == []
    assert result.row_count == 1


def test_an_empty_template_has_no_data_rows(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    write_template(out, RosterKind.TRAINEES)
    assert [p.code for p in check_roster_file(out, reference_date=REFERENCE).problems] == [
        ProblemCode.NO_DATA_ROWS
    ]


def test_check_rows_rechecks_an_edited_row() -> None:
    result = check_roster_file(FILES / "employees_clean.xlsx", reference_date=REFERENCE)
    rows = list(result.rows)
    rows[0] = RosterRow(rows[0].number, {**rows[0].values, "性别": "女"})
    problems = check_rows(RosterKind.EMPLOYEES, rows, reference_date=REFERENCE)
    assert [(p.row, p.code) for p in problems] == [(3, ProblemCode.ID_SEX_MISMATCH)]
