"""The pre-load scan: far references and cells only the typed reader reads right, wherever a chunk ends."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter

from shenbao.domain import sheets
from shenbao.domain.problems import ProblemCode
from shenbao.domain.roster import check_roster_file
from shenbao.domain.roster_columns import ROSTER_COLUMNS, RosterKind
from shenbao.domain.sheet_limits import Limits, UnreadableFile
from shenbao.domain.sheet_scan import check_entry
from shenbao.domain.sheets import read_sheets
from shenbao.domain.zip_entries import CHUNK, Entries

REFERENCE = date(2017, 3, 31)
FIRST_CHUNK = 64 << 10  # what the scan reads first (the declared dimension is in it)
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
)
FOOT = b"</sheetData></worksheet>"
HEADERS = [column.header for column in ROSTER_COLUMNS[RosterKind.EMPLOYEES]]


def _with_sheet(base: Path, out: Path, sheet: bytes) -> Path:
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name = info.filename
            target.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else source.read(name))
    return out


def _base(tmp_path: Path) -> Path:
    book = xlsxwriter.Workbook(str(tmp_path / "base.xlsx"))
    book.add_worksheet().write_string(0, 0, "x")
    book.close()
    return tmp_path / "base.xlsx"


def _refusal(path: Path) -> ProblemCode:
    """What the scan says before anything is loaded (calamine would size its grid by a far cell)."""
    with zipfile.ZipFile(path) as archive, pytest.raises(UnreadableFile) as refused:
        check_entry(Entries(path, archive), "xl/worksheets/sheet1.xml", Limits(), scan=True)
    return refused.value.code


def _cut_at(boundary: int, before: bytes, text: bytes, cut: int, after: bytes) -> bytes:
    """``before`` + padding + ``text`` + ``after``, with ``text[:cut]`` ending exactly at ``boundary``."""
    xml = before + b" " * (boundary - len(before) - cut) + text + after
    assert xml[boundary - cut : boundary] == text[:cut]
    return xml


@pytest.mark.parametrize("boundary", [FIRST_CHUNK, FIRST_CHUNK + CHUNK])
def test_a_far_row_cut_in_two_by_a_chunk_end_is_still_refused(tmp_path: Path, boundary: int) -> None:
    row = b'<row r="1048576"><c><v>1</v></c></row>'
    xml = _cut_at(boundary, HEAD, row, row.index(b"104") + 3, FOOT)
    path = _with_sheet(_base(tmp_path), tmp_path / "far.xlsx", xml)
    assert _refusal(path) is ProblemCode.FILE_TOO_MANY_ROWS


def test_a_far_column_cut_in_two_by_a_chunk_end_is_still_refused(tmp_path: Path) -> None:
    cell = b'<row r="2"><c r="ZZ2"><v>1</v></c></row>'
    xml = _cut_at(FIRST_CHUNK + CHUNK, HEAD, cell, cell.index(b"ZZ") + 1, FOOT)
    path = _with_sheet(_base(tmp_path), tmp_path / "wide.xlsx", xml)
    assert _refusal(path) is ProblemCode.FILE_TOO_MANY_COLUMNS


def test_the_last_row_is_found_when_the_last_chunk_is_only_a_few_bytes(tmp_path: Path) -> None:
    """Rows in order end at row 300,000 (under a million, so no seven-digit test sees it)."""
    end = b'<row r="300000"><c r="A300000"><v>1</v></c></row>' + FOOT
    xml = HEAD + b" " * (FIRST_CHUNK + CHUNK + 3 - len(HEAD) - len(end)) + end
    path = _with_sheet(_base(tmp_path), tmp_path / "long.xlsx", xml)
    assert _refusal(path) is ProblemCode.FILE_TOO_MANY_ROWS


def _roster_xml(number_cell: bytes) -> tuple[bytes, bytes]:
    """A header row and one person whose 证件号码 cell is ``number_cell``: (start, rest) of the sheet."""
    header = (
        b'<row r="1">'
        + b"".join(
            b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), h.encode())
            for i, h in enumerate(HEADERS)
        )
        + b"</row>"
    )
    values = [
        "1",
        "张伟",
        "男",
        "身份证",
        "",
        "测试",
        "甲公司",
        "D2143569X",
        "是",
        "2016-03-01",
        "是",
        "",
        "",
    ]
    cells = b"".join(
        b'<c r="%s2" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), v.encode())
        for i, v in enumerate(values)
        if v
    )
    return HEAD.replace(b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', header), (
        b'<row r="2">' + cells + number_cell + b"</row>" + FOOT
    )


@pytest.fixture(params=["in the scan", "while loading"])
def when(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Small sheets are looked at in the scan, big ones while fastexcel loads: both ways here."""
    if request.param == "while loading":
        monkeypatch.setattr(sheets, "TYPES_IN_SCAN", 0)
    return str(request.param)


@pytest.mark.parametrize(
    "value",
    [b"1.10105199001011E+17", b"1.10105199001011E17", b"1.101051990010112e+17", b"110105199001011000"],
    ids=["Excel", "Apache POI", "openpyxl", "excelize"],
)
def test_an_id_written_as_a_number_in_any_form_is_read_with_its_cell_type(
    tmp_path: Path, value: bytes, when: str
) -> None:
    start, rest = _roster_xml(b'<c r="E2"><v>%s</v></c>' % value)
    path = _with_sheet(_base(tmp_path), tmp_path / "number.xlsx", start + rest)
    assert next(read_sheets(path, as_text=True)).text is None
    codes = [p.code for p in check_roster_file(path, reference_date=REFERENCE).problems]
    assert codes == [ProblemCode.ID_STORED_AS_NUMBER]


def test_an_exponent_cut_in_two_by_the_first_chunk_end_is_still_seen(tmp_path: Path, when: str) -> None:
    start, rest = _roster_xml(b'<c r="E2"><v>1.10105199001011E+17</v></c>')
    xml = _cut_at(FIRST_CHUNK, start, rest, rest.index(b"E+") + 1, b"")
    path = _with_sheet(_base(tmp_path), tmp_path / "cut.xlsx", xml)
    assert next(read_sheets(path, as_text=True)).text is None
    codes = [p.code for p in check_roster_file(path, reference_date=REFERENCE).problems]
    assert codes == [ProblemCode.ID_STORED_AS_NUMBER]


def test_a_sheet_with_a_boolean_cell_is_read_with_its_cell_types(tmp_path: Path, when: str) -> None:
    path = tmp_path / "bool.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_boolean(0, 0, True)
    book.close()
    assert next(read_sheets(path, as_text=True)).text is None
    clean = Path(__file__).parent.parent / "files" / "rosters" / "employees_clean.xlsx"
    assert next(read_sheets(clean, as_text=True)).text is not None
