"""Make the fixtures of rows that are not persons and of odd cells: ``python tests/files/rosters/make_row_fixtures.py``.

Writes ``rows/<kind>.<producer>.<ext>``: each kind of sheet (a total row, a sign-off, notes, a
header pasted again, headings, formula error values, ID numbers grouped with separators, ID
numbers stored as numbers) as XlsxWriter, openpyxl and LibreOffice (converting the XlsxWriter
file to .ods, .xls and, for the error values, a UTF-8 .csv) write it. The files are committed;
tests/domain/test_roster_row_kinds.py says what each must give. Needs LibreOffice only here.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import xlsxwriter
from make_fixtures import CLEAN_EMPLOYEES, EMPLOYEE_HEADERS, MAN, TITLE3, id_number

OUT = Path(__file__).parent / "rows"
WIDTH = len(EMPLOYEE_HEADERS)


@dataclass(frozen=True)
class Formula:
    text: str
    cached: object  # what Excel would have saved: a number, text or an error value such as "#N/A"


@dataclass(frozen=True)
class Merged:
    text: str  # spans the whole row, as notes and headings usually do


Row = list[object] | Merged


def person(index: int, **changes: object) -> list[object]:
    row = list(CLEAN_EMPLOYEES[index])
    for column, value in changes.items():
        row[EMPLOYEE_HEADERS.index(column)] = value
    return row


P1, P2, P3, P4, P5 = (person(i) for i in range(5))
TENURE = "在职时长（天）可不填"
SUM = Formula("=SUM(M3:M5)", 30)
OTHER = id_number("310115", "19850101", 11)  # shows as 3.10115E+17 too once stored as a number


def cells(*values: object) -> list[object]:
    return [*values, *[""] * (WIDTH - len(values))]


def grouped(number: str, first: str, second: str) -> str:
    """An ID number written as 6 + 8 + 4 characters with these separators between."""
    return number[:6] + first + number[6:14] + second + number[14:]


IDS = [str(row[4]) for row in CLEAN_EMPLOYEES]


def at(column: str, value: object) -> list[object]:
    row = cells()
    row[EMPLOYEE_HEADERS.index(column)] = value
    return row


KINDS: dict[str, list[Row]] = {
    "total": [P1, P2, P3, [*cells("合计", "3人")[:-1], SUM], cells("", "总计：3 人"), at(TENURE, SUM)],
    "sign_off": [
        P1,
        P2,
        P3,
        cells(),
        cells("", "单位负责人（签字）：", "", "", "", "", "", "（单位盖章）"),
        cells(
            "", "填表人：王五", "", "", "联系电话：021-12345678", "", "", "", "", "填表日期：2017年3月31日"
        ),
    ],
    "note": [
        P1,
        P2,
        P3,
        Merged("注：1. 证件号码请填写 18 位身份证号码。"),
        Merged("2. 在职时长可不填，由系统计算。"),
    ],
    "header_repeated": [P1, P2, list(EMPLOYEE_HEADERS), P3, P4],
    "heading": [Merged("一、在职人员"), P1, P3, P4, cells("", "二、已离职人员"), P2],
    "formula_error": [
        person(0, 证件号码=Formula("=VLOOKUP(B3,$Z$1:$Z$2,1,0)", "#N/A")),
        person(1, **{TENURE: Formula("=1/0", "#DIV/0!")}),
        person(2, 岗位=Formula('=INDIRECT("ZZ")', "#REF!")),
        person(
            3,
            社保缴纳单位=Formula("=FOOBAR()", "#NAME?"),
            **{"入职日期（日期格式）": Formula('=1+"a"', "#VALUE!")},
        ),
        [*cells("合计")[:-1], Formula("=SUM(M3:M6)", "#DIV/0!")],
    ],
    "id_separators": [
        person(0, 证件号码=grouped(IDS[0], " ", " ")),
        person(1, 证件号码=grouped(IDS[1], "-", "-")),
        person(2, 证件号码=grouped(IDS[2], "－", "\u3000")),
        person(4, 证件号码=grouped(IDS[4], "–", "")),
    ],
    "lost_digits": [person(0, 证件号码=int(MAN)), person(1, 证件号码=int(OTHER)), P3],
}
PRODUCERS = ("xlsxwriter", "openpyxl")


def write_xlsxwriter(path: Path, rows: list[Row]) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("花名册")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range(0, 0, 0, WIDTH - 1, TITLE3)
    sheet.write_row(1, 0, EMPLOYEE_HEADERS)
    for r, row in enumerate(rows, start=2):
        if isinstance(row, Merged):
            sheet.merge_range(r, 0, r, WIDTH - 1, row.text)
            continue
        for c, value in enumerate(row):
            if isinstance(value, Formula):
                sheet.write_formula(r, c, value.text, None, value.cached)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, str(value))
    book.close()


def write_openpyxl(path: Path, rows: list[Row]) -> None:
    """openpyxl saves no formula results: an error value is written as one (t="e"), as a sheet
    whose formulas were pasted as values holds it."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "员工"
    sheet.append([TITLE3])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=WIDTH)
    sheet.append(EMPLOYEE_HEADERS)
    for row in rows:
        if isinstance(row, Merged):
            sheet.append([row.text])
            number = sheet.max_row
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=WIDTH)
            continue
        values = [value.cached if isinstance(value, Formula) else value for value in row]
        sheet.append([None if value == "" else value for value in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd"
    book.save(path)


def convert(source: Path, target: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            ["libreoffice", "--headless", "--convert-to", target, "--outdir", out, str(source)],
            check=True,
            capture_output=True,
        )
        extension = target.split(":")[0]
        shutil.move(Path(out) / f"{source.stem}.{extension}", OUT / f"{name}.libreoffice.{extension}")


def write_table_total(path: Path) -> None:
    """An Excel table with its total row: 汇总 under 序号, SUBTOTAL under 在职时长（天）."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("花名册")
    data = [
        [value.isoformat() if isinstance(value, date) else value for value in row] for row in (P1, P2, P3)
    ]
    columns: list[dict[str, object]] = [{"header": header} for header in EMPLOYEE_HEADERS]
    columns[0]["total_string"] = "汇总"
    columns[-1]["total_function"] = "sum"
    columns[-1]["total_value"] = 30
    sheet.add_table(0, 0, len(data) + 1, WIDTH - 1, {"data": data, "columns": columns, "total_row": True})
    book.close()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for kind, rows in KINDS.items():
        write_xlsxwriter(OUT / f"{kind}.xlsxwriter.xlsx", rows)
        write_openpyxl(OUT / f"{kind}.openpyxl.xlsx", rows)
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / f"{kind}.xlsx"
            shutil.copy(OUT / f"{kind}.xlsxwriter.xlsx", source)
            convert(source, "ods", kind)
            convert(source, "xls", kind)
            if kind == "formula_error":  # 76: UTF-8
                convert(source, "csv:Text - txt - csv (StarCalc):44,34,76", kind)
    write_table_total(OUT / "table_total.xlsxwriter.xlsx")
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "table_total.xlsx"
        shutil.copy(OUT / "table_total.xlsxwriter.xlsx", source)
        convert(source, "ods", "table_total")


if __name__ == "__main__":
    main()
