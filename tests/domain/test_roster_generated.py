"""A generated roster of two joined blocks with totals, notes and a sign-off, read both ways."""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import xlsxwriter

from shenbao.domain.idcard import check_character
from shenbao.domain.problems import ProblemCode, Severity
from shenbao.domain.roster import check_roster_file
from shenbao.domain.roster_columns import ROSTER_COLUMNS, RosterKind

REFERENCE = date(2017, 3, 31)
APPLICANT = "91110000600037341L"
COLUMNS = ROSTER_COLUMNS[RosterKind.EMPLOYEES]
HEADERS = [column.header for column in COLUMNS]
BLOCK = 60
# Injected into every 7th person, in turn: the code each must give, on that person's row.
INJECTIONS = {
    "id_check_character": ("证件号码", ProblemCode.ID_CHECK_CHARACTER),
    "value_not_allowed": ("是否本单位帐户缴纳社保", ProblemCode.VALUE_NOT_ALLOWED),
    "required_missing": ("姓名", ProblemCode.REQUIRED_MISSING),
    "date_invalid": ("入职日期", ProblemCode.DATE_INVALID),
    "formula_error": ("证件号码", ProblemCode.FORMULA_ERROR),
    "sex_mismatch": ("性别", ProblemCode.ID_SEX_MISMATCH),
}


class Formula(str):
    """A cell written as a formula whose saved result is this text (an error value)."""


def person(rng: random.Random, serial: int, inject: str | None) -> list[object]:
    sex = rng.choice("男女")
    born = date(1980, 1, 1) + timedelta(days=rng.randrange(7000))
    first17 = f"310115{born:%Y%m%d}{rng.randrange(0, 998, 2) + (sex == '男'):03d}"
    values: dict[str, object] = {
        "序号": serial,
        "姓名": "张" + rng.choice("伟芳娜强磊军洋") + str(serial),
        "性别": sex,
        "证件类型": "身份证",
        "证件号码": first17 + check_character(first17),
        "岗位": "软件工程师",
        "社保缴纳单位": "上海某某信息技术有限公司",
        "社保缴纳单位组织机构代码": APPLICANT,
        "是否本单位帐户缴纳社保": "是",
        "入职日期": date(2015, 1, 1) + timedelta(days=rng.randrange(600)),
        "是否在职": "是",
        "离职日期": "",
        "在职时长（天）": "",
    }
    number = str(values["证件号码"])
    if inject == "id_check_character":
        values["证件号码"] = number[:17] + "0123456789X".replace(number[17], "")[0]
    elif inject == "value_not_allowed":
        values["是否本单位帐户缴纳社保"] = "不是"
    elif inject == "required_missing":
        values["姓名"] = ""
    elif inject == "date_invalid":
        values["入职日期"] = "2016-02-30"
    elif inject == "formula_error":
        values["证件号码"] = Formula("#N/A")
    elif inject == "sex_mismatch":
        values["性别"] = "女" if sex == "男" else "男"
    return [values[column.name] for column in COLUMNS]


def generate() -> tuple[list[list[object]], dict[int, tuple[str, ProblemCode]], dict[int, ProblemCode]]:
    """The sheet's rows from row 1, the injected errors and the rows that are not persons, by row number."""
    rng = random.Random(15)
    rows: list[list[object]] = [["附件3.服务外包企业新录用员工培训支持申请表（模版）"], HEADERS]
    injected: dict[int, tuple[str, ProblemCode]] = {}
    not_persons: dict[int, ProblemCode] = {}
    kinds = list(INJECTIONS)
    for block in range(2):
        if block:  # the second block pasted with its own header
            rows.append(HEADERS)
            not_persons[len(rows)] = ProblemCode.ROW_HEADER_REPEATED
        first = len(rows) + 1
        for serial in range(1, BLOCK + 1):
            inject = kinds[(serial // 7) % len(kinds)] if serial % 7 == 0 else None
            rows.append(person(rng, serial, inject))
            if inject:
                injected[len(rows)] = INJECTIONS[inject]
        rows.append(["小计", f"{BLOCK}人", *[""] * 10, Formula(f"=SUM(M{first}:M{len(rows)})")])
        not_persons[len(rows)] = ProblemCode.ROW_TOTAL
    rows.append(["合计", f"{2 * BLOCK}人"])
    not_persons[len(rows)] = ProblemCode.ROW_TOTAL
    rows.append([])
    rows.append(["", "单位负责人（签字）：", "", "", "", "", "", "（单位盖章）"])
    not_persons[len(rows)] = ProblemCode.ROW_SIGN_OFF
    rows.append(["注：本表一式两份，在职时长可不填。"])
    not_persons[len(rows)] = ProblemCode.ROW_NOTE
    return rows, injected, not_persons


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, Formula) and value.startswith("="):
                sheet.write_formula(r, c, value, None, 0)
            elif isinstance(value, Formula):  # an error value, as a failed look-up saves it
                sheet.write_formula(r, c, "=VLOOKUP(1,Z1:Z2,1,0)", None, value)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, str(value))
    book.close()


def write_csv(path: Path, rows: list[list[object]]) -> None:
    """As a spreadsheet saves it as CSV: formulas give their results, dates their text."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(["0" if isinstance(v, Formula) and v.startswith("=") else str(v) for v in row])


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_generated_roster_counts_persons_only_and_finds_every_injected_error(
    tmp_path: Path, suffix: str
) -> None:
    rows, injected, not_persons = generate()
    path = tmp_path / f"roster{suffix}"
    (write_xlsx if suffix == ".xlsx" else write_csv)(path, rows)
    result = check_roster_file(path, reference_date=REFERENCE, organisation_code=APPLICANT)

    assert result.row_count == 2 * BLOCK
    warnings = [(p.row, p.code) for p in result.problems if p.severity is Severity.WARNING]
    assert sorted(warnings) == sorted(not_persons.items())  # one each
    errors = {(p.row, p.column, p.code) for p in result.problems if p.severity is Severity.ERROR}
    assert errors == {(row, column, code) for row, (column, code) in injected.items()}
    assert not set(not_persons) & set(result.row_numbers)
