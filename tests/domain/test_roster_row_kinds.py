"""Rows that are not persons, formula error values, separators inside an ID and IDs whose digits are lost."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from shenbao.domain.idcard import check_character
from shenbao.domain.personal import person_key
from shenbao.domain.problems import ProblemCode, Severity
from shenbao.domain.roster import RosterKind, RosterRow, check_roster_file, check_rows
from shenbao.domain.roster_columns import ROSTER_COLUMNS, ROW
from shenbao.domain.roster_row_kinds import split_persons

ROWS = Path(__file__).parent.parent / "files" / "rosters" / "rows"
REFERENCE = date(2017, 3, 31)
APPLICANT = "91110000600037341L"
TENURE = "在职时长（天）"

# What each fixture kind must give, whoever wrote the file (make_row_fixtures.py says how each
# is laid out): the number of persons and every problem as (row, code, column, value).
EXPECTED: dict[str, tuple[int, set[tuple[int, ProblemCode, str | None, str]]]] = {
    "total": (3, {(6, ProblemCode.ROW_TOTAL, None, ""), (7, ProblemCode.ROW_TOTAL, None, ""), (8, ProblemCode.ROW_TOTAL, None, "")}),
    "table_total": (3, {(5, ProblemCode.ROW_TOTAL, None, "")}),
    "sign_off": (3, {(7, ProblemCode.ROW_SIGN_OFF, None, ""), (8, ProblemCode.ROW_SIGN_OFF, None, "")}),
    "note": (3, {(6, ProblemCode.ROW_NOTE, None, ""), (7, ProblemCode.ROW_NOTE, None, "")}),
    "header_repeated": (4, {(5, ProblemCode.ROW_HEADER_REPEATED, None, "")}),
    "heading": (4, {(3, ProblemCode.ROW_HEADING, None, ""), (7, ProblemCode.ROW_HEADING, None, "")}),
    "formula_error": (
        4,
        {
            (3, ProblemCode.FORMULA_ERROR, "证件号码", "#N/A"),
            (4, ProblemCode.FORMULA_ERROR, TENURE, "#DIV/0!"),
            (5, ProblemCode.FORMULA_ERROR, "岗位", "#REF!"),
            (6, ProblemCode.FORMULA_ERROR, "社保缴纳单位", "#NAME?"),
            (6, ProblemCode.FORMULA_ERROR, "入职日期", "#VALUE!"),
            (7, ProblemCode.ROW_TOTAL, None, ""),
        },
    ),
    "id_separators": (4, set()),
    "lost_digits": (
        3,
        {
            (3, ProblemCode.ID_STORED_AS_NUMBER, "证件号码", "3.10115E+17"),
            (4, ProblemCode.ID_STORED_AS_NUMBER, "证件号码", "3.10115E+17"),
        },
    ),
}  # fmt: skip
FIXTURES = sorted(path.name for path in ROWS.iterdir() if path.name.split(".")[0] in EXPECTED)


def test_every_kind_has_a_file_from_each_producer() -> None:
    made = {(name.split(".")[0], name.split(".")[1]) for name in FIXTURES}
    for kind in EXPECTED:
        producers = {producer for made_kind, producer in made if made_kind == kind}
        assert producers >= (
            {"xlsxwriter", "libreoffice"}
            if kind == "table_total"
            else {"xlsxwriter", "openpyxl", "libreoffice"}
        )


@pytest.mark.parametrize("name", FIXTURES)
def test_each_fixture_gives_its_persons_and_exactly_its_problems(name: str) -> None:
    rows, problems = EXPECTED[name.split(".")[0]]
    result = check_roster_file(ROWS / name, reference_date=REFERENCE, organisation_code=APPLICANT)
    assert result.row_count == rows
    assert {(p.row, p.code, p.column, p.value) for p in result.problems} == problems
    assert len(result.problems) == len(problems)  # each once


def test_a_row_that_is_not_a_person_is_a_warning_naming_its_row_and_not_counted() -> None:
    result = check_roster_file(
        ROWS / "total.xlsxwriter.xlsx", reference_date=REFERENCE, organisation_code=APPLICANT
    )
    first = result.problems[0]
    assert first.severity is Severity.WARNING
    assert first.message.startswith("第 6 行是合计行，未计入人员")
    assert not result.has_errors
    assert 6 not in result.row_numbers
    assert result.file_warnings == result.problems


def test_formula_errors_say_the_formula_returns_an_error_and_a_value_is_needed() -> None:
    result = check_roster_file(ROWS / "formula_error.xlsxwriter.xlsx", reference_date=REFERENCE)
    [problem] = [p for p in result.problems if p.column == "证件号码"]
    assert (
        problem.message
        == "第 3 行「证件号码」：公式返回了错误值 #N/A，这里需要填写证件号码：请改正公式，或删去公式直接填写"
    )
    # The checked rows show the value as the file does.
    assert result.rows[0].values["证件号码"] == "#N/A"


# --- split_persons on rows as extract_rows gives them -------------------------------------------

NAMES = [column.name for column in ROSTER_COLUMNS[RosterKind.EMPLOYEES]]
MAN = "310115199003071239"


def frame_of(*rows: dict[str, str]) -> pl.DataFrame:
    data: dict[str, list[object]] = {ROW: list(range(3, 3 + len(rows)))}
    data.update({name: [row.get(name, "") for row in rows] for name in NAMES})
    return pl.DataFrame(data, schema={ROW: pl.Int64, **dict.fromkeys(NAMES, pl.String)})


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ({"序号": "合计"}, ProblemCode.ROW_TOTAL),
        ({"姓名": "合  计", "岗位": "15人", TENURE: "4500"}, ProblemCode.ROW_TOTAL),
        ({"序号": "本页小计", "姓名": "共 15 名"}, ProblemCode.ROW_TOTAL),
        ({TENURE: "4500"}, ProblemCode.ROW_TOTAL),  # =SUM(M3:M16) alone
        ({"序号": "汇总", TENURE: "#DIV/0!"}, ProblemCode.ROW_TOTAL),
        (
            {"姓名": "单位负责人（签字）：", "社保缴纳单位组织机构代码": "（单位盖章）"},
            ProblemCode.ROW_SIGN_OFF,
        ),
        ({"姓名": "填表人：王五", "证件号码": "联系电话：021-12345678"}, ProblemCode.ROW_SIGN_OFF),
        ({"入职日期": "填报日期：2017年3月31日"}, ProblemCode.ROW_SIGN_OFF),
        ({"序号": "注：证件号码请填写 18 位"}, ProblemCode.ROW_NOTE),
        ({"姓名": "说明：在职时长可不填"}, ProblemCode.ROW_NOTE),
        ({"序号": "2. 在职时长可不填，由系统计算。"}, ProblemCode.ROW_NOTE),
        (
            {"序号": "序号", "姓名": "姓 名", "性别": "性别(男/女)", "证件号码": "身份证号码"},
            ProblemCode.ROW_HEADER_REPEATED,
        ),
        ({"序号": "一、在职人员"}, ProblemCode.ROW_HEADING),
        ({"姓名": "（二）已离职人员"}, ProblemCode.ROW_HEADING),
        ({"序号": "附件3.服务外包企业新录用员工培训支持申请表（模版）"}, ProblemCode.ROW_HEADING),
    ],
)
def test_rows_that_are_not_persons_are_named_by_their_content(row: dict[str, str], code: ProblemCode) -> None:
    persons, problems = split_persons(frame_of({"姓名": "张伟", "证件号码": MAN}, row))
    assert persons.get_column(ROW).to_list() == [3]
    assert [(p.row, p.code, p.severity) for p in problems] == [(4, code, Severity.WARNING)]


@pytest.mark.parametrize(
    "row",
    [
        {"姓名": "张伟"},  # a person whose other cells are still to be filled
        {"姓名": "合计", "证件号码": MAN},  # an ID number makes a person
        {"姓名": "单位负责人（签字）：", "性别": "男"},
        {"序号": "注：", "证件类型": "身份证"},
        {"姓名": "Maria Fernanda Gonzalez Rodriguez"},
        {"姓名": "李娜", "岗位": "项目负责人"},
        {"姓名": "王芳", "社保缴纳单位": "上海汇总信息技术有限公司"},
        {"证件号码": "#N/A", "性别": "女"},
        {"入职日期": "2016-03-01"},
        {"证件号码": "#N/A"},  # a look-up that failed on a person's row, not a sum
    ],
)
def test_a_row_that_might_be_a_person_stays_a_person(row: dict[str, str]) -> None:
    persons, problems = split_persons(frame_of(row))
    assert persons.height == 1
    assert problems == []


def test_a_row_holding_only_a_number_or_nothing_in_serial_is_dropped_silently() -> None:
    persons, problems = split_persons(
        frame_of({"序号": "6"}, {"序号": "备用"}, {"姓名": "张伟", "证件号码": MAN})
    )
    assert persons.get_column(ROW).to_list() == [5]
    assert problems == []


# --- formula error values, cell by cell ---------------------------------------------------------


def employee(**changes: str) -> dict[str, str]:
    row = {
        "序号": "1",
        "姓名": "张伟",
        "性别": "男",
        "证件类型": "身份证",
        "证件号码": MAN,
        "岗位": "软件工程师",
        "社保缴纳单位": "上海某某信息技术有限公司",
        "社保缴纳单位组织机构代码": APPLICANT,
        "是否本单位帐户缴纳社保": "是",
        "入职日期": "2016-03-01",
        "是否在职": "是",
        "离职日期": "",
        "在职时长（天）": "",
    }
    row.update(changes)
    return row


def check(*rows: dict[str, str]) -> list[tuple[int, ProblemCode, str | None]]:
    problems = check_rows(
        RosterKind.EMPLOYEES,
        [RosterRow(number, values) for number, values in enumerate(rows, start=3)],
        reference_date=REFERENCE,
        organisation_code=APPLICANT,
    )
    return [(p.row, p.code, p.column) for p in problems if p.row is not None]


ERRORS = ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "Err:502"]


@pytest.mark.parametrize("value", ERRORS)
@pytest.mark.parametrize("column", ["姓名", "性别", "证件号码", "入职日期", "是否在职", "离职日期", TENURE])
def test_a_formula_error_value_is_its_cells_one_problem(value: str, column: str) -> None:
    assert check(employee(**{column: value})) == [(3, ProblemCode.FORMULA_ERROR, column)]


def test_text_that_only_starts_like_an_error_value_is_checked_as_text() -> None:
    assert check(employee(姓名="#N/A组"), employee(证件号码="#REF", 姓名="李四")) == [
        (4, ProblemCode.ID_LENGTH, "证件号码")
    ]


# --- separators inside an ID number -------------------------------------------------------------

SEPARATORS = [" ", "  ", "\u3000", "\u00a0", "\t", "-", "－", "﹣", "‐", "‑", "‒", "–", "—", "―", "−", " - "]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_separators_inside_an_id_number_are_removed_before_it_is_checked(separator: str) -> None:
    grouped = separator.join((MAN[:6], MAN[6:14], MAN[14:]))
    woman = "310104199201152460"[:17]
    woman += check_character(woman)
    rows = [employee(证件号码=grouped), employee(证件号码=separator.join((woman[:6], woman[6:])), 性别="女")]
    assert check(*rows) == []
    assert person_key("身份证", grouped) == person_key("身份证", MAN)


@pytest.mark.parametrize("separator", SEPARATORS)
def test_an_id_number_grouped_with_separators_is_still_the_same_number(separator: str) -> None:
    grouped = separator.join((MAN[:6], MAN[6:14], MAN[14:]))
    assert check(employee(), employee(证件号码=grouped, 姓名="李四")) == [
        (4, ProblemCode.ID_DUPLICATE, "证件号码")
    ]


# --- IDs whose digits are lost ------------------------------------------------------------------


def test_two_ids_whose_digits_are_lost_are_not_duplicates_of_each_other() -> None:
    lost = employee(证件号码="3.10115E+17")
    assert check(lost, {**lost, "姓名": "李四"}, employee(), employee(姓名="王五")) == [
        (3, ProblemCode.ID_STORED_AS_NUMBER, "证件号码"),
        (4, ProblemCode.ID_STORED_AS_NUMBER, "证件号码"),
        (6, ProblemCode.ID_DUPLICATE, "证件号码"),
    ]
