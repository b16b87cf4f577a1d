"""Formula error values (#N/A, #REF!, Err:502…) put back into the cells the readers give as blank.

python-calamine and fastexcel both read a cell holding a formula's error value as empty (their
cell conversions have no error type), so ``=VLOOKUP(…)`` showing ``#N/A`` would be reported as
未填写. The value is still in the file: ``<c t="e"><v>#N/A</v></c>`` in an .xlsx sheet,
``calcext:value-type="error"`` with the text shown in an .ods, an error result in an .xls
FORMULA record (read with xlrd). A CSV holds it as text already. Error cells are rare, so the
exact passes run only on a sheet that has one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from xml.etree.ElementTree import iterparse

from shenbao.domain.sheet_limits import HEADER_ALLOWANCE, Limits

Cell = object
ErrorCell = tuple[int, int, str]  # row index, column index, the error value as shown

_ERROR_TYPE = b't="e"'
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_CHUNK = 4 << 20


def xlsx_error_cells(chunks: Iterable[bytes]) -> list[ErrorCell]:
    """The error cells of an .xlsx sheet read as ``chunks`` of its XML, each cut after a whole row.

    A cell without an ``r`` reference (the format allows it, no common writer does it) is left
    as the reader gave it.
    """
    found: list[ErrorCell] = []
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = data.rfind(b"</row>") + len(b"</row>")
        if cut < len(b"</row>"):  # no row ends in it yet
            carry = data
            continue
        found += _xlsx_errors_in(data[:cut])
        carry = data[cut:]
    return found + _xlsx_errors_in(carry)


def _xlsx_errors_in(data: bytes) -> list[ErrorCell]:
    from xml.sax.saxutils import unescape  # imports urllib and ssl: only for a sheet with error cells

    found: list[ErrorCell] = []
    at = data.find(_ERROR_TYPE)
    while at >= 0:
        start = data.rfind(b"<c ", 0, at)
        end = data.find(b"</c>", at)
        tag_end = data.find(b">", start)
        if start >= 0 and end >= 0 and tag_end >= 0 and at < tag_end:
            ref, value = _REF.search(data, start, tag_end), _VALUE.search(data, tag_end, end)
            if ref and value:
                text = unescape(value[1].decode("utf-8", "replace")).strip()
                found.append((int(ref[2]) - 1, _column_index(ref[1]), text))
        at = data.find(_ERROR_TYPE, at + 1)
    return found


def _column_index(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_CALCEXT_TYPE = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"
ODS_ERROR_MARK = b'calcext:value-type="error"'


def ods_error_cells(content: bytes, limits: Limits) -> dict[int, list[ErrorCell]]:
    """Sheet index → the error cells of an .ods content.xml (LibreOffice marks them in calcext).

    Rows and cells repeat (number-rows-repeated, number-columns-repeated); counting stops at
    the largest sheet the limits allow, beyond which the reader has refused the file anyway.
    """
    found: dict[int, list[ErrorCell]] = {}
    if ODS_ERROR_MARK not in content:
        return found
    sheet, row, col = -1, 0, 0
    last_row = limits.max_rows + HEADER_ALLOWANCE
    for event, element in iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == _TABLE + "table":
                sheet, row = sheet + 1, 0
            elif tag == _TABLE + "table-row":
                col = 0
            continue
        if tag == _TABLE + "table-row":
            row += int(element.get(_TABLE + "number-rows-repeated", "1"))
            element.clear()
        elif tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            if element.get(_CALCEXT_TYPE) == "error" and row < last_row:
                text = "".join(element.itertext()).strip()
                found.setdefault(sheet, []).append((row, col, text))
            col += int(element.get(_TABLE + "number-columns-repeated", "1"))
    return found


def put_back(rows: list[list[Cell]], cells: list[ErrorCell]) -> None:
    """Write each error value into the sheet's rows, where the reader left the cell blank."""
    for row, col, text in cells:
        if row < len(rows) and col < len(rows[row]) and rows[row][col] in ("", None):
            rows[row][col] = text


# BIFF8: a FORMULA record's cached result when it is an error (02 00 code 00 00 00 FF FF), and a
# BOOLERR record holding an error constant; the codes are those of #NULL! … #N/A. A cheap look
# at the workbook stream (compound_file: its sectors already joined) before xlrd parses it.
_XLS_CODES = rb"[\x00\x07\x0f\x17\x1d\x24\x2a]"
_XLS_ERROR = re.compile(
    rb"\x02\x00" + _XLS_CODES + rb"\x00\x00\x00\xff\xff|\x05\x02\x08\x00.{6}" + _XLS_CODES + rb"\x01",
    re.DOTALL,
)


def xls_may_hold_errors(stream: bytes) -> bool:
    return _XLS_ERROR.search(stream) is not None


def xls_error_cells(stream: bytes) -> dict[str, list[ErrorCell]]:
    """Sheet name → the error cells of an .xls workbook stream, read with xlrd (calamine has the
    file's cells). xlrd is given the stream calamine read (compound_file), not the file: its
    own compound-file reader may find another stream, and is not bounded on a forged one."""
    import xlrd

    found: dict[str, list[ErrorCell]] = {}
    try:
        book = xlrd.open_workbook(file_contents=stream, on_demand=True, logfile=io.StringIO())
        for name in book.sheet_names():
            sheet = book.sheet_by_name(name)
            found[name] = [
                (row, col, xlrd.error_text_from_code.get(sheet.cell_value(row, col), "#N/A"))
                for row in range(sheet.nrows)
                for col, kind in enumerate(sheet.row_types(row))
                if kind == xlrd.XL_CELL_ERROR
            ]
            book.unload_sheet(name)
    except Exception:  # xlrd raises many types on odd files; calamine has read the cells already
        return found
    return found
