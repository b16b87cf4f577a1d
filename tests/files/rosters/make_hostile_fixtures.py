"""Make the hostile workbooks of security issue 16 once: ``python tests/files/rosters/make_hostile_fixtures.py``.

The files are committed under bad/; tests read them and never run this script.

- ``decoy_sheet_in_comment.xlsx``: workbook.xml lists a harmless sheet inside an XML comment
  ahead of the real one. A reader that finds sheets by pattern scans the decoy, while calamine
  (which skips comments) loads the real sheet: one cell at ALL100000, a grid of 100,000 × 1,000.
- ``lying_size.xlsx``: the sheet entry declares 4,096 bytes (with the CRC of its first 4,096
  bytes) but inflates to 128 MB of cells. A guard that trusts the declared size lets it through;
  calamine reads the whole stream.
- ``far_cell.xls``: a legacy .xls of 3 KB, a roster's header and one cell at IV65536.
  calamine builds every sheet of an .xls into a dense grid when it opens the file: 65,536 ×
  256 cells, about 1 GB.
- ``forged_directory.xls``: a legacy .xls whose directory entries each point twice at the next
  (a tree reached 2**40 ways) and holding a #N/A cell. calamine finds its stream by name and
  reads it; a reader that walks the directory tree (xlrd's, used for the #N/A cells) never ends.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import xlsxwriter
from make_fixtures import CLEAN_EMPLOYEES, EMPLOYEE_HEADERS, TITLE3
from xls_bytes import Entry, compound_file, error, label, number, workbook, xls

HERE = Path(__file__).parent
BAD = HERE / "bad"
SHEET = "xl/worksheets/sheet1.xml"
HEADERS = ["序号", "姓名", "性别（男/女）", "证件类型（身份证/护照）", "证件号码"]
DECLARED = 4096
INFLATED = 128 << 20


def two_sheet_workbook() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    roster = book.add_worksheet("花名册")
    roster.write_row(0, 0, HEADERS)
    roster.write_string("ALL100000", "x")
    book.add_worksheet("说明").write_string(0, 0, "填写说明")
    book.close()
    return buffer.getvalue()


def replace_entry(content: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as copy,
    ):
        for info in source.infolist():
            copy.writestr(info, body if info.filename == name else source.read(info.filename))
    return out.getvalue()


def write_decoy_sheet_in_comment(target: Path) -> None:
    content = two_sheet_workbook()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    sheets = (
        '<sheets><!-- <sheet name="说明" sheetId="2" r:id="rId2"/> -->'
        '<sheet name="花名册" sheetId="1" r:id="rId1"/></sheets>'
    )
    workbook = re.sub(r"<sheets>.*</sheets>", sheets, workbook)
    target.write_bytes(replace_entry(content, "xl/workbook.xml", workbook.encode()))


def write_lying_size(target: Path) -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("花名册").write_row(0, 0, HEADERS)
    book.close()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        sheet = archive.read(SHEET)
    cell = b'<c r="A3" t="inlineStr"><is><t>x</t></is></c>'
    head, foot = sheet.split(b"</sheetData>")
    body = (
        head + b'<row r="3">' + cell * ((INFLATED - len(sheet)) // len(cell)) + b"</row></sheetData>" + foot
    )
    content = bytearray(replace_entry(buffer.getvalue(), SHEET, body))
    crc = zlib.crc32(body[:DECLARED])
    # Local header: CRC at +14, uncompressed size at +22; central directory: +16 and +24.
    for signature, crc_at, size_at in ((b"PK\x03\x04", 14, 22), (b"PK\x01\x02", 16, 24)):
        start = content.find(signature)
        while start != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if content[name_at : name_at + len(SHEET)] == SHEET.encode():
                struct.pack_into("<I", content, start + crc_at, crc)
                struct.pack_into("<I", content, start + size_at, DECLARED)
            start = content.find(signature, start + 4)
    target.write_bytes(bytes(content))


def write_far_cell_xls(target: Path) -> None:
    cells = [label(0, col, header) for col, header in enumerate(HEADERS)]
    cells += [label(1, col, f"{col + 1}") for col in range(len(HEADERS))]
    target.write_bytes(xls({"花名册": [*cells, label(65535, 255, "x")], "说明": [label(0, 0, "填写说明")]}))


def write_forged_directory(target: Path) -> None:
    rows = [[TITLE3], EMPLOYEE_HEADERS, *CLEAN_EMPLOYEES]
    cells = [
        number(row, col, value) if isinstance(value, int) else label(row, col, str(value))
        for row, values in enumerate(rows)
        for col, value in enumerate(values)
        if (row, col) != (2, 4) and value not in ("", None)
    ]
    cells.append(error(2, 4))  # the first employee's 证件号码: #N/A
    # Entries 2…41 are storages whose left and right both name the next: 2**40 paths to the last.
    chain = [Entry(f"s{n}", kind=1, left=n + 3, right=n + 3) for n in range(40)] + [Entry("end")]
    content, _ = compound_file([Entry("Workbook", workbook({"花名册": cells})), *chain])
    target.write_bytes(content)


def main() -> None:
    write_decoy_sheet_in_comment(BAD / "decoy_sheet_in_comment.xlsx")
    write_lying_size(BAD / "lying_size.xlsx")
    write_far_cell_xls(BAD / "far_cell.xls")
    write_forged_directory(BAD / "forged_directory.xls")


if __name__ == "__main__":
    main()
