"""Checks made before a sheet is loaded: how big it really is, whatever it declares.

python-calamine turns a sheet into a dense grid sized by its lowest and highest cell, so one
far-away cell in a tiny file (``XFD1048576``) would allocate hundreds of gigabytes. The
archive's directory gives each entry's uncompressed size, a claim refused early when it is
too big and checked against the bytes really inflated (zip_entries); the sheet itself is
scanned for far-away references before calamine sees it.
"""

from __future__ import annotations

import itertools
import queue
import re
import threading
from collections.abc import Generator
from functools import cached_property

import regex

from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheet_limits import HEADER_ALLOWANCE, Limits, UnreadableFile
from shenbao.domain.zip_entries import Entries

# A filled roster row takes well under 1 KiB of sheet XML (measured: ≈400 B with shared
# strings, ≈630 B with inline strings); more than this per allowed row is not a roster.
XML_BYTES_PER_ROW = 2048
# Deflate rarely exceeds ≈20:1 on real sheets; far beyond that on a big entry is a zip bomb.
SUSPICIOUS_RATIO = 200
SUSPICIOUS_MIN_BYTES = 50 * 1024 * 1024


# Upper-case letters become A, digits 0, the characters of t="b" and a lower-case e stay,
# everything else is a space. Two adjacent capitals then appear only in a cell reference
# beyond column Z (or in Latin text, which the exact pass clears); a digit before A or e
# in a number's exponent (or in text, likewise cleared).
_KEPT = frozenset(b'et="b')
_SHAPE = bytes.maketrans(
    bytes(range(256)),
    bytes(65 if 65 <= b <= 90 else 48 if 48 <= b <= 57 else b if b in _KEPT else 32 for b in range(256)),
)
# Patterns of the shape that only one chunk's end can cut: looked for again across it.
_EDGE = 32


class _Literal:
    """Bytes looked for in a chunk's shape with the regex module, which releases the GIL while
    it searches (``concurrent``) and finds these literals about 1.5 times as fast as ``in``.

    The scan's thread then searches while the inflating thread inflates the next chunk: with
    ``in`` they took turns (a 100,000-row sheet's scan took 0.17 s, its inflating 0.045 s).
    The few bytes around a chunk boundary are looked at with ``in``.
    """

    def __init__(self, literal: bytes) -> None:
        self.literal = literal
        self.pattern = regex.compile(regex.escape(literal))

    def within(self, shape: bytes, edge: bytes) -> bool:
        return self.literal in edge or self.pattern.search(shape, concurrent=True) is not None


class _Window:
    """One chunk and the end of the chunk before, with their shapes made once for every test.

    ``tail`` is the end of the chunk before: a reference cut in two shows in the shape of the
    few bytes either side of the cut, and the exact passes read across it (``joined``).
    """

    def __init__(self, tail: bytes, chunk: bytes) -> None:
        self.tail, self.chunk = tail, chunk
        self.shape = chunk.translate(_SHAPE)
        self.edge = (tail[-_EDGE:] + chunk[:_EDGE]).translate(_SHAPE)

    def holds(self, literal: _Literal) -> bool:
        return literal.within(self.shape, self.edge)

    @cached_property
    def joined(self) -> bytes:
        return self.tail + self.chunk


_TWO_CAPITALS = _Literal(b"AA")
_SEVEN_DIGITS = _Literal(b"0" * 7)
_SIXTEEN_DIGITS = _Literal(b"0" * 16)
_BOOLEAN_CELL = _Literal(b't="b"')
_ERROR_CELL = _Literal(b't="e"')
_DIGIT_CAPITAL = _Literal(b"0A")
_DIGIT_E = _Literal(b"0e")
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="[A-Z]+\d+:[A-Z]+(\d+)"')
_LAST_REF = re.compile(rb'<(?:row|c)\b[^>]*?\br="[A-Z]*(\d+)"')
_DEEP_REF = re.compile(rb'<(?:row|c)\b[^>]*?\br="[A-Z]*(\d{7,})"')
_COLUMN_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{2,})\d+"')
# A number cell's value in exponent form, or of sixteen digits or more.
_EXPONENT = re.compile(rb"<v>[^<]*\d[eE][+-]?\d")
_LONG_NUMBER = re.compile(rb"<v>[+-]?\d{16}")


def allowed_bytes(limits: Limits) -> int:
    """The most XML one entry may inflate to."""
    return (limits.max_rows + HEADER_ALLOWANCE) * XML_BYTES_PER_ROW


def check_entry(entries: Entries, part: str, limits: Limits, *, scan: bool, types: bool = False) -> bool:
    """Refuse an entry too big to load, or not the size it declares (every byte is inflated and
    counted); with ``scan``, one reaching too far (see _scan_sheet_xml).

    With ``types`` as well, True when the sheet holds cells only the typed reader reads right.
    """
    info = entries.archive.getinfo(part)
    allowed = allowed_bytes(limits)
    if info.file_size > SUSPICIOUS_MIN_BYTES and info.file_size > info.compress_size * SUSPICIOUS_RATIO:
        raise UnreadableFile(ProblemCode.FILE_COMPRESSION_SUSPICIOUS, detail=f"解压后 {mib(info.file_size)}")
    if info.file_size > allowed:
        raise UnreadableFile(
            ProblemCode.FILE_TOO_MANY_ROWS,
            detail=f"工作表解压后 {mib(info.file_size)}",
            limit=limits.max_rows,
        )
    if scan:
        return _scan_sheet_xml(entries, part, limits, types=types)
    entries.drain(part, limit=allowed)
    return False


def _scan_chunk(window: _Window, limits: Limits) -> None:
    """Refuse a chunk reaching too far."""
    if window.holds(_TWO_CAPITALS):
        for match in _COLUMN_REF.finditer(window.joined):
            if _column_number(match[1]) > limits.max_columns:
                raise UnreadableFile(
                    ProblemCode.FILE_TOO_MANY_COLUMNS,
                    detail=f"用到了第 {match[1].decode()} 列",
                    limit=limits.max_columns,
                )
    if window.holds(_SEVEN_DIGITS):  # perhaps a row beyond 999,999
        for match in _DEEP_REF.finditer(window.joined):
            if int(match[1]) > limits.max_rows + HEADER_ALLOWANCE:
                raise UnreadableFile(
                    ProblemCode.FILE_TOO_MANY_ROWS,
                    detail=f"用到了第 {int(match[1])} 行",
                    limit=limits.max_rows,
                )


def holds_typed_cells(entries: Entries, part: str) -> bool:
    """Whether the sheet holds cells only the typed reader reads right (see _typed_chunk).

    Not a safety check: for a big sheet it runs while fastexcel loads the sheet (see
    text_sheets.load_text_sheet); a small one is checked in the scan itself. It inflates and
    searches in one thread: it has until the load ends (with a thread to inflate ahead, the
    load took as long).
    """
    tail = b""
    for chunk in entries.stream(part, limit=entries.declared_size(part)):
        if _typed_chunk(_Window(tail, chunk)):
            return True
        tail = chunk[-8192:]
    return False


def _typed_chunk(window: _Window) -> bool:
    """Boolean cells, formula error values, or numbers a spreadsheet cannot keep exactly (16 digits or more).

    Read as text, 1.10105199001011E+17 (Excel), 1.10105199001011E17 (Apache POI),
    1.101051990010112e+17 (openpyxl) and 110105199001011000 (excelize) all become plain
    digits, and TRUE becomes "true": only their cell types tell that an ID number lost its
    last digits. A cell holding an error value (t="e", #N/A) reads as blank both ways; only the
    typed path puts it back (sheet_errors). The tests run in C on the shape; a regex confirms a number.
    """
    if window.holds(_BOOLEAN_CELL) or window.holds(_ERROR_CELL):
        return True
    if (window.holds(_DIGIT_CAPITAL) or window.holds(_DIGIT_E)) and _EXPONENT.search(window.joined):
        return True
    return window.holds(_SIXTEEN_DIGITS) and _LONG_NUMBER.search(window.joined) is not None


def _inflated(entries: Entries, part: str) -> Generator[bytes]:
    """The entry's bytes in chunks of at most 1 MiB (zip_entries.CHUNK), inflated one chunk ahead and counted
    (zip_entries: never more than the entry declares).

    A thread inflates (ISA-L runs outside the GIL) while the caller scans the chunk before,
    so the scan costs about as long as inflating alone. At most two chunks wait at a time;
    closing the generator stops the thread.
    """
    ready: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def offer(item: bytes | BaseException) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def inflate() -> None:
        try:
            # 64 KiB first: the declared dimension is in it, and a refusal comes at once.
            for chunk in entries.stream(part, limit=entries.declared_size(part), first=64 << 10):
                if not offer(chunk):
                    return
            offer(b"")
        except BaseException as exc:  # handed to the caller, which raises it
            offer(exc)

    worker = threading.Thread(target=inflate, daemon=True)
    worker.start()
    try:
        while (item := ready.get()) != b"":
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _scan_sheet_xml(entries: Entries, part: str, limits: Limits, *, types: bool) -> bool:
    """Refuse far-away cell references before calamine allocates a grid reaching them.

    calamine sizes the grid from the lowest and highest cell, wherever they appear. The scan
    reads the last reference of the sheet (rows are normally in order) and looks for any
    column beyond Z and any number of seven digits or more, which a row beyond 999,999 needs
    even out of order. Decompression and ``translate`` run in C; only a chunk with such a
    column or number pays for an exact regex pass.
    """
    tail = b""
    typed = False
    chunks = _inflated(entries, part)
    try:
        head = next(chunks, b"")
        # An honest declared size over the limit is refused at once; a lying one is caught below.
        declared = _DIMENSION.search(head)
        if declared and int(declared[1]) > limits.max_rows + HEADER_ALLOWANCE:
            raise UnreadableFile(
                ProblemCode.FILE_TOO_MANY_ROWS, detail=f"共 {int(declared[1])} 行", limit=limits.max_rows
            )
        for chunk in itertools.chain([head], chunks):
            window = _Window(tail, chunk)
            _scan_chunk(window, limits)
            typed = typed or (types and _typed_chunk(window))
            tail = (tail + chunk)[-8192:] if len(chunk) < 8192 else chunk[-8192:]
    finally:
        chunks.close()
    refs = _LAST_REF.findall(tail)
    last_row = int(refs[-1]) if refs else 0
    if last_row > limits.max_rows + HEADER_ALLOWANCE:
        raise UnreadableFile(
            ProblemCode.FILE_TOO_MANY_ROWS, detail=f"共 {last_row} 行", limit=limits.max_rows
        )
    return typed


# OpenDocument compresses runs of equal cells and rows into one element with a repeat count.
# Empty runs (LibreOffice pads every sheet to 1,048,576 rows) are harmless; a long run of
# cells with content would be expanded in full by calamine.
_ROW_REPEAT = re.compile(rb'number-rows-repeated="(\d{4,})"[^>]*>(.*?)</table:table-row>', re.DOTALL)
_CELL_REPEAT = re.compile(rb'number-columns-repeated="(\d{3,})"[^>]*?(/?)>')
_CONTENT = re.compile(rb"<text:p|office:value=")


def scan_ods_repeats(content: bytes, limits: Limits) -> None:
    for match in _CELL_REPEAT.finditer(content):
        if int(match[1]) > limits.max_columns and not match[2]:
            following = content[match.end() : match.end() + 512]
            if _CONTENT.search(following.split(b"</table:table-cell>")[0]):
                raise UnreadableFile(
                    ProblemCode.FILE_TOO_MANY_COLUMNS,
                    detail=f"共 {int(match[1])} 列",
                    limit=limits.max_columns,
                )
    for match in _ROW_REPEAT.finditer(content):
        if int(match[1]) > limits.max_rows and _CONTENT.search(match[2]):
            raise UnreadableFile(
                ProblemCode.FILE_TOO_MANY_ROWS, detail=f"共 {int(match[1])} 行", limit=limits.max_rows
            )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
