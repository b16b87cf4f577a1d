"""Read any spreadsheet an applicant sends into rows of cell values: the only module that knows file formats.

Formats are recognised by their first bytes, not their names. Limits are checked before a
sheet is loaded: python-calamine turns a sheet into a dense grid, so one far-away cell in a
tiny file (``XFD1048576``) would otherwise allocate hundreds of gigabytes.
"""

from __future__ import annotations

import codecs
import io
import re
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheet_errors import (
    ErrorCell,
    ods_error_cells,
    put_back,
    xls_error_cells,
    xls_may_hold_errors,
    xlsx_error_cells,
)
from shenbao.domain.sheet_limits import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    HEADER_ALLOWANCE,
    MAX_COLUMNS,
    Limits,
    UnreadableFile,
    brief,
)
from shenbao.domain.sheet_scan import SUSPICIOUS_RATIO, check_entry, holds_typed_cells, mib, scan_ods_repeats

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ROWS",
    "HEADER_ALLOWANCE",
    "MAX_COLUMNS",
    "Limits",
    "Sheet",
    "UnreadableFile",
    "decode_text",
    "read_buffer",
    "read_sheets",
]

Cell = object  # str, int, float, bool, date, datetime, time or timedelta; "" when empty


@dataclass(slots=True)
class Sheet:
    """One sheet's cells; rows[i] is spreadsheet row i + 1 as the user sees it.

    A sheet read ``as_text`` may instead come as ``text``: every cell as text in a polars
    DataFrame (row i is spreadsheet row i + 1), with only the first rows in ``rows``.
    """

    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    text: pl.DataFrame | None = None


def read_sheets(
    source: str | Path, *, limits: Limits = DEFAULT_LIMITS, as_text: bool = False
) -> Iterator[Sheet]:
    """Yield the sheets of a file one by one, each loaded only when asked for.

    With ``as_text``, .xlsx/.xlsm sheets are read by fastexcel straight into text columns
    (see text_sheets); a sheet holding numbers a spreadsheet rounds (1.1E+17) or booleans is
    read with its cell types instead, so the roster check can say the digits were lost.
    Raises UnreadableFile (before loading anything large) when the file cannot be used.
    """
    path = Path(source)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=exc.strerror or "无法打开") from None
    if size == 0:
        raise UnreadableFile(ProblemCode.FILE_EMPTY)
    if size > limits.max_bytes:
        raise UnreadableFile(ProblemCode.FILE_TOO_LARGE, detail=mib(size), limit=mib(limits.max_bytes))
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        yield from _read_zip(path, limits, as_text)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        yield from _read_ole(path, limits)
    elif path.suffix.lower() in {".csv", ".txt"} or _looks_like_text(path):
        yield _read_csv(path, limits)
    else:
        raise UnreadableFile(
            ProblemCode.FILE_FORMAT_UNSUPPORTED, detail=f"{path.suffix or '无扩展名'}，内容不是电子表格"
        )


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    return b"\x00" not in sample or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


# -- xlsx / xlsm / ods ---------------------------------------------------------------------------


# What a damaged archive raises while its entries are read: bad headers, bad CRC, a truncated
# or invalid deflate stream, an unsupported compression method.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, NotImplementedError, ValueError)


def _read_zip(path: Path, limits: Limits, as_text: bool) -> Iterator[Sheet]:
    try:
        yield from _read_zip_unchecked(path, limits, as_text)
    except _ZIP_ERRORS as exc:
        raise UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=f"压缩包已损坏：{brief(exc)}") from None


def _read_zip_unchecked(path: Path, limits: Limits, as_text: bool) -> Iterator[Sheet]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFile(ProblemCode.FILE_UNREADABLE, detail="压缩包已损坏") from None
    with archive:
        names = set(archive.namelist())
        ods_errors: dict[int, list[ErrorCell]] = {}
        total = sum(info.file_size for info in archive.infolist())
        if total > limits.max_bytes * SUSPICIOUS_RATIO:
            raise UnreadableFile(ProblemCode.FILE_COMPRESSION_SUSPICIOUS, detail=f"解压后 {mib(total)}")
        if "xl/workbook.xml" in names:
            sheet_parts = _xlsx_sheet_parts(archive)
            if "xl/sharedStrings.xml" in names:  # calamine reads it whole when opening the workbook
                check_entry(archive, "xl/sharedStrings.xml", limits, scan=False)
        elif "content.xml" in names:
            sheet_parts = None  # ods keeps every sheet in content.xml
            check_entry(archive, "content.xml", limits, scan=False)
            content = archive.read("content.xml")
            scan_ods_repeats(content, limits)
            ods_errors = ods_error_cells(content, limits)
            del content
        else:
            raise UnreadableFile(ProblemCode.FILE_FORMAT_UNSUPPORTED, detail="不是电子表格的压缩包")
        # Opening the workbook (shared strings) and scanning the first sheet both run mostly
        # outside the GIL: overlap them. The sheet itself is loaded only after its scan.
        as_text = as_text and sheet_parts is not None
        first = sheet_parts[0] if sheet_parts else None
        scanned: dict[str, bool] = {}
        opened: list[_Workbook | UnreadableFile] = []
        opening = threading.Thread(target=_open_into, args=(path, opened, as_text))
        opening.start()
        try:
            if first is not None and first in names:
                scanned[first] = check_entry(
                    archive, first, limits, scan=True, types=as_text and _small(archive, first)
                )
        finally:
            opening.join()
        if isinstance(opened[0], UnreadableFile):
            raise opened[0]
        workbook = opened[0]
        typed: _Workbook | None = None if as_text else workbook
        for index, name in enumerate(workbook.sheet_names):
            part = None
            if sheet_parts is not None:
                part = sheet_parts[index] if index < len(sheet_parts) else None
                if part is None or part not in names:
                    continue
                small = as_text and _small(archive, part)
                if part not in scanned:
                    scanned[part] = check_entry(archive, part, limits, scan=True, types=small)
                if as_text and not scanned[part]:
                    from shenbao.domain.text_sheets import load_text_sheet

                    # A big sheet's cell types are looked at while fastexcel loads it.
                    later = _nothing if small else partial(holds_typed_cells, archive, part)
                    sheet, needs_types = load_text_sheet(workbook.book, index, name, limits, meanwhile=later)
                    if not needs_types:
                        yield sheet
                        continue
                    del sheet
            typed = typed or _open_calamine(path)
            sheet = _load_sheet(typed, index, name, limits)
            # The readers give a formula's error value (#N/A) as blank: see sheet_errors.
            put_back(sheet.rows, xlsx_error_cells(archive, part) if part else ods_errors.get(index, []))
            yield sheet


# Up to this much sheet XML, cell types are looked at in the scan before loading (≈3 ns a
# byte on top of it); beyond, in a pass of their own while fastexcel loads the sheet (≈8 ns
# a byte, hidden by the load's ≈20 ns a byte and by importing polars).
TYPES_IN_SCAN = 16 << 20


def _nothing() -> bool:
    return False


def _small(archive: zipfile.ZipFile, part: str) -> bool:
    return archive.getinfo(part).file_size <= TYPES_IN_SCAN


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> list[str | None]:
    """Archive paths of the worksheets, in the workbook's sheet order."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        raise UnreadableFile(ProblemCode.FILE_UNREADABLE, detail="缺少工作簿目录") from None
    targets: dict[str, str] = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        rel_id = re.search(r'\bId="([^"]*)"', tag)
        target = re.search(r'\bTarget="([^"]*)"', tag)
        if rel_id and target:
            value = target[1]
            targets[rel_id[1]] = value.lstrip("/") if value.startswith("/") else "xl/" + value
    parts: list[str | None] = []
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        rel_id = re.search(r'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', tag)
        key = (rel_id[1] or rel_id[2]) if rel_id else None
        parts.append(targets.get(key) if key else None)
    return parts


# -- xls (and encrypted Office files, which are OLE containers too) -------------------------------


def _read_ole(path: Path, limits: Limits) -> Iterator[Sheet]:
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise UnreadableFile(ProblemCode.FILE_ENCRYPTED)
    may_hold_errors = xls_may_hold_errors(data)
    del data
    workbook = _open_calamine(path)
    errors: dict[str, list[ErrorCell]] | None = None
    for index, name in enumerate(workbook.sheet_names):
        sheet = _load_sheet(workbook, index, name, limits)
        if may_hold_errors:  # the readers give #N/A as blank: see sheet_errors
            errors = xls_error_cells(path) if errors is None else errors
            put_back(sheet.rows, errors.get(name, []))
        yield sheet


# -- calamine --------------------------------------------------------------------------------------


def _open_calamine(path: Path) -> _Workbook:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        return _Workbook(CalamineWorkbook.from_path(str(path)))
    except PasswordError:
        raise UnreadableFile(ProblemCode.FILE_ENCRYPTED) from None
    except Exception as exc:  # calamine raises a handful of unrelated types for corrupt files
        raise UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=brief(exc)) from None


def _open_into(path: Path, opened: list[_Workbook | UnreadableFile], as_text: bool) -> None:
    from shenbao.domain.text_sheets import open_text_reader

    try:
        opened.append(_Workbook(open_text_reader(path)) if as_text else _open_calamine(path))
    except UnreadableFile as exc:
        opened.append(exc)


class _Workbook:
    def __init__(self, workbook: object) -> None:
        self.book = workbook
        self.sheet_names: list[str] = list(workbook.sheet_names)  # type: ignore[attr-defined]


def _load_sheet(workbook: _Workbook, index: int, name: str, limits: Limits) -> Sheet:
    from python_calamine import PasswordError

    try:
        sheet = workbook.book.get_sheet_by_index(index)  # type: ignore[attr-defined]
    except PasswordError:
        raise UnreadableFile(ProblemCode.FILE_ENCRYPTED) from None
    except Exception as exc:
        raise UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=brief(exc)) from None
    end = sheet.end
    if end is None:
        return Sheet(name)
    height, width = end[0] + 1, end[1] + 1
    if height > limits.max_rows + HEADER_ALLOWANCE:
        raise UnreadableFile(ProblemCode.FILE_TOO_MANY_ROWS, detail=f"共 {height} 行", limit=limits.max_rows)
    if width > limits.max_columns:
        raise UnreadableFile(
            ProblemCode.FILE_TOO_MANY_COLUMNS, detail=f"共 {width} 列", limit=limits.max_columns
        )
    try:
        rows: list[list[Cell]] = sheet.to_python(skip_empty_area=False)
    except Exception as exc:
        raise UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=brief(exc)) from None
    return Sheet(name, rows)


# -- csv -------------------------------------------------------------------------------------------


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030; never a silent wrong guess."""
    if raw.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(ProblemCode.FILE_ENCODING_UNKNOWN)


def _read_csv(path: Path, limits: Limits) -> Sheet:
    import csv

    text = decode_text(path.read_bytes())
    if "\x00" in text:
        raise UnreadableFile(ProblemCode.FILE_ENCODING_UNKNOWN)
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max(",\t;", key=first_line.count) if first_line else ","
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            if len(rows) >= limits.max_rows + HEADER_ALLOWANCE:
                raise UnreadableFile(
                    ProblemCode.FILE_TOO_MANY_ROWS, detail=f"超过 {len(rows)} 行", limit=limits.max_rows
                )
            if len(record) > limits.max_columns:
                raise UnreadableFile(
                    ProblemCode.FILE_TOO_MANY_COLUMNS, detail=f"共 {len(record)} 列", limit=limits.max_columns
                )
            rows.append(list(record))
    except csv.Error as exc:
        raise UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=brief(exc)) from None
    if not any(any(str(cell).strip() for cell in row) for row in rows[:HEADER_ALLOWANCE]):
        raise UnreadableFile(ProblemCode.FILE_EMPTY)
    return Sheet(path.stem, rows)


def read_buffer(buffer: BinaryIO, *, suffix: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[Sheet]:
    """Like read_sheets for an uploaded file object: spooled to a temporary file first."""
    import shutil
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        shutil.copyfileobj(buffer, handle)
        handle.flush()
        yield from read_sheets(handle.name, limits=limits)
