"""A lean streaming .xlsx writer for the annotated copy of a large roster.

Written by hand, and kept to what the annotated copy needs (inline strings, five fixed cell
styles, column widths, cell comments, several sheets), because XlsxWriter spends about 6.5 s
per 100,000 rows in its per-cell Python code (issue 14 measured it; bench/exports.py measures
both). Everything else shenbao writes (templates, 附件2, exports) still uses XlsxWriter.
The parts follow what XlsxWriter itself writes, so Excel, WPS, LibreOffice, openpyxl and
calamine read the result (tests/domain/test_xlsx_stream.py reads it back).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import IO

import polars as pl

from shenbao.domain.cells import FORMULA_PATTERN, neutralise


class Style(IntEnum):
    """Cell styles, numbered as in styles.xml's cellXfs."""

    PLAIN = 0
    HEADER = 1
    BOLD = 2
    ERROR = 3
    WARNING = 4


# One cell to write: its 0-based column, its text and its style.
Cell = tuple[int, str, Style]

_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# Characters XML 1.0 cannot carry; Excel writes them as _xHHHH_.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Most cells need no escaping at all: one search decides.
_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Rows are joined and written in blocks: one write per row costs more than the XML itself.
_BLOCK = 1000
# Rows whose XML polars builds at once: big enough to amortise, small enough to keep memory flat.
_SLICE = 10_000


def _escape(text: str) -> str:
    if not _SPECIAL.search(text):
        return text
    text = text.translate(_ESCAPES)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_xml(row: int, col: int, text: str, style: Style) -> str:
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    styled = f' s="{int(style)}"' if style else ""
    return f'<c r="{_LETTERS[col]}{row}"{styled} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _row_xml_of(number: int, cells: Iterable[Cell]) -> str:
    return f'<row r="{number}">{"".join(_cell_xml(number, col, text, style) for col, text, style in cells)}</row>'


@dataclass(frozen=True, slots=True)
class SheetColumn:
    """Where a sheet column's cells come from: a text column of the table and, optionally, a Style column."""

    text: str
    style: str | None = None


def _row_xml(number: str, columns: Sequence[SheetColumn]) -> pl.Expr:
    """The XML of each row, built from whole columns; null where a cell holds a character XML cannot carry."""
    row = pl.col(number).cast(pl.String)
    cells = []
    unusual = []
    for col, column in enumerate(columns):
        value = pl.col(column.text).fill_null("")
        text = pl.when(value.str.contains(FORMULA_PATTERN)).then(pl.lit("'") + value).otherwise(value)
        for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = text.str.replace_all(char, entity, literal=True)
        styled = pl.lit("")
        if column.style is not None:
            style = pl.col(column.style)
            styled = pl.when(style > 0).then(pl.format(' s="{}"', style)).otherwise(pl.lit(""))
        reference = pl.concat_str([pl.lit(f'<c r="{_LETTERS[col]}'), row, pl.lit('"')])
        tail = pl.lit(' t="inlineStr"><is><t xml:space="preserve">')
        cell = pl.concat_str([reference, styled, tail, text, pl.lit("</t></is></c>")])
        cells.append(pl.when(value == "").then(pl.lit("")).otherwise(cell))
        unusual.append(value.str.contains(_CONTROL.pattern))
    xml = pl.concat_str([pl.lit('<row r="'), row, pl.lit('">'), *cells, pl.lit("</row>")])
    return pl.when(pl.any_horizontal(unusual)).then(None).otherwise(xml)


def _cells(values: Mapping[str, object], columns: Sequence[SheetColumn]) -> list[Cell]:
    cells: list[Cell] = []
    for col, column in enumerate(columns):
        text = str(values[column.text] or "")
        if text:
            style = Style(int(str(values[column.style] or 0))) if column.style else Style.PLAIN
            cells.append((col, neutralise(text), style))
    return cells


# The columns a roster can have, and more: a report never has more than a few dozen.
_LETTERS = [column_letter(i) for i in range(256)]


@dataclass
class _Sheet:
    name: str
    comments: list[tuple[int, int, str]] = field(default_factory=list)


class SheetWriter:
    """Rows of one sheet, written in increasing row order as they come."""

    def __init__(self, stream: IO[bytes], sheet: _Sheet) -> None:
        self._stream = stream
        self._sheet = sheet
        self._pending: list[str] = []

    def row(self, number: int, cells: Iterable[Cell]) -> None:
        """Row ``number`` (1-based, as the user sees it) with its non-blank cells, columns ascending."""
        self._pending.append(_row_xml_of(number, cells))
        if len(self._pending) >= _BLOCK:
            self._flush()

    def rows(self, table: pl.DataFrame, *, number: str, columns: Sequence[SheetColumn]) -> None:
        """Every row of ``table`` in order, at the row number in its column ``number``.

        polars builds the XML of a slice of rows at a time, column by column, every non-blank cell
        neutralised and escaped; only a row holding a character XML cannot carry is built here.
        """
        self._flush()
        expression = _row_xml(number, columns).alias("xml")
        for start in range(0, table.height, _SLICE):
            part = table.slice(start, _SLICE)
            xml = part.select(expression).get_column("xml")
            if xml.null_count():
                built = [_row_xml_of(v[number], _cells(v, columns)) for v in part.iter_rows(named=True)]
                xml = xml.fill_null(pl.Series(built, dtype=pl.String))
            self._stream.write(xml.str.join("").item().encode())

    def comment(self, number: int, col: int, text: str) -> None:
        """A note on the cell, shown when the pointer rests on it."""
        self._sheet.comments.append((number, col, text))

    def _flush(self) -> None:
        self._stream.write("".join(self._pending).encode())
        self._pending.clear()


class StreamingBook:
    """A workbook written sheet by sheet into a zip stream; nothing but the comments stays in memory."""

    def __init__(self, target: str | Path | IO[bytes]) -> None:
        # Level 1: the XML of 100,000 rows deflates to about the size XlsxWriter's does, 4 × faster than 6.
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[_Sheet] = []
        self._shape_blocks = 0  # blocks of 1024 note-shape ids used so far

    @contextmanager
    def sheet(self, name: str, *, widths: Sequence[float] = ()) -> Iterator[SheetWriter]:
        sheet = _Sheet(name)
        self._sheets.append(sheet)
        number = len(self._sheets)
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1)
        )
        with self._zip.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as stream:
            stream.write(
                f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
                f'<sheetViews><sheetView workbookViewId="0"{' tabSelected="1"' if number == 1 else ""}/>'
                f'</sheetViews><sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}'
                "<sheetData>".encode()
            )
            writer = SheetWriter(stream, sheet)
            yield writer
            writer._flush()
            legacy = '<legacyDrawing r:id="rId1"/>' if sheet.comments else ""
            stream.write(
                '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                f'footer="0.3"/>{legacy}</worksheet>'.encode()
            )
        if sheet.comments:
            self._write_comments(number, sheet.comments)

    def close(self) -> None:
        try:
            self._write_package()
        finally:
            self._zip.close()

    def _write(self, name: str, xml: str) -> None:
        self._zip.writestr(name, xml.encode())

    def _write_comments(self, number: int, comments: list[tuple[int, int, str]]) -> None:
        self._write(
            f"xl/worksheets/_rels/sheet{number}.xml.rels",
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/vmlDrawing" Target="../drawings/vmlDrawing{number}.vml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/comments" Target="../comments{number}.xml"/>'
            "</Relationships>",
        )
        entries = (
            f'<comment ref="{column_letter(col)}{row}" authorId="0"><text><r><rPr><sz val="9"/>'
            f'<color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>'
            f'<t xml:space="preserve">{_escape(text)}</t></r></text></comment>'
            for row, col, text in comments
        )
        head = (
            f'{_XML_HEAD}<comments xmlns="{_MAIN}"><authors><author>shenbao</author></authors><commentList>'
        )
        self._stream(f"xl/comments{number}.xml", head, entries, "</commentList></comments>")
        # Excel numbers note shapes in blocks of 1024, each block listed in the drawing's idmap.
        first = self._shape_blocks + 1
        self._shape_blocks += len(comments) // 1024 + 1
        blocks = ",".join(str(b) for b in range(first, self._shape_blocks + 1))
        self._stream(
            f"xl/drawings/vmlDrawing{number}.vml", _vml_head(blocks), _vml_shapes(first, comments), "</xml>"
        )

    def _stream(self, name: str, head: str, parts: Iterable[str], tail: str) -> None:
        """An entry written a block of parts at a time: 100,000 comments never sit in one string."""
        with self._zip.open(name, "w", force_zip64=True) as stream:
            stream.write(head.encode())
            block: list[str] = []
            for part in parts:
                block.append(part)
                if len(block) == _BLOCK:
                    stream.write("".join(block).encode())
                    block.clear()
            stream.write(("".join(block) + tail).encode())

    def _write_package(self) -> None:
        count = len(self._sheets)
        with_comments = [n for n, s in enumerate(self._sheets, start=1) if s.comments]
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for n in range(1, count + 1)
        ) + "".join(
            f'<Override PartName="/xl/comments{n}.xml" ContentType="{_CT}.comments+xml"/>'
            for n in with_comments
        )
        self._write(
            "[Content_Types].xml",
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>{overrides}</Types>',
        )
        self._write(
            "_rels/.rels",
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheets = "".join(
            f'<sheet name="{_escape(s.name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(self._sheets, start=1)
        )
        self._write(
            "xl/workbook.xml",
            f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets></workbook>",
        )
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        self._write(
            "xl/_rels/workbook.xml.rels",
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">{relations}'
            f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        )
        self._write("xl/styles.xml", _STYLES)


def _vml_head(blocks: str) -> str:
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
    )


def _vml_shapes(first_block: int, comments: list[tuple[int, int, str]]) -> Iterator[str]:
    """The legacy drawing Excel needs to show notes: one hidden shape per comment, anchored beside its cell."""
    for i, (row, col, _) in enumerate(comments, start=1):
        yield (
            f'<v:shape id="_x0000_s{first_block * 1024 + i}" type="#_x0000_t202" style="position:absolute;'
            'margin-left:59.25pt;margin-top:1.5pt;width:192pt;height:83.25pt;z-index:1;visibility:hidden" '
            'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{col + 1}, 15, {max(row - 2, 0)}, 10, {col + 5}, 15, {row + 4}, 1</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{col}</x:Column>"
            "</x:ClientData></v:shape>"
        )


# The five styles of Style, in its order: the colours of the XlsxWriter formats they replace.
_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><sz val="11"/><color rgb="FF9C0006"/><name val="Calibri"/><family val="2"/></font>'
    '<font><sz val="11"/><color rgb="FF9C5700"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="3" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="3" fillId="4" borderId="0" xfId="0" applyFont="1" applyFill="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
