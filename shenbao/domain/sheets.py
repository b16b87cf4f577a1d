"""Read any spreadsheet an applicant sends into rows of cell values: the only module that knows file formats.

Formats are recognised by their first bytes, not their names. Limits are checked before a
sheet is loaded: python-calamine turns a sheet into a dense grid, so one far-away cell in a
tiny file (``XFD1048576``) would otherwise allocate hundreds of gigabytes.
"""

from __future__ import annotations

import codecs
import io
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheet_limits import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    HEADER_ALLOWANCE,
    MAX_COLUMNS,
    Limits,
    UnreadableFile,
    unreadable,
)
from shenbao.domain.sheet_scan import (
    SUSPICIOUS_RATIO,
    allowed_bytes,
    check_entry,
    holds_typed_cells,
    mib,
    scan_ods_repeats,
)
from shenbao.domain.xlsx_parts import xlsx_parts
from shenbao.domain.zip_entries import (
    DIRECTORY_MAX_BYTES,
    INFLATE_ERRORS,
    Entries,
    damaged,
    single_end_record,
)

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
    source: str | Path,
    *,
    limits: Limits = DEFAULT_LIMITS,
    as_text: bool = False,
    meanwhile: Callable[[], object] = lambda: None,
) -> Iterator[Sheet]:
    """Yield the sheets of a file one by one, each loaded only when asked for.

    With ``as_text``, .xlsx/.xlsm sheets are read by fastexcel straight into text columns
    (see text_sheets); a sheet holding numbers a spreadsheet rounds (1.1E+17) or booleans is
    read with its cell types instead, so the roster check can say the digits were lost.
    ``meanwhile`` is work of the caller's own (its start-up) that the main thread does while
    fastexcel loads the first such sheet, where it would otherwise wait.
    Raises UnreadableFile (before loading anything large) when the file cannot be used.
    """
    path = Path(source)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise unreadable(exc, "无法打开文件") from None
    if size == 0:
        raise UnreadableFile(ProblemCode.FILE_EMPTY)
    if size > limits.max_bytes:
        raise UnreadableFile(ProblemCode.FILE_TOO_LARGE, detail=mib(size), limit=mib(limits.max_bytes))
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        yield from _read_zip(path, limits, as_text, meanwhile)
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
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    *INFLATE_ERRORS,
    EOFError,
    OSError,
    KeyError,
    NotImplementedError,
    ValueError,
)


def _read_zip(path: Path, limits: Limits, as_text: bool, meanwhile: Callable[[], object]) -> Iterator[Sheet]:
    try:
        yield from _read_zip_unchecked(path, limits, as_text, meanwhile)
    except _ZIP_ERRORS as exc:
        raise unreadable(exc, "压缩包已损坏") from None


def _read_zip_unchecked(
    path: Path, limits: Limits, as_text: bool, meanwhile: Callable[[], object]
) -> Iterator[Sheet]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFile(ProblemCode.FILE_UNREADABLE, detail="压缩包已损坏") from None
    with archive:
        single_end_record(path)
        entries = Entries(path, archive)
        total = sum(info.file_size for info in archive.infolist())
        if total > limits.max_bytes * SUSPICIOUS_RATIO:
            raise UnreadableFile(ProblemCode.FILE_COMPRESSION_SUSPICIOUS, detail=f"解压后 {mib(total)}")
        if entries.find("_rels/.rels") is not None:
            yield from _read_xlsx(path, entries, limits, as_text, meanwhile)
        elif "content.xml" in entries.names:
            yield from _read_ods(path, entries, limits)
        else:
            raise UnreadableFile(ProblemCode.FILE_FORMAT_UNSUPPORTED, detail="不是电子表格的压缩包")


def _read_ods(path: Path, entries: Entries, limits: Limits) -> Iterator[Sheet]:
    # calamine reads these three whole when it opens the file (every sheet is in content.xml).
    for part in ("mimetype", "META-INF/manifest.xml"):
        if part in entries.names:
            entries.drain(part, limit=DIRECTORY_MAX_BYTES)
    check_entry(entries, "content.xml", limits, scan=False)
    content = entries.read("content.xml", limit=allowed_bytes(limits))
    scan_ods_repeats(content, limits)
    from shenbao.domain.sheet_errors import ods_error_cells, put_back

    errors = ods_error_cells(content, limits)
    del content
    with opened_as(path, ".ods") as named:
        workbook = _open_calamine(named)
        for index, name in enumerate(workbook.sheet_names):
            sheet = _load_sheet(workbook, index, name, limits)
            put_back(sheet.rows, errors.get(index, []))  # #N/A read as blank: see sheet_errors
            yield sheet


def _read_xlsx(
    path: Path, entries: Entries, limits: Limits, as_text: bool, meanwhile: Callable[[], object]
) -> Iterator[Sheet]:
    parts = xlsx_parts(entries)
    # calamine reads the shared strings and styles whole when it opens the workbook: they
    # are checked first, in the thread that then opens it.
    checked = [part for part in (parts.shared_strings, parts.styles) if part is not None]
    with opened_as(path, ".xlsx") as named:
        # Checking and opening the workbook (shared strings) and scanning the first sheet all
        # run mostly outside the GIL: overlap them. The sheet is loaded only after its scan.
        first = parts.sheets[0][1] if parts.sheets else None
        scanned: dict[str, bool] = {}
        opened: list[_Workbook | BaseException] = []
        before = partial(_check_entries, entries, checked, limits)
        opening = threading.Thread(target=_open_into, args=(named, opened, as_text, before))
        opening.start()
        try:
            if first is not None:
                scanned[first] = check_entry(
                    entries, first, limits, scan=True, types=as_text and _small(entries, first)
                )
        except UnreadableFile:
            opening.join()
            if isinstance(opened[0], UnreadableFile):
                raise opened[0] from None  # the parts read first are refused first, as before
            raise
        finally:
            opening.join()
        if isinstance(opened[0], BaseException):
            raise opened[0]
        workbook = opened[0]
        if workbook.sheet_names != parts.sheet_names:
            raise damaged(
                "workbook.xml",
                f"calamine lists {len(workbook.sheet_names)} sheets, the XML {len(parts.sheets)}",
            )
        typed: _Workbook | None = None if as_text else workbook
        for index, (name, part) in enumerate(parts.sheets):
            if part is None:
                continue  # calamine cannot find it either
            small = as_text and _small(entries, part)
            if part not in scanned:
                scanned[part] = check_entry(entries, part, limits, scan=True, types=small)
            if as_text and not scanned[part]:
                from shenbao.domain.text_sheets import load_text_sheet

                # A big sheet's cell types are looked at while fastexcel loads it, then the
                # caller's own work is done (once).
                later = _nothing if small else partial(holds_typed_cells, entries, part)
                later, meanwhile = partial(_then, later, meanwhile), _nothing
                sheet, needs_types = load_text_sheet(workbook.book, index, name, limits, meanwhile=later)
                if not needs_types:
                    yield sheet
                    continue
                del sheet
            typed = typed or _open_calamine(named)
            sheet = _load_sheet(typed, index, name, limits)
            from shenbao.domain.sheet_errors import put_back, xlsx_error_cells

            # The readers give a formula's error value (#N/A) as blank: see sheet_errors.
            put_back(sheet.rows, xlsx_error_cells(entries.stream(part, limit=allowed_bytes(limits))))
            yield sheet


# Up to this much sheet XML, cell types are looked at in the scan before loading (≈3 ns a
# byte on top of it); beyond, in a pass of their own while fastexcel loads the sheet (≈8 ns
# a byte, hidden by the load's ≈20 ns a byte and by importing polars).
TYPES_IN_SCAN = 16 << 20


def _nothing() -> bool:
    return False


def _then(first: Callable[[], bool], then: Callable[[], object]) -> bool:
    said = first()
    then()
    return said


def _small(entries: Entries, part: str) -> bool:
    return entries.declared_size(part) <= TYPES_IN_SCAN


# -- xls (and encrypted Office files, which are OLE containers too) -------------------------------


def _read_ole(path: Path, limits: Limits) -> Iterator[Sheet]:
    # Imported here: `shenbao check` of an .xlsx starts without them (bench/README.md).
    from shenbao.domain.compound_file import workbook_stream
    from shenbao.domain.sheet_errors import ErrorCell, put_back, xls_error_cells, xls_may_hold_errors
    from shenbao.domain.xls_scan import scan_workbook_stream

    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise UnreadableFile(ProblemCode.FILE_ENCRYPTED)
    # calamine parses every sheet into its grid when it opens the file: the cells' extent is
    # checked on the stream it will parse first (see xls_scan).
    stream = workbook_stream(data)
    del data
    scan_workbook_stream(stream, limits)
    kept = stream if xls_may_hold_errors(stream) else None  # the readers give #N/A as blank: see sheet_errors
    del stream
    with opened_as(path, ".xls") as named:
        workbook = _open_calamine(named)
        errors: dict[str, list[ErrorCell]] | None = None
        for index, name in enumerate(workbook.sheet_names):
            sheet = _load_sheet(workbook, index, name, limits)
            if kept is not None:
                errors = xls_error_cells(kept) if errors is None else errors
                put_back(sheet.rows, errors.get(name, []))
            yield sheet


@contextmanager
def opened_as(path: Path, suffix: str) -> Iterator[Path]:
    """``path`` under a name ending in ``suffix``: calamine picks its reader by the extension
    (and tries every reader on an unknown one), so it must read the format that was checked."""
    if path.suffix == suffix:
        yield path
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="shenbao-") as folder:
        named = Path(folder) / f"workbook{suffix}"
        named.symlink_to(
            path.absolute()
        )  # not resolve(): /proc/self/fd/N (storage.plain_copy) must stay a link
        yield named


# -- calamine --------------------------------------------------------------------------------------


def _open_calamine(path: Path) -> _Workbook:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        return _Workbook(CalamineWorkbook.from_path(str(path)))
    except PasswordError:
        raise UnreadableFile(ProblemCode.FILE_ENCRYPTED) from None
    except Exception as exc:  # calamine raises a handful of unrelated types for corrupt files
        raise unreadable(exc, "无法打开工作簿") from None


def _check_entries(entries: Entries, parts: list[str], limits: Limits) -> None:
    for part in parts:
        check_entry(entries, part, limits, scan=False)


def _open_into(
    path: Path, opened: list[_Workbook | BaseException], as_text: bool, before: Callable[[], None]
) -> None:
    """Run ``before`` (the checks of the parts calamine reads on opening), then open the workbook;
    what it gives, or raises, is put in ``opened`` for the main thread."""
    from shenbao.domain.text_sheets import open_text_reader

    try:
        before()
        opened.append(_Workbook(open_text_reader(path)) if as_text else _open_calamine(path))
    except Exception as exc:  # a damaged zip raises zlib.error or OSError too: see _read_zip
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
        raise unreadable(exc, "无法读取工作表") from None
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
        raise unreadable(exc, "工作表内容无法解析") from None
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
        raise unreadable(exc, "CSV 文件格式有误") from None
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
