"""The parts calamine will read are the parts checked: found as calamine finds them, sized as they inflate."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import xlsxwriter

from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheets import UnreadableFile, read_sheets
from shenbao.domain.xlsx_parts import xlsx_parts
from shenbao.domain.zip_entries import Entries

FILES = Path(__file__).parent.parent / "files" / "rosters"
SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("花名册")
    sheet.write_row(0, 0, ["姓名", "证件号码"])
    sheet.write_row(1, 0, ["张伟", "x"])
    book.close()
    return buffer.getvalue()


BASE = workbook_bytes()


def rewritten(
    content: bytes, changes: dict[str, bytes | None], renames: dict[str, str] | None = None
) -> bytes:
    """The archive with entries replaced (None drops one, a new name adds one) and renamed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            name = info.filename
            body = changes.get(name, source.read(name))
            if body is not None:
                target.writestr((renames or {}).get(name, name), body)
        for name, body in changes.items():
            if name not in source.namelist() and body is not None:
                target.writestr(name, body)
    return out.getvalue()


def with_sheets(sheets: str, content: bytes = BASE) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    start, end = workbook.index("<sheets>"), workbook.index("</sheets>") + len("</sheets>")
    return rewritten(content, {"xl/workbook.xml": (workbook[:start] + sheets + workbook[end:]).encode()})


def declaring(content: bytes, name: str, *, size: int | None = None, crc: int | None = None) -> bytes:
    """The archive with the size or CRC that ``name``'s headers (local and central) declare changed."""
    data = bytearray(content)
    for signature, crc_at, size_at, name_at in ((b"PK\x03\x04", 14, 22, 30), (b"PK\x01\x02", 16, 24, 46)):
        start = data.find(signature)
        while start != -1:
            if data[start + name_at : start + name_at + len(name)] == name.encode():
                if crc is not None:
                    struct.pack_into("<I", data, start + crc_at, crc)
                if size is not None:
                    struct.pack_into("<I", data, start + size_at, size)
            start = data.find(signature, start + 4)
    return bytes(data)


def parts_of(tmp_path: Path, content: bytes) -> list[tuple[str, str | None]]:
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    with zipfile.ZipFile(path) as archive:
        return list(xlsx_parts(Entries(path, archive)).sheets)


def rows_of(tmp_path: Path, content: bytes, name: str = "book.xlsx") -> list[list[object]]:
    path = tmp_path / name
    path.write_bytes(content)
    return [row for sheet in read_sheets(path) for row in sheet.rows]


def refusal(tmp_path: Path, content: bytes, name: str = "book.xlsx") -> UnreadableFile:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as refused:
        list(read_sheets(path, as_text=True))
    return refused.value


def test_a_sheet_in_a_comment_cdata_or_processing_instruction_is_no_sheet(tmp_path: Path) -> None:
    hidden = (
        '<sheets><!-- <sheet name="甲" sheetId="2" r:id="rId1"/> -->'
        '<?decoy <sheet name="乙" sheetId="3" r:id="rId1"/> ?>'
        '<sheet name="花名册" sheetId="1" r:id="rId1"/></sheets>'
        '<extLst><ext uri="x"><![CDATA[<sheet name="丙" sheetId="4" r:id="rId1"/>]]></ext></extLst>'
    )
    assert parts_of(tmp_path, with_sheets(hidden)) == [("花名册", SHEET)]
    assert rows_of(tmp_path, with_sheets(hidden))[1] == ["张伟", "x"]


def test_the_workbook_folder_is_the_one_the_package_relationships_name(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(BASE)) as archive:
        names = archive.namelist()
        package = archive.read("_rels/.rels").replace(b"xl/workbook.xml", b"book/workbook.xml")
    moved = {name: name.replace("xl/", "book/", 1) for name in names if name.startswith("xl/")}
    content = rewritten(BASE, {"_rels/.rels": package}, moved)
    # A decoy where a reader that assumes xl/ would look: never read.
    content = rewritten(content, {"xl/workbook.xml": b"<not xml", SHEET: b"<not xml"})
    assert parts_of(tmp_path, content) == [("花名册", "book/worksheets/sheet1.xml")]
    assert rows_of(tmp_path, content)[1] == ["张伟", "x"]


def test_entry_names_are_matched_ignoring_case_as_calamine_matches_them(tmp_path: Path) -> None:
    content = rewritten(BASE, {}, {SHEET: "XL/Worksheets/Sheet1.XML"})
    assert parts_of(tmp_path, content) == [("花名册", "XL/Worksheets/Sheet1.XML")]
    assert rows_of(tmp_path, content)[1] == ["张伟", "x"]


@pytest.mark.parametrize("name", ["book.xlsb", "book.XLSX", "book", "book.ods"])
def test_a_workbook_is_read_as_the_format_it_was_checked_as_whatever_its_name(
    tmp_path: Path, name: str
) -> None:
    assert rows_of(tmp_path, BASE, name)[1] == ["张伟", "x"]


def _relationships(content: bytes, old: bytes, new: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        rels = archive.read("xl/_rels/workbook.xml.rels")
    assert old in rels
    return rewritten(content, {"xl/_rels/workbook.xml.rels": rels.replace(old, new)})


def _with_dtd(content: bytes) -> bytes:
    workbook = _inflated(content, "xl/workbook.xml")
    end = workbook.index(b"?>") + 2
    dtd = b"<!DOCTYPE workbook [<!ENTITY e 'x'>]>"
    return rewritten(content, {"xl/workbook.xml": workbook[:end] + dtd + workbook[end:]})


def _inflated(content: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name)


AMBIGUOUS = {
    "a DTD": _with_dtd(BASE),
    "an escaped relationship target": _relationships(
        BASE, b'Target="worksheets/sheet1.xml"', b'Target="worksheets/sheet&#49;.xml"'
    ),
    "one relationship id twice": _relationships(
        BASE,
        b"</Relationships>",
        b'<Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet2.xml"/></Relationships>',
    ),
    "a sheet with two ids": with_sheets(
        '<sheets><sheet name="花名册" sheetId="1" r:id="rId1" xmlns:o="o" o:id="rId2"/></sheets>'
    ),
    "a namespace prefix named id": with_sheets(
        '<sheets><sheet xmlns:id="rId2" name="花名册" sheetId="1" r:id="rId1"/></sheets>'
    ),
    "a sheet without a relationship": with_sheets(
        '<sheets><sheet name="花名册" sheetId="1" r:id="rId9"/></sheets>'
    ),
    "two sheets with one name": with_sheets(
        '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/><sheet name="花名册" sheetId="2" r:id="rId1"/></sheets>'
    ),
    "two entries whose names differ only in case": rewritten(
        BASE, {"XL/worksheets/sheet1.xml": b"<worksheet/>"}
    ),
    "not well-formed XML": with_sheets('<sheets><sheet name="花名册" sheetId="1" r:id="rId1"></sheets>'),
}


@pytest.mark.parametrize("case", sorted(AMBIGUOUS))
def test_a_workbook_two_readers_could_read_differently_is_refused(tmp_path: Path, case: str) -> None:
    assert refusal(tmp_path, AMBIGUOUS[case]).code is ProblemCode.FILE_UNREADABLE


def test_an_archive_with_two_end_records_is_refused(tmp_path: Path) -> None:
    content = BASE + BASE[BASE.rindex(b"PK\x05\x06") :]
    assert refusal(tmp_path, content).code is ProblemCode.FILE_UNREADABLE


@pytest.mark.parametrize("name", [SHEET, "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"])
def test_an_entry_inflating_past_its_declared_size_is_refused(tmp_path: Path, name: str) -> None:
    body = _inflated(BASE, name)
    # The CRC of the bytes a reader that stops at the declared size would see: it cannot tell.
    lying = declaring(BASE, name, size=len(body) // 2, crc=zlib.crc32(body[: len(body) // 2]))
    assert refusal(tmp_path, lying).code is ProblemCode.FILE_UNREADABLE


def test_an_entry_inflating_to_less_than_its_declared_size_is_refused(tmp_path: Path) -> None:
    lying = declaring(BASE, SHEET, size=len(_inflated(BASE, SHEET)) + 1)
    assert refusal(tmp_path, lying).code is ProblemCode.FILE_UNREADABLE


def test_an_entry_whose_crc_differs_is_refused(tmp_path: Path) -> None:
    lying = declaring(BASE, "xl/sharedStrings.xml", crc=12345)
    assert refusal(tmp_path, lying).code is ProblemCode.FILE_UNREADABLE


def test_an_ods_content_inflating_past_its_declared_size_is_refused(tmp_path: Path) -> None:
    content = (FILES / "employees_clean.ods").read_bytes()
    body = _inflated(content, "content.xml")
    lying = declaring(content, "content.xml", size=len(body) // 2, crc=zlib.crc32(body[: len(body) // 2]))
    assert refusal(tmp_path, lying, "book.ods").code is ProblemCode.FILE_UNREADABLE


def test_the_clean_fixtures_still_read(tmp_path: Path) -> None:
    for name in ("employees_clean.xlsx", "employees_clean.ods", "employees_messy.xlsx"):
        shutil.copy(FILES / name, tmp_path / name)
        assert any(sheet.rows for sheet in read_sheets(tmp_path / name)), name


def test_another_office_document_is_not_a_spreadsheet(tmp_path: Path) -> None:
    package = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("_rels/.rels", package)
        archive.writestr("word/document.xml", b"<document/>")
    assert refusal(tmp_path, out.getvalue()).code is ProblemCode.FILE_FORMAT_UNSUPPORTED
